/**
 * The one verdict: result, root cause, failure code and message, decided from what the run
 * observed. Every mode's watch loop and the post step ask this function; nothing else decides.
 * Pure: plain data in, plain data out.
 *
 * `decideVerdict` returns undefined while the run should keep watching; once the deadline passed
 * or the run was cancelled it always returns a verdict.
 */
import { isSettled, launcherLabel, type Observation, type Verdict } from '../model/index.js'
import {
  addonFailure,
  addonVersionFinding,
  nodesInService,
  pendingAddons,
  withConsequences
} from './day2.js'
import { misspeltNodegroup, nodegroupNeverAppeared, vanishedNodegroup, waitingFor } from './late.js'
import { brokenKey, failure, nodegroupFailure } from './nodegroups.js'
import { launcherBrokenKey, launcherFailure, launchersNote, launchersPending } from './launchers.js'

export { keyCause, TERMINAL_STATES } from './nodegroups.js'
export { MISSING_POLLS } from './late.js'

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
    .map(s =>
      !s.exists
        ? waitingFor(o, s)
        : s.selfManaged
          ? `Auto Scaling group ${s.name} (instances not all in service)`
          : `${s.name} (${s.status})`
    )
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

/** Node groups deleted after they were seen settled (or already DELETING): said, not failed. */
function deletedNote(o: Observation): string {
  const deleted = (o.deletedNodegroups ?? []).map(n => n.name)
  return deleted.length ? ` Deleted while watched: ${deleted.join(', ')}.` : ''
}

/**
 * Launchers beside the node groups: a green run says what it checked of them, and plainly what
 * not (Auto Mode seen by DescribeCluster but not checked, when its checks did not run).
 */
function autoModeNote(o: Observation): string {
  const checked = (o.launchers ?? []).some(s => s.launcher === 'auto-mode')
  return (
    launchersNote(o) +
    (o.autoMode && !checked
      ? ' EKS Auto Mode is enabled: the keys of the nodes it launches were not checked.'
      : '')
  )
}

/** The green run's list: managed node groups ACTIVE, self-managed groups at their desired size. */
function settledSentence(o: Observation): string {
  const managed = o.nodegroups.filter(s => !s.selfManaged).map(s => s.name)
  const selfManaged = o.nodegroups.filter(s => s.selfManaged).map(s => launcherLabel(s))
  const sentences: string[] = []
  if (managed.length)
    sentences.push(
      `Every node group is ACTIVE with its instances in service: ${managed.join(', ')}.`
    )
  if (selfManaged.length)
    sentences.push(`Instances in service as desired in ${selfManaged.join(', ')}.`)
  return sentences.join(' ')
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
      runError: o.error.kind,
      message: o.error.message
    })
  }
  const seen = nodegroupFailure(o)
  if (seen) return withConsequences(o, seen)
  const launched = launcherFailure(o)
  if (launched) return launched
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
  const misspelt = misspeltNodegroup(o)
  if (misspelt) return misspelt
  const vanished = vanishedNodegroup(o)
  if (vanished) return vanished

  const keysSettled = o.keyWorkPending.length === 0 && !launchersPending(o)
  const allSettled = o.cluster === 'found' && o.nodegroups.every(isSettled) && !addonsPending(o)
  if (!commandRunning && keysSettled && allSettled) {
    const broken = brokenKey(o) ?? launcherBrokenKey(o)
    if (broken) return broken
    return {
      result: 'success',
      message:
        o.nodegroups.length === 0
          ? `Cluster ${o.clusterName} has no node groups or self-managed Auto Scaling groups to watch.${deletedNote(o)}${autoModeNote(o)}`
          : `${settledSentence(o)}${deletedNote(o)}${autoModeNote(o)}`,
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
    const broken = keysSettled ? (brokenKey(o) ?? launcherBrokenKey(o)) : undefined
    if (broken) return broken
    // Nothing but named node groups that never appeared: they do not exist, say what does.
    const elsePending =
      commandRunning ||
      !keysSettled ||
      addonsPending(o) ||
      o.nodegroups.some(s => s.exists && !isSettled(s))
    const neverAppeared = nodegroupNeverAppeared(o, elsePending)
    if (neverAppeared) return neverAppeared
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
