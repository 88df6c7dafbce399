/**
 * One table of launch-failure patterns, read by the watcher (is it fatal?) and the diagnosis
 * (what is the cause and the remedy?). Patterns come from the EC2 Auto Scaling troubleshooting
 * pages, EC2 state reasons and public reports (shared/reference/aws-domain.md §2).
 * Pure: the watch, the verdict and the diagnosis all read it downward.
 */
import type { RootCause } from './causes.js'
import type { FailurePattern } from './watch.js'

export const FAILURE_PATTERNS: FailurePattern[] = [
  {
    id: 'kms-invalid-key',
    pattern: /(Client\.InvalidKMSKey\.[A-Za-z]+)/,
    kind: 'fatal',
    rootCause: 'key-check',
    remedy: 'Let the Auto Scaling service-linked role use the key (see the key findings).'
  },
  {
    // EC2's own wording when the launching principal cannot use the key: seen where nodes are not
    // launched by Auto Scaling (EKS Auto Mode, Karpenter), and in EC2's state reasons generally.
    id: 'kms-inaccessible-key',
    pattern: /encrypted with an inaccessible AWS KMS key/i,
    code: 'InaccessibleKMSKey',
    kind: 'fatal',
    rootCause: 'key-check',
    remedy:
      'The principal that launched the instance cannot use the key. For a managed node group that is the Auto Scaling service-linked role (see the key findings). Nodes launched by EKS Auto Mode need the key to let the cluster IAM role use it and create grants for AWS resources; nodes launched by Karpenter need it for the Karpenter controller role (kms:ViaService ec2.<region>.amazonaws.com with kms:CallerAccount is the documented form).'
  },
  {
    id: 'client-error-on-launch',
    pattern: /(Client\.InternalError): Client error on launch/,
    kind: 'fatal',
    rootCause: 'key-check',
    remedy: 'Usually the service-linked role cannot use the EBS KMS key (see the key findings).'
  },
  {
    id: 'snapshot-not-found',
    pattern: /(Client\.InvalidSnapshot\.NotFound)/,
    kind: 'fatal',
    rootCause: 'launch-template-invalid',
    remedy: 'Point the block device mapping at an existing snapshot, or remove SnapshotId.'
  },
  {
    id: 'ami-not-found',
    pattern: /(?:The (?:AMI|image) ID '?\[?[\w-]+\]?'? does not exist|(InvalidAMIID\.[A-Za-z]+))/i,
    code: 'InvalidAMIID.NotFound',
    kind: 'fatal',
    rootCause: 'launch-template-invalid',
    remedy: 'Use an AMI that exists in this Region and is shared with this account.'
  },
  {
    id: 'ami-architecture',
    pattern: /architecture .* does not match the architecture/i,
    code: 'InvalidParameterValue',
    kind: 'fatal',
    rootCause: 'launch-template-invalid',
    remedy: 'Use an instance type of the AMI architecture (e.g. t4g for arm64, t3 for x86_64).'
  },
  {
    id: 'security-group-not-found',
    pattern: /security group .* does not exist|(InvalidGroup\.NotFound)/i,
    code: 'InvalidGroup.NotFound',
    kind: 'fatal',
    rootCause: 'launch-template-invalid',
    remedy: 'Reference security groups that exist in the node group VPC.'
  },
  {
    id: 'key-pair-not-found',
    pattern: /key pair .* does not exist|(InvalidKeyPair\.NotFound)/i,
    code: 'InvalidKeyPair.NotFound',
    kind: 'fatal',
    rootCause: 'launch-template-invalid',
    remedy: 'Reference an existing EC2 key pair, or none.'
  },
  {
    id: 'instance-profile',
    pattern: /Invalid IAM Instance Profile|(IamInstanceProfile[\w.]*NotFound)/i,
    code: 'InvalidParameterValue',
    kind: 'transient',
    threshold: 3,
    rootCause: 'launch-template-invalid',
    remedy: 'Check the instance profile; a new profile can take a minute to become usable.'
  },
  {
    id: 'launch-template-invalid',
    pattern:
      /You must use a valid fully-formed launch template|(InvalidLaunchTemplate(?:Id|Name)\.[A-Za-z]+)|(InvalidUserData\.Malformed)|Invalid device name|parameter virtualName is invalid|EBS block device mappings not supported|(InvalidBlockDeviceMapping)/i,
    code: 'InvalidLaunchTemplate',
    kind: 'fatal',
    rootCause: 'launch-template-invalid',
    remedy: 'Fix the launch template; see the activity message for the field.'
  },
  {
    id: 'not-authorized',
    pattern:
      /You are not authorized|(UnauthorizedOperation)|(AuthFailure[\w.]*)|not authorized to perform/i,
    code: 'UnauthorizedOperation',
    kind: 'fatal',
    rootCause: 'launch-template-invalid',
    remedy:
      'Allow the Auto Scaling service-linked role (or the caller) what the message names, e.g. iam:PassRole or ec2:RunInstances.'
  },
  {
    id: 'unsupported-configuration',
    pattern:
      /The requested configuration is currently not supported|is not supported in your requested Availability Zone|Placement groups may not be used|(InvalidFleetConfiguration)/i,
    code: 'Unsupported',
    kind: 'fatal',
    rootCause: 'launch-template-invalid',
    remedy: 'Choose an instance type and subnets (Availability Zones) that support each other.'
  },
  {
    id: 'quota',
    pattern:
      /(VcpuLimitExceeded)|instance\(s\) are already running|(InstanceLimitExceeded)|quota for maximum Fleet Requests|(MaxSpotInstanceCountExceeded)|(Client\.VolumeLimitExceeded)|Volume limit exceeded/i,
    code: 'VcpuLimitExceeded',
    kind: 'transient',
    threshold: 6,
    rootCause: 'instance-quota-exceeded',
    remedy: 'Request a higher EC2 quota (Service Quotas) or lower the desired size.'
  },
  {
    id: 'capacity',
    pattern:
      /(InsufficientInstanceCapacity)|do not have sufficient .* capacity|There is no Spot capacity|(UnfulfillableCapacity)|(InsufficientFreeAddressesInSubnet)|(Server\.InsufficientInstanceCapacity)/i,
    code: 'InsufficientInstanceCapacity',
    kind: 'transient',
    threshold: 12,
    rootCause: 'capacity-unavailable',
    remedy:
      'Allow more instance types or Availability Zones; capacity usually returns within minutes.'
  },
  {
    id: 'ec2-transient',
    pattern:
      /(Server\.InternalError)|(RequestLimitExceeded)|AMI .* is pending|The requested Availability Zone is no longer supported/i,
    code: 'Server.InternalError',
    kind: 'transient',
    threshold: 8,
    rootCause: 'unknown',
    remedy: 'Usually passes by itself; retry the deployment if it persists.'
  }
]

export interface Classification {
  pattern: FailurePattern
  code: string
}

/** Classifies an activity or health-issue message; undefined when no pattern applies. */
export function classifyMessage(message: string): Classification | undefined {
  for (const pattern of FAILURE_PATTERNS) {
    const match = pattern.pattern.exec(message)
    if (match) {
      const captured = match.slice(1).find(Boolean)
      return { pattern, code: captured ?? pattern.code ?? pattern.id }
    }
  }
  return undefined
}

/** Messages of failed activities we do not recognise: repeated, they fail the run as `unknown`. */
export const UNRECOGNISED_FAILURE: FailurePattern = {
  id: 'unrecognised',
  pattern: /.*/,
  kind: 'transient',
  threshold: 3,
  rootCause: 'unknown',
  remedy: 'Read the activity message; it matched no known pattern.'
}

/** EKS node group health-issue codes (NodegroupIssueCode) and the cause each names. */
export const HEALTH_ISSUE_CAUSES: Record<string, RootCause> = {
  InstanceLimitExceeded: 'instance-quota-exceeded',
  InsufficientFreeAddresses: 'capacity-unavailable',
  Ec2LaunchTemplateNotFound: 'launch-template-invalid',
  Ec2LaunchTemplateInvalidConfiguration: 'launch-template-invalid',
  Ec2LaunchTemplateVersionMismatch: 'launch-template-invalid',
  Ec2SecurityGroupNotFound: 'launch-template-invalid',
  Ec2SubnetInvalidConfiguration: 'launch-template-invalid',
  Ec2SubnetNotFound: 'launch-template-invalid',
  AmiIdNotFound: 'launch-template-invalid',
  Ec2InstanceTypeDoesNotExist: 'launch-template-invalid',
  IamInstanceProfileNotFound: 'launch-template-invalid',
  IamNodeRoleNotFound: 'launch-template-invalid',
  AutoScalingGroupNotFound: 'nodegroup-create-failed',
  NodeCreationFailure: 'nodegroup-create-failed'
}
