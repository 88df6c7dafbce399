/** What a run observed, and what it concluded: the input and output of the one verdict. */
import type { Issue } from '@aws-sdk/client-eks'
import type { RootCause } from './causes.js'
import type { AddonIssueRecord, AddonState, ClusterVersionState, UpdateRecord } from './day2.js'
import type { KeyRecord, UnreadableImage } from './keys.js'
import type { LauncherState } from './launchers.js'
import type { ActivityRecord, NodegroupState } from './watch.js'

export type Result = 'success' | 'failure' | 'timeout'

export interface Verdict {
  result: Result
  /** Never set on success. */
  rootCause?: RootCause
  failureCode?: string
  nodegroup?: string
  /** `nodegroup` names a self-managed Auto Scaling group, not an EKS node group. */
  selfManaged?: boolean
  activity?: ActivityRecord
  healthIssue?: Issue
  /** The key whose facts decided a KMS cause. */
  keyId?: string
  /** The run ended on an error of its own (credentials, permissions, the unexpected). */
  runError?: RunError['kind']
  message: string
  decidedAt: number
  cancelled?: boolean
  /**
   * The node group was already in this terminal state when the run first saw it: the run did not
   * see the failure happen, so there is no "detected after".
   */
  alreadyFailed?: string
  /** Names the run could have meant (node groups that do exist). */
  candidates?: string[]
  /** When the watched operation (creation, update, scale-out) started: detection is measured from it. */
  operationStartedAt?: number
  operation?: 'creation' | 'update' | 'scale-out'
  /** The node group update involved. */
  update?: UpdateRecord
  /** The launcher whose instance failed, or whose key would fail its next launch. */
  launcher?: 'karpenter' | 'auto-mode'
  /** The launcher's instance terminated with a KMS state reason. */
  instanceId?: string
  /** The add-on whose failure this is (add-on causes). */
  addon?: string
  addonIssue?: AddonIssueRecord
  /** What else the verdict explains: add-ons stuck behind it, the update's rollback. */
  consequences?: string[]
  /** The fix, when no key remedy or failure pattern gives one (add-on and update causes). */
  fix?: string
}

export interface Identity {
  account: string
  partition: string
  arn: string
}

export interface ClusterInfo {
  name: string
  status?: string
  roleArn?: string
  secretsKeyArn?: string
  createdAt?: Date
  /**
   * EKS Auto Mode's compute is enabled (DescribeCluster `computeConfig.enabled`): it launches
   * nodes outside managed node groups, with the key of its NodeClass, which the EKS API does not show.
   */
  autoMode?: boolean
}

export interface AutoscalingRole {
  arn: string
  exists: boolean | 'unknown'
  source: 'input' | 'auto-scaling-group' | 'iam' | 'expected'
  note?: string
}

export interface CommandState {
  running: boolean
  /** Set once it exited. */
  exit?: { code: number | null; signal: string | null }
  /** We stopped it (a verdict or cancellation), so its exit is not its own failure. */
  interrupted: boolean
}

/** An error that ended the run early, after the inputs were valid. */
export interface RunError {
  kind: 'permission' | 'credentials' | 'unexpected'
  message: string
  /** The IAM action that was denied. */
  action?: string
  resource?: string
}

/** Everything the verdict is decided from. Plain data: no clients, no clock. */
export interface Observation {
  now: number
  startedAt: number
  clusterName: string
  region: string
  /** 'unknown' until DescribeCluster answered. */
  cluster: 'found' | 'missing' | 'unknown'
  /** The cluster's createdAt (DescribeCluster), action clock. */
  clusterCreatedAt?: number
  /** When the cluster was last updated (its newest update's createdAt), when read. */
  clusterUpdatedAt?: number
  /** EKS Auto Mode launches nodes outside the node groups: their keys are not checked. */
  autoMode?: boolean
  /** Karpenter and Auto Mode, when found: their principal, keys (in launcherKeys) and instances. */
  launchers?: LauncherState[]
  /** Keys checked for the launchers' roles (apart from `keys`, which are the Auto Scaling role's). */
  launcherKeys?: KeyRecord[]
  nodegroups: NodegroupState[]
  /** Node groups found by listing that disappeared while watched, as last seen. */
  deletedNodegroups?: NodegroupState[]
  /** Node groups the cluster has (ListNodegroups), when read. */
  existingNodegroups?: string[]
  /** Self-managed Auto Scaling groups of the cluster, from the last search by their tags. */
  existingAsgs?: string[]
  keys: KeyRecord[]
  /** AMIs whose encrypted snapshots' key could not be read: a KMS failure may be theirs. */
  unreadableImages?: UnreadableImage[]
  /** Node groups whose keys are still being discovered, checked or patched. */
  keyWorkPending: string[]
  /** The key work may write (deploy): its result can still change a key's cause. */
  keyWorkMayWrite?: boolean
  propagationGraceMs: number
  command?: CommandState
  cancelled?: boolean
  deadlineReached?: boolean
  timeoutMs: number
  error?: RunError
  /** The post step: the main step was stopped before it reported. */
  stoppedBeforeReport?: boolean
  /** The cluster's add-ons, when read. */
  addons?: AddonState[]
  /** The cluster's Kubernetes version and its update in progress. */
  clusterVersion?: ClusterVersionState
  /** Between polls: rules that wait a number of polls scale with it. */
  pollIntervalMs?: number
}

export interface GuardOutcome {
  verdict: Verdict
  identity?: Identity
  cluster?: ClusterInfo
  role?: AutoscalingRole
  roleCreated: boolean
  keys: KeyRecord[]
  nodegroups: NodegroupState[]
  /** Karpenter and Auto Mode as the run found and checked them. */
  launchers?: LauncherState[]
  policyChanged: boolean
  watchedFrom: number
  addons?: AddonState[]
  /** AMIs the launches use whose snapshots' key could not be read, so was not checked. */
  unreadableImages?: UnreadableImage[]
}

export interface Logger {
  info(line: string): void
  warning(line: string): void
  error(line: string): void
  debug(line: string): void
}
