/**
 * The verify mode's statements: reads only, each scoped to this account where IAM allows it.
 * deploy starts from them, so the Auto Scaling role's ARN pattern lives here too.
 */
import type { Permission, PermissionTarget } from './permission-types.js'

const SERVICE_LINKED_ROLE = 'AWSServiceRoleForAutoScaling'

export function autoscalingRoleArns(target: PermissionTarget): string {
  // The default role and custom-suffix variants (AWSServiceRoleForAutoScaling_<suffix>).
  return `arn:${target.partition}:iam::${target.account}:role/aws-service-role/autoscaling.amazonaws.com/${SERVICE_LINKED_ROLE}*`
}

/** Karpenter and EKS Auto Mode: their instances, Karpenter's templates and role, the role's IAM side. */
function launcherPermissions(target: PermissionTarget): Permission[] {
  const { partition, account } = target
  return [
    {
      purpose:
        'Karpenter and EKS Auto Mode: the instances they launch (found by their tags; a KMS failure is an instance terminated with its state reason) and Karpenter’s launch templates (the EBS key it really uses). IAM cannot scope either to a resource.',
      statement: {
        Sid: 'LaunchersEc2Read',
        Effect: 'Allow',
        Action: ['ec2:DescribeInstances', 'ec2:DescribeLaunchTemplates'],
        Resource: '*'
      }
    },
    {
      purpose:
        'Karpenter’s controller role, from the cluster’s Pod Identity associations (not needed when karpenter-role-arn is set).',
      statement: {
        Sid: 'LaunchersPodIdentityRead',
        Effect: 'Allow',
        Action: ['eks:ListPodIdentityAssociations', 'eks:DescribePodIdentityAssociation'],
        Resource: [
          `arn:${partition}:eks:*:${account}:cluster/*`,
          `arn:${partition}:eks:*:${account}:podidentityassociation/*`
        ]
      }
    },
    {
      purpose:
        'When a key policy leaves a launcher’s role to IAM (the account root statement): whether the role’s own IAM policies let it use the key, simulated by IAM over every policy attached to it.',
      statement: {
        Sid: 'LauncherRoleSimulate',
        Effect: 'Allow',
        Action: ['iam:SimulatePrincipalPolicy'],
        Resource: `arn:${partition}:iam::${account}:role/*`
      }
    }
  ]
}

export function verifyPermissions(target: PermissionTarget): Permission[] {
  const { partition, account } = target
  return [
    {
      purpose:
        'The cluster, its node groups (status, health, Auto Scaling groups, launch template), and — for the day-2 checks — updates and add-ons. Scoped to this account.',
      statement: {
        Sid: 'EksRead',
        Effect: 'Allow',
        Action: [
          'eks:DescribeCluster',
          'eks:ListNodegroups',
          'eks:DescribeNodegroup',
          'eks:ListUpdates',
          'eks:DescribeUpdate',
          'eks:ListAddons',
          'eks:DescribeAddon'
        ],
        Resource: [
          `arn:${partition}:eks:*:${account}:cluster/*`,
          `arn:${partition}:eks:*:${account}:nodegroup/*`,
          `arn:${partition}:eks:*:${account}:addon/*`
        ]
      }
    },
    {
      purpose:
        'Reads that IAM cannot scope to a resource: add-on versions, Auto Scaling groups and their scaling activities (the launch failures), launch template versions (the EBS key), the AMI and its snapshots (the key an encrypted AMI’s volumes are created from), and the account’s EBS encryption-by-default settings.',
      statement: {
        Sid: 'ReadsWithoutResourceScope',
        Effect: 'Allow',
        Action: [
          'eks:DescribeAddonVersions',
          'autoscaling:DescribeAutoScalingGroups',
          'autoscaling:DescribeScalingActivities',
          'ec2:DescribeLaunchTemplateVersions',
          'ec2:DescribeImages',
          'ec2:DescribeSnapshots',
          'ec2:GetEbsEncryptionByDefault',
          'ec2:GetEbsDefaultKmsKeyId'
        ],
        Resource: '*'
      }
    },
    {
      purpose:
        'Each key’s state, spec and manager, and the grants the Auto Scaling role holds on it. Any account: a node group may use another account’s key, and both calls work across accounts when that key’s policy allows them too. The EC2 Auto Scaling guide’s cross-account key policy allows DescribeKey but not ListGrants: the run then says so, judges the grant by the launches, and deploy creates its named grant anyway (KMS returns the same grant again).',
      statement: {
        Sid: 'KmsReadAnyAccount',
        Effect: 'Allow',
        Action: ['kms:DescribeKey', 'kms:ListGrants'],
        Resource: `arn:${partition}:kms:*:*:key/*`
      }
    },
    {
      purpose:
        'The key policy, to decide whether it lets the Auto Scaling role use the key. GetKeyPolicy does not work across accounts, so this account’s keys only.',
      statement: {
        Sid: 'KmsReadKeyPolicy',
        Effect: 'Allow',
        Action: ['kms:GetKeyPolicy'],
        Resource: `arn:${partition}:kms:*:${account}:key/*`
      }
    },
    ...launcherPermissions(target),
    {
      purpose: 'Whether the Auto Scaling service-linked role exists, and its exact ARN.',
      statement: {
        Sid: 'AutoScalingRoleRead',
        Effect: 'Allow',
        Action: ['iam:GetRole'],
        Resource: autoscalingRoleArns(target)
      }
    }
  ]
}
