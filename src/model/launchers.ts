/**
 * Who launches a cluster's nodes, and so whose credentials EC2 uses when it calls KMS for the
 * nodes' EBS volumes. Each launcher is a sibling: its own reads and rules, one verdict.
 */

/**
 * - autoscaling: EC2 Auto Scaling (managed node groups, self-managed groups), through its
 *   service-linked role, which only the key policy or a grant can let use a key;
 * - karpenter: the Karpenter controller's IAM role, which calls CreateFleet itself;
 * - auto-mode: EKS Auto Mode, through the cluster IAM role (DescribeCluster.roleArn).
 */
export type LauncherKind = 'autoscaling' | 'karpenter' | 'auto-mode'

export interface LaunchPrincipal {
  launcher: LauncherKind
  /** The IAM role whose credentials EC2 uses for the launch's KMS calls. */
  roleArn: string
}
