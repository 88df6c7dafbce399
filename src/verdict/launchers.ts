/**
 * Karpenter's and EKS Auto Mode's part of the verdict: the first instance EC2 terminated with a
 * KMS state reason fails the run at once, with the cause its launcher's key checks give; a key
 * that would fail the next launch fails a settled run. Pure, like nodegroups.ts beside it.
 */
import {
  KEY_CAUSE_PRECEDENCE,
  LAUNCHER_CAUSES,
  LAUNCHER_LABEL,
  type KeyRecord,
  type LauncherState,
  type Observation,
  type RootCause,
  type Verdict
} from '../model/index.js'
import { failure } from './nodegroups.js'

function keysOf(o: Observation, state: LauncherState): KeyRecord[] {
  return (o.launcherKeys ?? []).filter(k => k.launcher?.launcher === state.launcher)
}

function causeOf(keys: KeyRecord[]): { cause: RootCause; key: KeyRecord } | undefined {
  for (const cause of KEY_CAUSE_PRECEDENCE) {
    const key = keys.find(k => k.assessment.causes.includes(cause))
    if (key) return { cause, key }
  }
  return undefined
}

function principalOf(state: LauncherState): string {
  const role =
    state.launcher === 'karpenter' ? 'the Karpenter controller role' : 'the cluster IAM role'
  return state.roleArn ? `${role} ${state.roleArn}` : role
}

/** The first launcher instance terminated on a KMS error, unless a fix of this run came after it. */
export function launcherFailure(o: Observation): Verdict | undefined {
  for (const state of o.launchers ?? []) {
    const instance = state.firstKmsTermination
    if (!instance) continue
    if (state.pending && !o.deadlineReached && !o.cancelled) return undefined
    const keys = keysOf(o, state)
    const fixed = keys.find(k => k.patchedAt !== undefined && k.assessment.causes.length === 0)
    // Instances launched before the fix (plus KMS's propagation) are history, not a verdict.
    if (fixed && (instance.launchedAt ?? 0) < (fixed.patchedAt ?? 0) + o.propagationGraceMs)
      continue
    const found = causeOf(keys)
    const cause = found?.cause ?? LAUNCHER_CAUSES[state.launcher]
    const keyId = found?.key.id ?? keys.find(k => k.facts.manager === 'CUSTOMER')?.id
    return failure(o, {
      rootCause: cause,
      failureCode: instance.reasonCode,
      launcher: state.launcher,
      instanceId: instance.instanceId,
      keyId,
      operation: 'scale-out',
      operationStartedAt: instance.launchedAt,
      message: `${LAUNCHER_LABEL[state.launcher]} launched instance ${instance.instanceId}${instance.nodePool ? ` (node pool ${instance.nodePool})` : ''} as ${principalOf(state)}; EC2 terminated it: ${instance.reasonCode}: ${instance.reasonMessage}.${keyId ? ` Key: ${keyId}.` : " The key is not known: name the NodeClass's key in kms-key-ids to check it."}`
    })
  }
  return undefined
}

/** A launcher's key that would fail its next launch (verify on a settled cluster predicts it). */
export function launcherBrokenKey(o: Observation): Verdict | undefined {
  for (const state of o.launchers ?? []) {
    const found = causeOf(keysOf(o, state))
    if (!found) continue
    return failure(o, {
      rootCause: found.cause,
      keyId: found.key.id,
      launcher: state.launcher,
      message: `Key ${found.key.id} would fail the next launch by ${LAUNCHER_LABEL[state.launcher]} (as ${principalOf(state)}): ${found.key.assessment.causes.join(', ')}.`
    })
  }
  return undefined
}

/** The launchers' checks still running. */
export function launchersPending(o: Observation): boolean {
  return (o.launchers ?? []).some(s => s.pending)
}

/** What a green run says of the launchers: what was checked, and plainly what was not. */
export function launchersNote(o: Observation): string {
  const parts = (o.launchers ?? []).map(state => {
    const label = LAUNCHER_LABEL[state.launcher]
    if (state.unchecked) return ` ${state.unchecked}`
    const keys = keysOf(o, state).map(k => k.id)
    const sources = state.keySources.map(s => s.detail).join('; ')
    const autoModeCaveat =
      state.launcher === 'auto-mode' && !state.keySources.some(s => s.source === 'input')
        ? ' A NodeClass that names its own key is not seen by the EKS API: name it in kms-key-ids to check it.'
        : ''
    return ` ${label}: ${keys.length ? `key${keys.length > 1 ? 's' : ''} ${keys.join(', ')} checked for ${principalOf(state)} (${sources})` : `no key found to check for ${principalOf(state)}`}.${autoModeCaveat}`
  })
  return parts.join('')
}
