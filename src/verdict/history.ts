/**
 * Which failed launches may decide the verdict, and which are history: they happened before the
 * operation being watched, or before a key fix (this run's, or one made just before it) could
 * have propagated. Pure.
 */
import {
  FAILED_ACTIVITY,
  activeUpdate,
  type ActivityRecord,
  type KeyRecord,
  type NodegroupState,
  type Observation
} from '../model/index.js'

/** A minute of slack between EKS's clock for the operation and Auto Scaling's for its launches. */
const OPERATION_SLACK_MS = 60_000

export function keysOf(keys: KeyRecord[], nodegroup?: string): KeyRecord[] {
  return keys.filter(k => !nodegroup || k.uses.some(u => u.nodegroup === nodegroup))
}

/**
 * The time from which a KMS launch failure of this node group is fatal: this run's fix plus the
 * propagation grace; or, when every key check passes, the run's start plus the grace (a fix made
 * just before the run may still be propagating). Undefined: fatal whenever it happened.
 */
export function kmsFatalFrom(observation: Observation, nodegroup: string): number | undefined {
  const records = keysOf(observation.keys, nodegroup)
  const fixedAt = records.map(r => r.patchedAt).filter((t): t is number => t !== undefined)
  if (fixedAt.length > 0) return Math.max(...fixedAt) + observation.propagationGraceMs
  // A key that could not be read (a shared AMI's snapshot key) explains KMS failures as well as a
  // fix still propagating would: no reason to wait.
  if (
    records.length > 0 &&
    !observation.unreadableImages?.length &&
    records.every(r => r.assessment.causes.length === 0 && r.assessment.openQuestions.length === 0)
  ) {
    return observation.startedAt + observation.propagationGraceMs
  }
  return undefined
}

function keyProblemKnown(observation: Observation, nodegroup: string): boolean {
  return keysOf(observation.keys, nodegroup).some(r => r.assessment.causes.length > 0)
}

/**
 * When the node group operation being watched started: its creation, the update in progress (an
 * update is watched like a creation, from its createdAt), else this run's start (a scale-out).
 */
export function operationStart(
  observation: Observation,
  state: NodegroupState
): { at: number; operation: 'creation' | 'update' | 'scale-out' } {
  const creating = state.status === 'CREATING' || state.status === 'CREATE_FAILED'
  if (creating && state.createdAt) return { at: state.createdAt.getTime(), operation: 'creation' }
  const update = activeUpdate(state) ?? state.updates.findLast(u => u.watched)
  if (update?.createdAt) return { at: update.createdAt.getTime(), operation: 'update' }
  return { at: observation.startedAt, operation: 'scale-out' }
}

/** Why a failed activity does not decide the verdict; undefined when it may. */
export function historyReason(
  observation: Observation,
  state: NodegroupState,
  record: ActivityRecord
): string | undefined {
  const start = record.start.getTime()
  const operationStartAt = operationStart(observation, state).at
  if (start < operationStartAt - OPERATION_SLACK_MS)
    return 'started before the node group operation being watched'
  if (record.pattern?.rootCause === 'key-check') {
    const from = kmsFatalFrom(observation, state.name)
    if (from !== undefined && start < from)
      return 'started before this run’s key policy patch had propagated'
    if (start < observation.startedAt && !keyProblemKnown(observation, state.name))
      return 'started before this run, and the key now passes every check (fixed since?)'
  }
  return undefined
}

/** Failed activities that may decide the verdict, oldest first. */
export function decidingFailures(
  observation: Observation,
  state: NodegroupState
): ActivityRecord[] {
  return [...state.activities.values()]
    .filter(a => a.end && a.pattern && FAILED_ACTIVITY.has(a.statusCode))
    .filter(a => historyReason(observation, state, a) === undefined)
    .sort((a, b) => a.start.getTime() - b.start.getTime())
}

/**
 * The longest current run of transient failures of one pattern per Auto Scaling group: failures
 * in a row with no successful launch between them.
 */
export function transientRuns(
  observation: Observation,
  state: NodegroupState
): { asg: string; last: ActivityRecord; count: number }[] {
  const runs = new Map<string, { last: ActivityRecord; count: number }>()
  const ended = [...state.activities.values()]
    .filter(a => a.end)
    .sort((a, b) => a.start.getTime() - b.start.getTime())
  for (const activity of ended) {
    if (activity.statusCode === 'Successful') {
      runs.delete(activity.asg)
      continue
    }
    if (activity.pattern?.kind !== 'transient') continue
    if (historyReason(observation, state, activity)) continue
    const run = runs.get(activity.asg)
    runs.set(
      activity.asg,
      run && run.last.pattern?.id === activity.pattern.id
        ? { last: activity, count: run.count + 1 }
        : { last: activity, count: 1 }
    )
  }
  return [...runs].map(([asg, run]) => ({ asg, ...run }))
}
