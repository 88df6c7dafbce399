/** What the watch observes of node groups and their Auto Scaling groups. */
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling'
import type { Issue } from '@aws-sdk/client-eks'
import type { RootCause } from './causes.js'
import { updateTargetTemplate, type UpdateRecord } from './day2.js'
import type { LaunchTemplateRef } from './keys.js'

/** One row of the failure table (failures.ts). */
export interface FailurePattern {
  id: string
  /** Matched against the activity's StatusMessage and Description. */
  pattern: RegExp
  /** The AWS code reported as `failure-code`: a fixed code, or the pattern's first capture. */
  code?: string
  /**
   * fatal: fails the run at the first activity. transient: fails only when `threshold` failed
   * activities of this pattern arrive in a row for one Auto Scaling group without a successful
   * launch (one launch attempt makes an activity per missing instance).
   */
  kind: 'fatal' | 'transient'
  threshold?: number
  /** 'key-check' means the key checks decide which KMS cause it is. */
  rootCause: RootCause | 'key-check'
  remedy: string
}

export interface ActivityRecord {
  id: string
  asg: string
  nodegroup: string
  start: Date
  end?: Date
  statusCode: string
  statusMessage: string
  description: string
  pattern?: FailurePattern
  code?: string
}

export interface NodegroupState {
  name: string
  /** Named in the `nodegroup-names` (or `asg-names`) input (as opposed to discovered). */
  named: boolean
  /**
   * A self-managed Auto Scaling group of the cluster (no EKS node group): `name` is the group's
   * name, `asgNames` is [name], and `status` is ACTIVE once the group exists (EC2 Auto Scaling has
   * no creating/failed lifecycle; its launches are what is judged).
   */
  selfManaged?: boolean
  exists: boolean
  status?: string
  createdAt?: Date
  modifiedAt?: Date
  asgNames: string[]
  asgs: Map<string, AutoScalingGroup>
  launchTemplate?: LaunchTemplateRef
  /**
   * A newer version of its own launch template than the one it uses, seen while a deploy command
   * runs: the version an apply is about to move it to (its keys are checked before the update).
   */
  upcomingTemplate?: LaunchTemplateRef
  healthIssues: Issue[]
  activities: Map<string, ActivityRecord>
  /** The status this run first saw: a node group already CREATE_FAILED was not seen failing. */
  firstSeenStatus?: string
  /** Polls in a row that found a named node group missing. */
  missingPolls?: number
  /** When this run first found the named node group missing (action clock). */
  missingSince?: number
  /** When this run first saw it settled: ACTIVE with its instances in service (action clock). */
  settledAt?: number
  /** When this run found it gone after watching it (a node group found by listing; action clock). */
  deletedAt?: number
  /** Its EKS updates this run read (ListUpdates/DescribeUpdate), oldest first. */
  updates: UpdateRecord[]
}

/**
 * The launch template versions a node group is about to launch from, besides the one it uses:
 * an update's target (from its params, before the group switches to it), and a newer version an
 * apply has written and not applied yet. Each once, none equal to the one in use.
 */
export function nextTemplates(state: NodegroupState): LaunchTemplateRef[] {
  const update = activeUpdate(state)
  const target = update ? updateTargetTemplate(update, state.launchTemplate) : undefined
  const next: LaunchTemplateRef[] = []
  for (const ref of [target, state.upcomingTemplate])
    if (
      ref &&
      ref.version !== state.launchTemplate?.version &&
      !next.some(n => n.version === ref.version)
    )
      next.push(ref)
  return next
}

/** The update in progress, if any. */
export function activeUpdate(state: NodegroupState): UpdateRecord | undefined {
  return state.updates.find(u => u.status === 'InProgress')
}

export const FAILED_ACTIVITY = new Set(['Failed', 'Cancelled'])

export function newNodegroupState(
  name: string,
  named: boolean,
  selfManaged?: boolean
): NodegroupState {
  return {
    name,
    named,
    ...(selfManaged ? { selfManaged } : {}),
    exists: false,
    asgNames: [],
    asgs: new Map(),
    healthIssues: [],
    activities: new Map(),
    updates: []
  }
}

/** ACTIVE with as many instances in service as every Auto Scaling group wants. */
export function isSettled(state: NodegroupState): boolean {
  if (state.status !== 'ACTIVE') return false
  for (const name of state.asgNames) {
    const group = state.asgs.get(name)
    if (!group) return false
    const inService = (group.Instances ?? []).filter(i => i.LifecycleState === 'InService').length
    if (inService < (group.DesiredCapacity ?? 0)) return false
  }
  return true
}

/** How messages name the launcher: "node group X", or "Auto Scaling group X" for a self-managed one. */
export function launcherLabel(state: Pick<NodegroupState, 'name' | 'selfManaged'>): string {
  return `${state.selfManaged ? 'Auto Scaling group' : 'node group'} ${state.name}`
}

/** launcherLabel by name, among the watched states (a name no state has is a node group's). */
export function launcherLabelOf(name: string, states: Iterable<NodegroupState>): string {
  for (const state of states) if (state.name === name) return launcherLabel(state)
  return `node group ${name}`
}

/** The sentence-initial form: "Node group X" or "Auto Scaling group X". */
export function capitalised(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1)
}
