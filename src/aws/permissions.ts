/**
 * The least-privilege IAM identity policies of the role the action runs as, one per mode, as data.
 * This is the single source of truth: docs/setup.md, the Terraform example's JSON policies
 * (`npm run permissions` writes them) and the simulator's enforcement in the tests all come from
 * here, and a unit test fails when the code calls an AWS action that no mode allows.
 *
 * - `check` reads Terraform only and needs no AWS permission at all.
 * - `verify` reads; it never writes.
 * - `deploy` adds the two writes that fix a key (the key policy, or a grant on another account's
 *   key) and the creation of the Auto Scaling service-linked role on a fresh account.
 * - `command` (deploy only) runs under the same credentials, so that role also needs whatever the
 *   command itself does — for `terraform apply`, Terraform's own permissions for everything the
 *   configuration manages (and its state backend). Those are not listed here; see
 *   {@link COMMAND_PERMISSIONS}.
 *
 * Pure data and functions, no SDK import: the CLI, the docs generator and the tests load it cheaply.
 */
import { GRANT_OPERATIONS } from '../model/index.js'

export type PermissionMode = 'verify' | 'deploy'

export type ConditionBlock = Record<string, Record<string, string | string[] | boolean>>

export interface IamStatement {
  Sid: string
  Effect: 'Allow' | 'Deny'
  Action: string[]
  Resource: string | string[]
  Condition?: ConditionBlock
}

export interface PolicyDocument {
  Version: '2012-10-17'
  Statement: IamStatement[]
}

/** One statement and why the action needs it. */
export interface Permission {
  statement: IamStatement
  purpose: string
}

/**
 * How far `kms:PutKeyPolicy` reaches. `account` (the default): every key of the account — KMS's
 * lockout check and the key policy's own root statement still apply. `tag`: only keys that carry
 * the tag (attribute-based access control, `aws:ResourceTag/<key>`). `keys`: only these key ARNs.
 */
export type PutKeyPolicyScope =
  | { kind: 'account' }
  | { kind: 'tag'; tagKey: string; tagValue: string }
  | { kind: 'keys'; keyArns: string[] }

export interface PermissionTarget {
  /** `aws`, `aws-cn`, `aws-us-gov`, … (or a template placeholder such as `${partition}`). */
  partition: string
  /** The account the role lives in (or a template placeholder such as `${account_id}`). */
  account: string
  putKeyPolicy?: PutKeyPolicyScope
}

/** The tag convention the Terraform example offers for narrowing `kms:PutKeyPolicy`. */
export const KEY_POLICY_TAG = { tagKey: 'eks-kms-guard', tagValue: 'managed' } as const

/** AWS calls the action makes that no IAM policy governs. */
export const NO_PERMISSION_NEEDED: Record<string, string> = {
  'sts:GetCallerIdentity':
    'Who am I (account and partition). No permission is required to perform this operation, and an explicit deny cannot stop it.'
}

/**
 * Actions granted ahead of the code that calls them. Empty: the day-2 reads (eks:ListUpdates,
 * eks:DescribeUpdate, eks:ListAddons, eks:DescribeAddon, eks:DescribeAddonVersions) granted ahead
 * of issue 16 are now called by src/watch (reads.ts, addons.ts).
 */
export const GRANTED_AHEAD: Record<string, string> = {}

export const COMMAND_PERMISSIONS =
  "`command` runs with the guard's credentials: the deploy role then also needs what the command does. For `terraform apply` that is Terraform's own permissions — everything the configuration creates, changes or destroys, plus its state backend (e.g. the S3 bucket and lock) — which no generic policy can list. Either give the deploy role those permissions, or keep the guard's role small and run Terraform in a separate step with its own role, with the guard in `verify` mode watching."

const SERVICE_LINKED_ROLE = 'AWSServiceRoleForAutoScaling'

function autoscalingRoleArns(target: PermissionTarget): string {
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

function verifyPermissions(target: PermissionTarget): Permission[] {
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

function putKeyPolicyPermission(target: PermissionTarget): Permission {
  const scope = target.putKeyPolicy ?? { kind: 'account' }
  const statement: IamStatement = {
    Sid: 'KmsWriteKeyPolicy',
    Effect: 'Allow',
    Action: ['kms:PutKeyPolicy'],
    Resource:
      scope.kind === 'keys'
        ? scope.keyArns
        : `arn:${target.partition}:kms:*:${target.account}:key/*`
  }
  let narrowing = ''
  if (scope.kind === 'tag') {
    // KMS supports aws:ResourceTag/<key> in IAM policies to control access to a key by its tags
    // (https://docs.aws.amazon.com/kms/latest/developerguide/tag-authorization.html); tag changes
    // can take up to five minutes to affect authorization, and whoever may tag keys then decides
    // which keys the guard may write.
    statement.Condition = { StringEquals: { [`aws:ResourceTag/${scope.tagKey}`]: scope.tagValue } }
    narrowing = ` Narrowed to keys tagged ${scope.tagKey}=${scope.tagValue}; a key without the tag is reported, never written.`
  } else if (scope.kind === 'keys') {
    narrowing = ' Narrowed to the listed keys.'
  }
  return {
    purpose: `Add the missing Auto Scaling statements to a customer-managed key policy of this account (PutKeyPolicy cannot work across accounts). The key policy must also allow it — its root statement does — and KMS's lockout check, which the action never bypasses, requires that anyway.${narrowing}`,
    statement
  }
}

function deployPermissions(target: PermissionTarget): Permission[] {
  const { partition } = target
  return [
    ...verifyPermissions(target),
    putKeyPolicyPermission(target),
    {
      purpose:
        'The action never sets BypassPolicyLockoutSafetyCheck; this makes sure a write that tries to cannot succeed with these credentials.',
      statement: {
        Sid: 'KmsNeverBypassLockoutCheck',
        Effect: 'Deny',
        Action: ['kms:PutKeyPolicy'],
        Resource: '*',
        Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': true } }
      }
    },
    {
      // kms:CreateGrant is called only on ANOTHER account's key (the Auto Scaling guide's
      // cross-account fix: the grant must be created from the Auto Scaling group's account), so
      // the Resource must reach keys of other accounts; the key's owner must allow it too, in
      // the key policy. kms:GrantIsForAWSResource does NOT apply: it is true only "when an AWS
      // service that is integrated with AWS KMS sends the request on the principal's behalf",
      // and here the action itself calls CreateGrant. Narrowed instead by what the grant may be:
      // kms:GranteePrincipal and kms:GrantOperations
      // (https://docs.aws.amazon.com/kms/latest/developerguide/grant-authorization.html,
      // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html).
      purpose:
        'A grant that lets this account’s Auto Scaling role use another account’s key (the only fix possible from here: a key policy of another account cannot be written). Any account’s key, but only a grant to the Auto Scaling role, and only for the operations EBS needs. The key’s owner must allow this account kms:CreateGrant in its key policy; when it does not, the run names the owner account and the statement it must add.',
      statement: {
        Sid: 'KmsGrantToAutoScalingRoleOnAnyAccountKey',
        Effect: 'Allow',
        Action: ['kms:CreateGrant'],
        Resource: `arn:${partition}:kms:*:*:key/*`,
        Condition: {
          StringLike: { 'kms:GranteePrincipal': autoscalingRoleArns(target) },
          'ForAllValues:StringEquals': { 'kms:GrantOperations': [...GRANT_OPERATIONS] }
        }
      }
    },
    {
      purpose:
        'Create the Auto Scaling service-linked role on a fresh account (no Auto Scaling group was ever created there), so the key policy can name it.',
      statement: {
        Sid: 'CreateAutoScalingRole',
        Effect: 'Allow',
        Action: ['iam:CreateServiceLinkedRole'],
        Resource: autoscalingRoleArns(target),
        Condition: { StringEquals: { 'iam:AWSServiceName': 'autoscaling.amazonaws.com' } }
      }
    }
  ]
}

/** The statements of a mode's policy, each with its purpose. */
export function permissionsFor(mode: PermissionMode, target: PermissionTarget): Permission[] {
  return mode === 'verify' ? verifyPermissions(target) : deployPermissions(target)
}

/** The identity policy document for a mode, ready for IAM. */
export function identityPolicy(mode: PermissionMode, target: PermissionTarget): PolicyDocument {
  return { Version: '2012-10-17', Statement: permissionsFor(mode, target).map(p => p.statement) }
}

/** Every action a mode's policy allows (exact names; no wildcards are used). */
export function allowedActions(mode: PermissionMode): string[] {
  const target = { partition: 'aws', account: '111122223333' }
  return [
    ...new Set(
      permissionsFor(mode, target)
        .filter(p => p.statement.Effect === 'Allow')
        .flatMap(p => p.statement.Action)
    )
  ]
}
