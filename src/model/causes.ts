/** Root-cause ids of the contract (DESIGN.md "Outputs"), each with the sentence a reader sees. */

export const ROOT_CAUSES = {
  'kms-policy-missing-autoscaling-role':
    'The KMS key policy does not let the EC2 Auto Scaling service-linked role use the key and create grants for EC2, so every instance launch with an encrypted EBS volume is cancelled.',
  'kms-key-disabled':
    'The KMS key is disabled (or unavailable), so EBS cannot encrypt the volumes of new instances.',
  'kms-key-pending-deletion':
    'The KMS key is scheduled for deletion, so EBS cannot encrypt the volumes of new instances.',
  'kms-key-pending-import':
    'The KMS key has no key material (pending import, or the imported material expired), so EBS cannot use it.',
  'kms-key-unusable-spec':
    'The KMS key is not a symmetric encryption key (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT); EBS supports only those.',
  'kms-key-not-found':
    'The KMS key named by the launch template does not exist (or is not visible from this account and Region).',
  'kms-key-cross-account':
    "The KMS key belongs to another account: this account's Auto Scaling service-linked role can use it only through a grant created from this account, and it has none that works, or the owner's key policy does not let this account create one.",
  'kms-key-explicit-deny':
    'A Deny statement in the KMS key policy blocks the EC2 Auto Scaling service-linked role.',
  'kms-policy-orphaned-principal':
    'The KMS key policy holds the unique id of a deleted IAM principal; KMS rejects every policy update until that id is removed.',
  'karpenter-kms-access-denied':
    "The Karpenter controller's IAM role, which calls CreateFleet and so makes EBS's KMS calls for the new volumes, may not use the key (neither the key policy nor, where the key policy delegates to the account, the role's IAM policy allows it): EC2 terminates each instance seconds after launch.",
  'automode-kms-access-denied':
    'The key policy does not let the cluster IAM role, with which EKS Auto Mode launches nodes, use the key and create grants for AWS resources: EC2 terminates each instance seconds after launch.',
  'autoscaling-role-missing':
    'The EC2 Auto Scaling service-linked role (AWSServiceRoleForAutoScaling) does not exist yet in this account, so no key policy can name it.',
  'launch-template-invalid':
    'The launch template cannot launch instances (AMI, snapshot, security group, key pair, profile or configuration error).',
  'instance-quota-exceeded':
    'An EC2 quota (vCPUs, instances, volumes or fleet requests) stops the Auto Scaling group from launching instances.',
  'capacity-unavailable':
    'EC2 has no capacity for the requested instance type in the chosen Availability Zones.',
  'cluster-not-found':
    'The cluster does not exist in this account and Region (check cluster-name, aws-region and the role the workflow assumes).',
  'nodegroup-not-found': 'The node group does not exist in the cluster.',
  'nodegroup-create-failed': 'EKS marked the node group as failed.',
  'nodegroup-update-failed':
    'EKS failed the node group update (new nodes did not join, pods could not be evicted, or the configuration was refused) and rolls the node group back to its previous version.',
  'addon-version-incompatible':
    "The add-on's version is not supported by the cluster's Kubernetes version (or the version the cluster is updating to); EKS refuses it, or the add-on breaks after the upgrade.",
  'addon-create-failed':
    'EKS could not create the add-on (CREATE_FAILED), for a reason of its own.',
  'addon-update-failed':
    'EKS could not update the add-on (UPDATE_FAILED), for a reason of its own.',
  'addon-degraded':
    'The add-on is DEGRADED although nodes are ready: it fails for a reason of its own (permissions, configuration, conflicts), not for lack of nodes.',
  'command-failed': 'The deploy command failed on its own.',
  'aws-credentials-expired':
    'The AWS credentials expired before the guard finished: the role session is shorter than the watch.',
  'permission-denied':
    'The role this workflow assumes is not allowed an AWS call the guard needs, so it could not finish its checks.',
  unknown: 'The failure does not match a known cause.'
} as const

export type RootCause = keyof typeof ROOT_CAUSES

/** Key causes in order of precedence: the first that applies explains a KMS launch failure. */
export const KEY_CAUSE_PRECEDENCE: RootCause[] = [
  'kms-key-not-found',
  'kms-key-pending-deletion',
  'kms-key-disabled',
  'kms-key-pending-import',
  'kms-key-unusable-spec',
  'autoscaling-role-missing',
  'kms-key-cross-account',
  'kms-key-explicit-deny',
  'kms-policy-orphaned-principal',
  'kms-policy-missing-autoscaling-role',
  'karpenter-kms-access-denied',
  'automode-kms-access-denied'
]

/** The launchers' own causes: the principal that launches is not the Auto Scaling role. */
export const LAUNCHER_CAUSES = {
  karpenter: 'karpenter-kms-access-denied',
  'auto-mode': 'automode-kms-access-denied'
} as const
