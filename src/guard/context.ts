/**
 * What the phases of a verify or deploy run share: its wiring, and the facts found as it goes
 * (who we are, the cluster, the role, the reads), which later phases and the verdict read.
 */
import type { AwsClients } from '../aws/clients.js'
import type { Clock } from '../clock.js'
import type { Config } from '../inputs.js'
import type { KeyRegistry } from '../kms/registry.js'
import type { LauncherWatch } from '../launchers/watch.js'
import type {
  AutoscalingRole,
  ClusterInfo,
  CommandState,
  Identity,
  Logger,
  NodegroupState,
  Observation,
  TimelineSink
} from '../model/index.js'
import type { AddonReads } from '../watch/addons.js'
import type { NodegroupReads } from '../watch/reads.js'
import type { SelfManagedReads } from '../watch/self-managed.js'
import type { KmsEvidence } from './evidence.js'
import type { KeyWork } from './key-work.js'

export interface GuardDeps {
  clients: AwsClients
  clock: Clock
  log: Logger
  timeline: TimelineSink
  signal?: AbortSignal
  /** deploy with `command`: the running command's state. */
  command?: () => CommandState
  maxCallsPerPoll?: number
  random?: () => number
}

/** Found as the run goes; unset until the phase that finds it has run. */
export interface RunFacts {
  identity: Identity
  role: AutoscalingRole
  roleCreated: boolean
  cluster?: ClusterInfo
  clusterState: Observation['cluster']
  clusterVersion?: string
  /** The cluster's last update (read once, when a named node group is missing). */
  clusterUpdatedAt?: number
  clusterUpdatesRead: boolean
  reads?: NodegroupReads
  selfManaged?: SelfManagedReads
  addonReads?: AddonReads
}

export interface GuardRun {
  readonly config: Config
  readonly deps: GuardDeps
  readonly startedAt: number
  readonly facts: RunFacts
  readonly registry: KeyRegistry
  readonly work: KeyWork
  readonly evidence: KmsEvidence
  /** Karpenter and EKS Auto Mode: found, checked and watched beside the node groups. */
  readonly launchers: LauncherWatch
}

/** Managed node groups, then self-managed Auto Scaling groups: one list for the one verdict. */
export function watchedStates(run: GuardRun): NodegroupState[] {
  const { reads, selfManaged } = run.facts
  return [...(reads?.states.values() ?? []), ...(selfManaged?.states.values() ?? [])]
}

export function deletedStates(run: GuardRun): NodegroupState[] {
  const { reads, selfManaged } = run.facts
  return [...(reads?.deleted ?? []), ...(selfManaged?.deleted ?? [])]
}
