/**
 * Named node groups that do not exist yet. Run beside `terraform apply`, a node group appears
 * minutes after its cluster turns ACTIVE (access entries, security group rules and the add-ons
 * that come "before compute" are created first), so a missing name is waited for while anything
 * says a deployment is under way. It fails fast only when nothing is under way and the name looks
 * like a typo of a node group that exists; otherwise the deadline decides. Pure.
 */
import type { NodegroupState, Observation, Verdict } from '../model/index.js'
import { failure } from './nodegroups.js'

/** How many polls a named node group may be missing from an ACTIVE cluster before it is a verdict. */
export const MISSING_POLLS = 2

/** What says a deployment is under way, and since when (action clock, when known). */
export interface UnderWay {
  reason: string
  since?: number
}

/**
 * The first sign that a deployment is under way: the deploy command running; the cluster
 * CREATING or UPDATING, or created or updated within the run's timeout before the run started;
 * a node group or an add-on being created.
 */
export function deploymentUnderWay(o: Observation): UnderWay | undefined {
  if (o.command?.running) return { reason: 'the deploy command is running' }
  const status = o.clusterVersion?.status
  if (status === 'CREATING' || status === 'UPDATING')
    return { reason: `cluster ${o.clusterName} is ${status}` }
  // The window is fixed at the run's start, so the rule cannot change its mind mid-run.
  const recent = (at: number | undefined) => at !== undefined && o.startedAt - at < o.timeoutMs
  if (recent(o.clusterCreatedAt))
    return {
      reason: `cluster ${o.clusterName} was created at ${new Date(o.clusterCreatedAt!).toISOString()}`,
      since: o.clusterCreatedAt
    }
  const update = o.clusterVersion?.update
  const updated = update?.createdAt?.getTime() ?? o.clusterUpdatedAt
  if (update?.status === 'InProgress')
    return { reason: `cluster ${o.clusterName} is being updated`, since: updated }
  if (recent(updated))
    return {
      reason: `cluster ${o.clusterName} was updated at ${new Date(updated!).toISOString()}`,
      since: updated
    }
  const creating = o.nodegroups.find(n => n.exists && n.status === 'CREATING')
  if (creating)
    return {
      reason: `node group ${creating.name} is being created`,
      since: creating.createdAt?.getTime()
    }
  const addon = (o.addons ?? []).find(a => a.status === 'CREATING')
  if (addon)
    return { reason: `add-on ${addon.name} is being created`, since: addon.createdAt?.getTime() }
  return undefined
}

/** Edits (insert, delete, substitute, swap two neighbours) between a and b, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase()
  const t = b.toLowerCase()
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0))
  )
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  }
  return d[s.length][t.length]
}

/**
 * The existing node group the name most likely misspells: one or two edits away (one if short).
 * EKS and Auto Scaling compare names exactly, so one that differs only in case is the likeliest of all.
 */
export function likelyMeant(name: string, existing: string[]): string | undefined {
  const allowed = name.length <= 4 ? 1 : 2
  let best: { name: string; distance: number } | undefined
  for (const candidate of existing) {
    const distance = editDistance(name, candidate)
    if (candidate !== name && distance <= allowed && (!best || distance < best.distance))
      best = { name: candidate, distance }
  }
  return best?.name
}

function missingNamed(o: Observation): NodegroupState[] {
  return o.nodegroups.filter(n => n.named && !n.exists)
}

/** What a missing name is compared with: node groups, or the cluster's self-managed groups. */
function existingOf(o: Observation, state: NodegroupState): string[] {
  return (state.selfManaged ? o.existingAsgs : o.existingNodegroups) ?? []
}

/** "a, b" or "no node groups" (or, for a self-managed group, the self-managed groups). */
function existingList(o: Observation, state: NodegroupState): string {
  const existing = existingOf(o, state)
  if (existing.length) return existing.join(', ')
  return state.selfManaged ? 'no self-managed Auto Scaling groups' : 'no node groups'
}

/** "Node group" or "Auto Scaling group": how a sentence about the state starts. */
function noun(state: NodegroupState): string {
  return state.selfManaged ? 'Auto Scaling group' : 'Node group'
}

/** "Node group a, b" or "Auto Scaling group c": the missing names under their launcher's noun. */
function missingNames(states: NodegroupState[]): string {
  return `${noun(states[0])} ${states.map(n => n.name).join(', ')}`
}

/**
 * Before the deadline: a named node group missing for two polls with nothing under way, whose name
 * is a near miss of one that exists, fails at once ("did you mean …"). Anything else waits.
 */
export function misspeltNodegroup(o: Observation): Verdict | undefined {
  if (o.cluster !== 'found' || deploymentUnderWay(o)) return undefined
  const misspelt = missingNamed(o)
    .filter(n => (n.missingPolls ?? 0) >= MISSING_POLLS)
    .map(n => ({ state: n, name: n.name, meant: likelyMeant(n.name, existingOf(o, n)) }))
    .filter(m => m.meant !== undefined)
  if (misspelt.length === 0) return undefined
  // One launcher kind a verdict: the first misspelt name's.
  const first = misspelt[0].state
  const same = misspelt.filter(m => !m.state.selfManaged === !first.selfManaged)
  return failure(o, {
    rootCause: 'nodegroup-not-found',
    nodegroup: first.name,
    candidates: existingOf(o, first),
    message: `${noun(first)} ${same.map(m => `${m.name} does not exist in cluster ${o.clusterName} (did you mean ${m.meant}?)`).join('; ')}; it has ${existingList(o, first)}.`
  })
}

/**
 * At the deadline, on a cluster that exists and with nothing else pending: the named node groups
 * that never appeared, with what exists and since when the run waited for them.
 */
export function nodegroupNeverAppeared(o: Observation, elsePending: boolean): Verdict | undefined {
  const allMissing = missingNamed(o)
  if (o.cluster !== 'found' || allMissing.length === 0 || elsePending) return undefined
  // One launcher kind a verdict: the first missing name's.
  const missing = allMissing.filter(n => !n.selfManaged === !allMissing[0].selfManaged)
  const existing = existingOf(o, missing[0])
  const since = missing
    .map(n => n.missingSince)
    .filter((t): t is number => t !== undefined)
    .reduce((min, t) => Math.min(min, t), Number.POSITIVE_INFINITY)
  const hints = missing
    .map(n => ({ name: n.name, meant: likelyMeant(n.name, existing) }))
    .filter(h => h.meant)
    .map(h => ` (${h.name}: did you mean ${h.meant}?)`)
    .join('')
  return failure(o, {
    rootCause: 'nodegroup-not-found',
    nodegroup: missing[0].name,
    candidates: existing,
    message: `${missingNames(missing)}${hints} did not appear in cluster ${o.clusterName}${Number.isFinite(since) ? ` (waited for since ${new Date(since).toISOString()})` : ''}; it has ${existingList(o, missing[0])}.`
  })
}

/**
 * A node group found by listing that disappeared while watched. Its deletion is no news when the
 * run saw it settled (ACTIVE with its instances in service: its launches were seen to work) or it
 * was already DELETING when first seen (a replacement's old group). Otherwise the outcome it was
 * watched for was never seen: the run fails, naming it, rather than end green on the others.
 */
export function vanishedNodegroup(o: Observation): Verdict | undefined {
  const vanished = (o.deletedNodegroups ?? []).find(
    n => n.settledAt === undefined && n.firstSeenStatus !== 'DELETING'
  )
  if (!vanished) return undefined
  return failure(o, {
    rootCause: 'nodegroup-not-found',
    failureCode: 'ResourceNotFoundException',
    nodegroup: vanished.name,
    message: `${missingNames([vanished])} was deleted while this run watched it (last seen ${vanished.status ?? 'not yet described'}${vanished.deletedAt !== undefined ? `, gone at ${new Date(vanished.deletedAt).toISOString()}` : ''}): it never became ACTIVE with its instances in service, so whether its nodes can launch with their keys was never seen.`
  })
}

/** "x (not created yet; waiting since … while …)" for the pending summary and the progress line. */
export function waitingFor(o: Observation, state: NodegroupState): string {
  const underWay = o.cluster === 'found' ? deploymentUnderWay(o) : undefined
  const since =
    state.missingSince !== undefined ? ` since ${new Date(state.missingSince).toISOString()}` : ''
  return `${state.name} (not created yet; waited for${since}${underWay ? ` while ${underWay.reason}` : ''})`
}
