/**
 * The one verdict: result, root cause, failure code and message, decided from what the run
 * observed. Every mode's watch loop and the post step ask this function; nothing else decides.
 * Pure: plain data in, plain data out.
 *
 * `decideVerdict` returns undefined while the run should keep watching; once the deadline passed
 * or the run was cancelled it always returns a verdict.
 */
import type { Issue } from '@aws-sdk/client-eks'
import {
  activeUpdate,
  describeUpdate,
  KEY_CAUSE_PRECEDENCE,
  isSettled,
  type ActivityRecord,
  type KeyRecord,
  type NodegroupState,
  type Observation,
  type RootCause,
  type Verdict
} from '../model/index.js'
import { classifyMessage, HEALTH_ISSUE_CAUSES } from '../watch/failures.js'
import {
  addonFailure,
  addonVersionFinding,
  DEGRADED_CLEARS,
  nodesInService,
  pendingAddons,
  startedBeforeRun,
  updateFailure,
  updateNote,
  withConsequences
} from './day2.js'
import { decidingFailures, keysOf, kmsFatalFrom, operationStart, transientRuns } from './history.js'

/** Terminal node group states: EKS will not retry them. */
export const TERMINAL_STATES = new Set(['CREATE_FAILED', 'DELETE_FAILED'])

/** How many polls a named node group may be missing from an ACTIVE cluster before it is a verdict. */
export const MISSING_POLLS = 2

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
  // The key was fixed in this run and launches still fail after the grace: the grant is what
  // was missing, and something else (propagation, an SCP, a boundary) still blocks the role.
  const fixed = keys.find(k => k.patchedAt !== undefined)
  if (fixed) return { cause: 'kms-policy-missing-autoscaling-role', keyId: fixed.id }
  return { cause: 'unknown' }
}

function failure(
  o: Observation,
  fields: Omit<Verdict, 'result' | 'decidedAt'> & { rootCause: RootCause }
): Verdict {
  return { result: 'failure', decidedAt: o.now, ...fields }
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
    message: `Node group ${state.name}: launch ${record.statusCode.toLowerCase()}${during} at ${record.start.toISOString()}: ${record.statusMessage || record.description}${note ? ` (${note})` : ''}.${updateNote(o, update)}`
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
function nodegroupFailure(o: Observation): Verdict | undefined {
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
function brokenKey(o: Observation): Verdict | undefined {
  const watched = new Set(o.nodegroups.map(n => n.name))
  const broken = o.keys.find(
    k =>
      k.assessment.causes.length > 0 &&
      k.uses.some(u => watched.has(u.nodegroup) || u.source === 'input')
  )
  if (!broken) return undefined
  const cause = keyCause([broken])!.cause
  const nodegroup = broken.uses.find(u => watched.has(u.nodegroup))?.nodegroup
  return failure(o, {
    rootCause: cause,
    keyId: broken.id,
    nodegroup,
    message: `Key ${broken.id} would fail the next launch${nodegroup ? ` of node group ${nodegroup}` : ''}: ${broken.assessment.causes.join(', ')}.`
  })
}

/** Add-ons still on their way: CREATING or UPDATING, or DEGRADED while nodes are in service. */
function addonsPending(o: Observation): boolean {
  return (o.addons ?? []).some(
    a =>
      a.status === 'CREATING' ||
      a.status === 'UPDATING' ||
      (a.status === 'DEGRADED' && nodesInService(o) > 0)
  )
}

function pendingSummary(o: Observation): string {
  const pending = o.nodegroups
    .filter(s => !isSettled(s))
    .map(s => (s.exists ? `${s.name} (${s.status})` : `${s.name} (not created yet)`))
  pending.push(...pendingAddons(o))
  if (pending.length > 0) return pending.join(', ')
  if (o.cluster !== 'found') return `cluster ${o.clusterName} (not created yet)`
  return o.nodegroups.length === 0 ? 'no node group appeared' : 'nothing'
}

function formatDuration(ms: number): string {
  return ms < 120_000
    ? `${Math.round(ms / 100) / 10} seconds`
    : `${Math.round(ms / 6000) / 10} minutes`
}

function missingNodegroup(o: Observation, commandRunning: boolean): Verdict | undefined {
  if (o.cluster !== 'found' || commandRunning) return undefined
  const missing = o.nodegroups.filter(
    n => n.named && !n.exists && (n.missingPolls ?? 0) >= MISSING_POLLS
  )
  if (missing.length === 0) return undefined
  const existing = o.existingNodegroups ?? []
  return failure(o, {
    rootCause: 'nodegroup-not-found',
    nodegroup: missing[0].name,
    candidates: existing,
    message: `Node group ${missing.map(n => n.name).join(', ')} does not exist in cluster ${o.clusterName}; it has ${existing.length ? existing.join(', ') : 'no node groups'}.`
  })
}

export function decideVerdict(o: Observation): Verdict | undefined {
  if (o.stoppedBeforeReport) {
    return {
      result: 'timeout',
      cancelled: true,
      message:
        'The guard was stopped before it could report (the job was cancelled or timed out); below is what it had seen.',
      decidedAt: o.now
    }
  }
  if (o.error) {
    return failure(o, {
      rootCause:
        o.error.kind === 'permission'
          ? 'permission-denied'
          : o.error.kind === 'credentials'
            ? 'aws-credentials-expired'
            : 'unknown',
      failureCode: o.error.action,
      message: o.error.message
    })
  }
  const seen = nodegroupFailure(o)
  if (seen) return withConsequences(o, seen)
  const addonVersion = addonVersionFinding(o)
  if (addonVersion) return addonVersion
  const addon = addonFailure(o)
  if (addon) return addon
  const command = o.command
  if (command?.exit && !command.interrupted && command.exit.code !== 0) {
    const code = command.exit.signal
      ? `signal ${command.exit.signal}`
      : `exit code ${command.exit.code}`
    return failure(o, {
      rootCause: 'command-failed',
      failureCode: code,
      message: `The deploy command failed on its own (${code}).`
    })
  }
  const commandRunning = command?.running === true
  if (o.cluster === 'missing' && !commandRunning) {
    return failure(o, {
      rootCause: 'cluster-not-found',
      failureCode: 'ResourceNotFoundException',
      message: `Cluster ${o.clusterName} was not found in ${o.region}.`
    })
  }
  const missing = missingNodegroup(o, commandRunning)
  if (missing) return missing

  const keysSettled = o.keyWorkPending.length === 0
  const allSettled = o.cluster === 'found' && o.nodegroups.every(isSettled) && !addonsPending(o)
  if (!commandRunning && keysSettled && allSettled) {
    const broken = brokenKey(o)
    if (broken) return broken
    return {
      result: 'success',
      message:
        o.nodegroups.length === 0
          ? `Cluster ${o.clusterName} has no node groups to watch.`
          : `Every node group is ACTIVE with its instances in service: ${o.nodegroups.map(s => s.name).join(', ')}.`,
      decidedAt: o.now
    }
  }
  if (o.cancelled) {
    return {
      result: 'timeout',
      cancelled: true,
      message: `Cancelled while watching; still pending: ${pendingSummary(o)}.`,
      decidedAt: o.now
    }
  }
  if (o.deadlineReached) {
    // Whatever the keys already show is a better answer than "timeout".
    const broken = keysSettled ? brokenKey(o) : undefined
    if (broken) return broken
    const missingNamed = o.nodegroups.some(s => s.named && !s.exists)
    return {
      result: 'timeout',
      rootCause:
        o.cluster === 'missing'
          ? 'cluster-not-found'
          : missingNamed
            ? 'nodegroup-not-found'
            : undefined,
      message: `No verdict after ${formatDuration(o.timeoutMs)}; still pending: ${pendingSummary(o)}.`,
      decidedAt: o.now
    }
  }
  return undefined
}
