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

/** An instance a launcher started, as DescribeInstances shows it (tags, state and state reason). */
export interface LauncherInstance {
  instanceId: string
  /** pending | running | shutting-down | terminated | stopping | stopped */
  state: string
  /** EC2 StateReason.Code and .Message (set once the instance leaves pending or running). */
  reasonCode?: string
  reasonMessage?: string
  launchedAt?: number
  nodePool?: string
  nodeClass?: string
  /** When this run first saw it in this state (action clock). */
  seenAt: number
}

/** Where a launcher's key was found, said in the report. */
export type LauncherKeySource = 'launch-template' | 'input' | 'ebs-default'

/** One launcher the run found on the cluster, what it checked of it, and what its instances did. */
export interface LauncherState {
  launcher: 'karpenter' | 'auto-mode'
  /** The role whose credentials EC2 uses for the launch's KMS calls; undefined when not found. */
  roleArn?: string
  /** How the role was found. */
  roleSource?: 'input' | 'pod-identity' | 'cluster'
  /** How the launcher was found. */
  foundBy: string
  /** Node pools it launches for, when AWS says (Auto Mode's computeConfig, Karpenter's tags). */
  nodePools: string[]
  /** The sources read for its keys, in order, with what each gave. */
  keySources: { source: LauncherKeySource; detail: string }[]
  /** Key ids (KeyRecord.id) checked for this launcher's role. */
  keyIds: string[]
  /** Its key checks are still running (or waiting on a read). */
  pending: boolean
  /** Instances seen running now. */
  running: number
  /**
   * The first instance seen terminated with a KMS state reason, kept: EC2 shows terminated
   * instances only for a while ("usually less than one hour", DescribeInstances).
   */
  firstKmsTermination?: LauncherInstance
  /** Why the key check could not be made (no role found, no key known). */
  unchecked?: string
}

/** The pseudo node group of a launcher's key uses, as the key table shows them. */
export function launcherUseName(launcher: 'karpenter' | 'auto-mode'): string {
  return launcher === 'karpenter' ? '(Karpenter)' : '(EKS Auto Mode)'
}

export const LAUNCHER_LABEL = { karpenter: 'Karpenter', 'auto-mode': 'EKS Auto Mode' } as const
