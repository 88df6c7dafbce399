/**
 * The one table of check's rules: each finding's id, level, annotation title and SARIF
 * description. The annotations, the SARIF file and the docs read it; nothing restates it.
 */
import type { ReportingDescriptor } from 'sarif'
import type { KeyCheck, KeyStatus } from '../../model/check.js'

export interface Rule {
  id: string
  name: string
  level: 'error' | 'warning'
  /** The annotation's title. */
  title: string
  shortDescription: string
  fullDescription?: string
  helpUri?: string
  tags: string[]
}

const TAGS = ['terraform', 'kms', 'eks']

export const RULES = {
  missing: {
    id: 'EKSKMS001',
    name: 'KeyPolicyLacksAutoScalingRole',
    level: 'error',
    title: 'KMS key policy lacks the Auto Scaling service-linked role',
    shortDescription: 'KMS key policy does not let EC2 Auto Scaling use the key',
    fullDescription:
      'A launch template encrypts node volumes with this key, but neither its policy nor a grant lets the EC2 Auto Scaling service-linked role use it: every launch is cancelled with Client.InvalidKMSKey.InvalidState.',
    helpUri:
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html',
    tags: ['security', 'reliability', ...TAGS]
  },
  denied: {
    id: 'EKSKMS002',
    name: 'KeyPolicyDeniesAutoScalingRole',
    level: 'error',
    title: 'KMS key policy denies the Auto Scaling service-linked role',
    shortDescription: 'KMS key policy denies EC2 Auto Scaling',
    tags: ['security', 'reliability', ...TAGS]
  },
  unusable: {
    id: 'EKSKMS003',
    name: 'KeyUnusableForEbs',
    level: 'error',
    title: 'KMS key cannot encrypt node volumes',
    shortDescription:
      'KMS key cannot encrypt EBS volumes (disabled, or not a symmetric encryption key)',
    helpUri: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html',
    tags: ['reliability', ...TAGS]
  },
  launcher: {
    id: 'EKSKMS004',
    name: 'KeyPolicyLacksLauncherRole',
    level: 'error',
    title: 'KMS key policy lacks the launcher role',
    shortDescription:
      'Karpenter’s controller role or EKS Auto Mode’s cluster role cannot use the key its node class names',
    fullDescription:
      'A Karpenter EC2NodeClass or an EKS Auto Mode NodeClass encrypts node volumes with this key, but neither the key policy nor (where the key policy delegates to the account) the role’s IAM policies let the role that launches the nodes use it: each instance is terminated seconds after launch, and the launcher keeps relaunching while pods stay Pending.',
    helpUri: 'https://docs.aws.amazon.com/eks/latest/userguide/auto-kms.html',
    tags: ['security', 'reliability', 'karpenter', ...TAGS]
  },
  cannotTell: {
    id: 'EKSKMS100',
    name: 'KeyAccessCannotBeTold',
    level: 'warning',
    title: 'Cannot tell whether the key grants Auto Scaling',
    shortDescription: 'Whether EC2 Auto Scaling can use the key cannot be told before apply',
    tags: TAGS
  },
  roleNotDeclared: {
    id: 'EKSKMS103',
    name: 'ServiceLinkedRoleNotDeclared',
    level: 'warning',
    title: 'Auto Scaling service-linked role may not exist yet',
    shortDescription:
      'A key policy names the Auto Scaling service-linked role, which the configuration does not create',
    fullDescription:
      'On a fresh account (no Auto Scaling group was ever created there) the role does not exist yet, and a key policy naming it fails with "invalid principals". Declare aws_iam_service_linked_role for autoscaling.amazonaws.com and make the key depend on it.',
    helpUri:
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-service-linked-role.html',
    tags: ['reliability', ...TAGS]
  },
  notParsed: {
    id: 'EKSKMS101',
    name: 'TerraformNotParsed',
    level: 'warning',
    title: 'Terraform file not fully checked',
    shortDescription: 'A Terraform file could not be fully parsed',
    tags: ['terraform']
  },
  configurationError: {
    id: 'EKSKMS102',
    name: 'TerraformConfigurationError',
    level: 'error',
    title: 'Terraform configuration not checkable',
    shortDescription:
      'The configuration cannot be checked: a module cycle Terraform refuses, or a file check does not read (outside the workspace, not a regular file, over a limit)',
    tags: ['security', 'terraform']
  },
  launcherCannotTell: {
    id: 'EKSKMS104',
    name: 'LauncherKeyAccessCannotBeTold',
    level: 'warning',
    title: 'Cannot tell whether the launcher role can use the key',
    shortDescription:
      'Which key Karpenter’s or EKS Auto Mode’s nodes use, or whether their role may use it, cannot be told before apply',
    tags: ['karpenter', ...TAGS]
  }
} as const satisfies Record<string, Rule>

/** The rule a key's status breaks; none for a key that grants what Auto Scaling needs. */
export function ruleOfStatus(status: KeyStatus): Rule | undefined {
  if (status === 'granted') return undefined
  if (status === 'missing' || status === 'denied' || status === 'unusable') return RULES[status]
  return RULES.cannotTell
}

/** The rule a key check breaks: a launcher role's key has its own, whatever the status. */
export function ruleOf(key: Pick<KeyCheck, 'status' | 'uses'>): Rule | undefined {
  const rule = ruleOfStatus(key.status)
  const launched = key.uses.some(u => u.launcher === 'karpenter' || u.launcher === 'auto-mode')
  if (!launched || !rule) return rule
  return rule === RULES.cannotTell ? RULES.launcherCannotTell : RULES.launcher
}

/** The table as SARIF reporting descriptors, in a fixed order (results index into it). */
export const SARIF_RULES: (ReportingDescriptor & { id: string })[] = Object.values(RULES).map(
  (rule: Rule) => ({
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.shortDescription },
    ...(rule.fullDescription ? { fullDescription: { text: rule.fullDescription } } : {}),
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    defaultConfiguration: { level: rule.level },
    properties: { tags: [...rule.tags] }
  })
)
