/**
 * The node groups' part of the verdict: a fatal or repeated launch failure, a failed update, a
 * terminal or unhealthy node group, and a key that would fail the next launch — each with the
 * cause the key checks give it. Pure, like decide.ts, which asks these in its order.
 */
import type { Issue } from '@aws-sdk/client-eks'
import {
  activeUpdate,
  describeUpdate,
  KEY_CAUSE_PRECEDENCE,
  type ActivityRecord,
  type KeyRecord,
  type NodegroupState,
  type Observation,
  type RootCause,
  type Verdict
} from '../model/index.js'
import { capitalised, launcherLabel, launcherLabelOf } from '../model/index.js'
import { classifyMessage, HEALTH_ISSUE_CAUSES } from '../model/index.js'
import { DEGRADED_CLEARS, startedBeforeRun, updateFailure, updateNote } from './day2.js'
import { decidingFailures, keysOf, kmsFatalFrom, operationStart, transientRuns } from './history.js'

/** Terminal node group states: EKS will not retry them. */
export const TERMINAL_STATES = new Set(['CREATE_FAILED', 'DELETE_FAILED'])

/** The key cause that explains a KMS failure, by precedence, among the given keys. */
export function keyCause(keys: KeyRecord[]): { cause: RootCause; key: KeyRecord } | undefined {
  for (const cause of KEY_CAUSE_PRECEDENCE) {
    const key = keys.find(k => k.assessment.causes.includes(cause))
    if (key) return { cause, key }
  }
  return undefined
}

/** A KMS launch failure's cause: the key checks decide which one. */
function kmsCause(o: Observation, nodegroup: string): { cause: RootCause; keyId?: string } {
  const keys = keysOf(o.keys, nodegroup)
  const found = keyCause(keys)
  if (found) return { cause: found.cause, keyId: found.key.id }
  // Another account's key whose grants the owner's policy hides: the failed launches are the
  // evidence that the role has no usable grant (or that the owner's policy denies it).
  const foreign = keys.find(k => k.assessment.crossAccount && k.facts.grantsUnknown)
  if (foreign) return { cause: 'kms-key-cross-account', keyId: foreign.id }
  // The key was fixed in this run and launches still fail after the grace: the grant is what
  // was missing, and something else (propagation, an SCP, a boundary) still blocks the role.
  const fixed = keys.find(k => k.patchedAt !== undefined)
  if (fixed)
    return {
      cause: fixed.assessment.crossAccount
        ? 'kms-key-cross-account'
        : 'kms-policy-missing-autoscaling-role',
      keyId: fixed.id
    }
  // The operation failed on the key and is over (CREATE_FAILED, an update Failed), but the key
  // is usable now (fixed since): what is left is the failed node group or update itself.
  const state = o.nodegroups.find(n => n.name === nodegroup)
  const usable = keys.find(k => k.facts.found && k.assessment.causes.length === 0)
  if (usable && state && TERMINAL_STATES.has(state.status ?? ''))
    return { cause: 'nodegroup-create-failed', keyId: usable.id }
  if (usable && state?.updates.some(u => u.watched && u.status === 'Failed'))
    return { cause: 'nodegroup-update-failed', keyId: usable.id }
  return { cause: 'unknown' }
}

export function failure(
  o: Observation,
  fields: Omit<Verdict, 'result' | 'decidedAt'> & { rootCause: RootCause }
): Verdict {
  const selfManaged = o.nodegroups.some(n => n.name === fields.nodegroup && n.selfManaged)
  return { result: 'failure', decidedAt: o.now, ...fields, ...(selfManaged ? { selfManaged } : {}) }
}

function launchFailure(
  o: Observation,
  state: NodegroupState,
  record: ActivityRecord,
  note?: string
): Verdict {
  const pattern = record.pattern!
  const { cause, keyId } =
    pattern.rootCause === 'key-check'
      ? kmsCause(o, state.name)
      : { cause: pattern.rootCause, keyId: undefined }
  // No key check explains it, but a key could not be read at all: say which.
  const image = cause === 'unknown' ? o.unreadableImages?.[0] : undefined
  if (image)
    note = `AMI ${image.imageId}${image.owner ? ` of account ${image.owner}` : ''} has encrypted snapshots whose key this account cannot read; that key is the likely cause${note ? `; ${note}` : ''}`
  const operation = operationStart(o, state)
  const update =
    operation.operation === 'update'
      ? (activeUpdate(state) ?? state.updates.findLast(u => u.watched))
      : undefined
  const during = update ? ` during ${describeUpdate(update)}` : ''
  return failure(o, {
    rootCause: cause,
    failureCode: record.code,
    nodegroup: state.name,
    activity: record,
    keyId,
    operation: operation.operation,
    operationStartedAt: operation.at,
    update,
    // An update failing since before the run: this run did not see it start failing.
    // Already terminal when first seen, or an update failing since before the run: this run did
    // not see the failure start.
    alreadyFailed:
      TERMINAL_STATES.has(state.status ?? '') && state.firstSeenStatus === state.status
        ? state.status
        : update && startedBeforeRun(o, update)
          ? `${update.type ?? 'update'} failing`
          : undefined,
    message: `${capitalised(launcherLabel(state))}: launch ${record.statusCode.toLowerCase()}${during} at ${record.start.toISOString()}: ${record.statusMessage || record.description}${note ? ` (${note})` : ''}.${updateNote(o, update)}`
  })
}

function healthFailure(o: Observation, state: NodegroupState): Verdict | undefined {
  const terminal = TERMINAL_STATES.has(state.status ?? '')
  const alreadyFailed =
    terminal && state.firstSeenStatus === state.status ? state.status : undefined
  const issue: Issue | undefined = state.healthIssues[0]
  if (!issue) {
    if (!terminal) return undefined
    if (o.keyWorkPending.includes(state.name) && !o.deadlineReached && !o.cancelled)
      return undefined
    const key = keyCause(keysOf(o.keys, state.name))
    return failure(o, {
      rootCause: key?.cause ?? 'nodegroup-create-failed',
      keyId: key?.key.id,
      nodegroup: state.name,
      failureCode: state.status,
      alreadyFailed,
      message: `Node group ${state.name} is ${state.status}.`
    })
  }
  const classification = classifyMessage(issue.message ?? '')
  const kms = classification?.pattern.rootCause === 'key-check'
  // A degraded group whose KMS problem was just fixed recovers on its next launch: wait out the grace.
  const fatalFrom = kmsFatalFrom(o, state.name)
  if (kms && !terminal && fatalFrom !== undefined && o.now < fatalFrom) return undefined
  // Which KMS cause it is depends on the key checks still running, terminal or not: a node group
  // already CREATE_FAILED is explained by its key, not by "unknown".
  if (kms && o.keyWorkPending.includes(state.name) && !o.deadlineReached && !o.cancelled)
    return undefined
  const { cause, keyId } = kms
    ? kmsCause(o, state.name)
    : {
        cause:
          (classification?.pattern.rootCause as RootCause | undefined) ??
          HEALTH_ISSUE_CAUSES[issue.code ?? ''] ??
          'nodegroup-create-failed',
        keyId: undefined
      }
  return failure(o, {
    rootCause: cause,
    keyId,
    nodegroup: state.name,
    failureCode: classification?.code ?? issue.code,
    healthIssue: issue,
    alreadyFailed,
    consequences: state.status === 'DEGRADED' ? [DEGRADED_CLEARS] : undefined,
    message: `Node group ${state.name} is ${state.status}: ${issue.code}: ${issue.message}${state.status === 'DEGRADED' ? ` ${DEGRADED_CLEARS}` : ''}`
  })
}

/** The first failure the node groups show, in the order AWS recorded them. */
export function nodegroupFailure(o: Observation): Verdict | undefined {
  for (const state of o.nodegroups) {
    const pending = o.keyWorkPending.includes(state.name)
    for (const record of decidingFailures(o, state)) {
      if (record.pattern!.kind !== 'fatal') continue
      // Which KMS cause it is depends on the key checks still running — unless a check already
      // names the cause and the running work cannot change it (it writes nothing): then decide.
      const known = keyCause(keysOf(o.keys, state.name))
      if (record.pattern!.rootCause === 'key-check' && pending && (o.keyWorkMayWrite || !known))
        return undefined
      return launchFailure(o, state, record)
    }
    for (const run of transientRuns(o, state)) {
      if (run.count >= (run.last.pattern!.threshold ?? Infinity))
        return launchFailure(o, state, run.last, `${run.count} launches in a row failed this way`)
    }
    // The update's own end, when no launch failure explained it (its error has no KMS code).
    if (!pending) {
      const updateVerdict = updateFailure(o, state, () => {
        const found = keyCause(keysOf(o.keys, state.name))
        return found && { cause: found.cause, keyId: found.key.id }
      })
      if (updateVerdict) return updateVerdict
    }
    if (
      TERMINAL_STATES.has(state.status ?? '') ||
      state.status === 'DEGRADED' ||
      (state.status === 'ACTIVE' && state.healthIssues.length > 0)
    ) {
      const verdict = healthFailure(o, state)
      if (verdict) return verdict
    }
  }
  return undefined
}

/** A key the watched node groups (or the kms-key-ids input) use that would fail the next launch. */
export function brokenKey(o: Observation): Verdict | undefined {
  const watched = new Set(o.nodegroups.map(n => n.name))
  // On a cluster whose only nodes come from Karpenter or Auto Mode, kms-key-ids names their keys:
  // the Auto Scaling role's view of them is no prediction of any launch.
  const inputForAutoScaling = o.nodegroups.length > 0 || !o.launchers?.length
  const broken = o.keys.find(
    k =>
      k.assessment.causes.length > 0 &&
      k.uses.some(u => watched.has(u.nodegroup) || (u.source === 'input' && inputForAutoScaling))
  )
  if (!broken) return undefined
  const cause = keyCause([broken])!.cause
  const nodegroup = broken.uses.find(u => watched.has(u.nodegroup))?.nodegroup
  return failure(o, {
    rootCause: cause,
    keyId: broken.id,
    nodegroup,
    message: `Key ${broken.id} would fail the next launch${nodegroup ? ` of ${launcherLabelOf(nodegroup, o.nodegroups)}` : ''}: ${broken.assessment.causes.join(', ')}.`
  })
}
