/**
 * From what the run saw to what a reader needs: one root cause in a plain sentence, the evidence,
 * what was ruled out, and the fix. Pure.
 */
import type {
  Diagnosis,
  GuardOutcome,
  KeyFinding,
  KeyRecord,
  RootCause,
  UnreadableImage,
  Verdict
} from '../model/index.js'
import {
  classifyMessage,
  FAILURE_PATTERNS,
  LAUNCHER_CAUSES,
  LAUNCHER_LABEL
} from '../model/index.js'
import { ROOT_CAUSES } from '../model/index.js'
import { remedyFor, type Remedy } from './remedy.js'
import { driftOf } from './drift.js'
import { evidenceOf } from './evidence.js'
import { combineRemedies, orderCauses, permissionRemedy, recreateRemedy } from './recovery.js'

/** Node group states EKS does not leave by itself. */
const TERMINAL = new Set(['CREATE_FAILED', 'DELETE_FAILED'])

export type { Diagnosis, KeyFinding } from '../model/index.js'

function remedyInput(
  outcome: GuardOutcome,
  cause: RootCause,
  key: KeyRecord | undefined,
  region: string
) {
  // A launcher's failure with no key checked: its own role (or a placeholder), never Auto Scaling's.
  const launcher = outcome.verdict.launcher
  const launcherRole = launcher
    ? (outcome.launchers?.find(l => l.launcher === launcher)?.roleArn ??
      (launcher === 'karpenter' ? '<karpenter-controller-role-arn>' : '<cluster-role-arn>'))
    : undefined
  return {
    cause,
    key,
    roleArn: key?.roleArn ?? launcherRole ?? outcome.role?.arn ?? '',
    region,
    account: outcome.identity?.account ?? '',
    partition: outcome.identity?.partition ?? 'aws',
    clusterRoleArn: outcome.cluster?.roleArn
  }
}

/** A note for a KMS failure that no key check explains. */
function unexplainedNote(
  verdict: Verdict,
  key: KeyRecord | undefined,
  terminal: string | undefined,
  unreadable: UnreadableImage[] | undefined
): string | undefined {
  if (verdict.activity?.pattern?.rootCause !== 'key-check' && !verdict.healthIssue) return undefined
  const fixedNow =
    key?.patchedAt !== undefined && key.assessment.causes.length === 0 ? key : undefined
  if (fixedNow && terminal)
    // The headline says that this run fixed the key; this says what changed and why that is not enough.
    return `Key ${fixedNow.id} now grants what Auto Scaling needs${fixedNow.patch?.added.length ? ` (${fixedNow.patch.added.map(s => s.Sid).join(', ')} added to its policy)` : ''}. The failed launches came before that, and EKS does not retry a node group in ${terminal}.`
  if (verdict.rootCause === 'kms-policy-missing-autoscaling-role' && key?.patchedAt !== undefined)
    return 'The key policy was fixed in this run and now grants what Auto Scaling needs, yet launches still fail after the propagation grace: KMS may need longer, or another control (an SCP, a permissions boundary) blocks the role.'
  if (
    key &&
    key.assessment.causes.length === 0 &&
    (verdict.rootCause === 'nodegroup-create-failed' ||
      verdict.rootCause === 'nodegroup-update-failed')
  )
    return `The launches failed on a KMS error, but the key ${key.id} is usable now: every check passes today (it was fixed after those launches). ${verdict.rootCause === 'nodegroup-create-failed' ? `EKS does not retry a node group in ${terminal ?? 'CREATE_FAILED'}: the node group must be recreated.` : 'EKS rolled the update back: start the update again.'}`
  const image = unreadable?.[0]
  if (verdict.rootCause === 'unknown' && image)
    return `Every key this account can read passed its checks, but the AMI ${image.imageId}${image.owner ? ` (owner account ${image.owner})` : ''} has encrypted snapshots (${image.snapshots.join(', ')}) whose key this account cannot read: that key is the likely cause. Ask the AMI's owner which key encrypts them; its policy must allow the Auto Scaling service-linked role, or its owner must let this account create a grant on it for the role (then deploy creates the grant). Or copy the AMI into this account, re-encrypted with a key of this account.`
  if (verdict.rootCause === 'unknown')
    return 'Every key check passed, yet the launch failed with a KMS error: look for a service control policy or resource control policy denying the role, a key in another Region, or a snapshot encrypted with another key.'
  return undefined
}

/** A node group or update that failed on a KMS error whose key passes every check today. */
function usableNow(verdict: Verdict, key: KeyRecord | undefined): KeyRecord | undefined {
  const failedOperation =
    verdict.rootCause === 'nodegroup-create-failed' ||
    verdict.rootCause === 'nodegroup-update-failed'
  const kms =
    verdict.activity?.pattern?.rootCause === 'key-check' ||
    classifyMessage(verdict.healthIssue?.message ?? '')?.pattern.rootCause === 'key-check'
  return failedOperation && kms && key && key.assessment.causes.length === 0 ? key : undefined
}

/** Causes whose own message (the error, with its fix) is the best headline. */
const ERROR_CAUSES = new Set<RootCause>(['permission-denied', 'aws-credentials-expired', 'unknown'])

export function diagnose(outcome: GuardOutcome, region: string): Diagnosis {
  const { verdict } = outcome
  const evidence: string[] = []
  const cause = verdict.rootCause
  // A key checked for both the Auto Scaling role and a launcher's: the verdict's own view of it.
  const key = verdict.keyId
    ? (outcome.keys.find(
        k => k.id === verdict.keyId && k.launcher?.launcher === verdict.launcher
      ) ?? outcome.keys.find(k => k.id === verdict.keyId))
    : undefined
  const nodegroupState = verdict.nodegroup
    ? outcome.nodegroups.find(n => n.name === verdict.nodegroup)
    : undefined
  const terminalStatus =
    verdict.result === 'failure' && TERMINAL.has(nodegroupState?.status ?? '')
      ? nodegroupState?.status
      : undefined
  const note = unexplainedNote(verdict, key, terminalStatus, outcome.unreadableImages)
  evidence.push(...evidenceOf(outcome, key))

  const keyFindings: KeyFinding[] = outcome.keys
    .filter(k => k.assessment.causes.length > 0)
    .map(k => ({
      key: k,
      causes: orderCauses(k.assessment.causes),
      remedies: orderCauses(k.assessment.causes).map(c =>
        remedyFor(remedyInput(outcome, c, k, region))
      )
    }))

  const { drift, driftFix } = driftOf(outcome.keys)

  // Measured from the operation watched (an update's start), else the node group's creation.
  const createdAt = verdict.operationStartedAt ?? nodegroupState?.createdAt?.getTime()
  // Only when this run saw the failure happen: a node group already failed was not detected by us,
  // and a key found broken on a settled node group (a scheduled verify) failed no operation yet.
  const operationWatched =
    verdict.activity !== undefined ||
    verdict.healthIssue !== undefined ||
    verdict.update !== undefined ||
    verdict.instanceId !== undefined ||
    (nodegroupState !== undefined && nodegroupState.status !== 'ACTIVE')
  const detectedAfterSeconds =
    createdAt !== undefined &&
    verdict.result !== 'success' &&
    !verdict.alreadyFailed &&
    operationWatched
      ? Math.max(0, Math.round((verdict.decidedAt - createdAt) / 100) / 10)
      : undefined

  const sentence = cause ? ROOT_CAUSES[cause] : undefined
  const pattern =
    verdict.activity?.pattern ??
    (verdict.healthIssue
      ? classifyMessage(verdict.healthIssue.message ?? '')?.pattern
      : undefined) ??
    (cause && cause !== 'unknown' ? FAILURE_PATTERNS.find(p => p.rootCause === cause) : undefined)
  let fix: Remedy | undefined
  if (cause === 'permission-denied') {
    fix = permissionRemedy({
      action: verdict.failureCode,
      account: outcome.identity?.account ?? accountOfMessage(verdict.message) ?? '',
      partition: outcome.identity?.partition ?? 'aws',
      roleName: roleNameOf(outcome.identity?.arn ?? verdict.message)
    })
  } else if (
    cause &&
    (cause.startsWith('kms-') ||
      cause === 'autoscaling-role-missing' ||
      Object.values(LAUNCHER_CAUSES).includes(cause as never))
  ) {
    // Every cause of the deciding key, in the order the user must fix them: fixing only the first
    // would leave the next launch failing on the second.
    const causes = key ? orderCauses([cause, ...key.assessment.causes]) : [cause]
    // A grant created on another account's key that launches still fail with is not a fix.
    const keyFixedNow =
      key?.patchedAt !== undefined &&
      key.assessment.causes.length === 0 &&
      cause !== 'kms-key-cross-account'
    fix = keyFixedNow
      ? undefined
      : combineRemedies(
          causes.map(c =>
            remedyFor({
              ...remedyInput(outcome, c, key, region),
              policyStepFollows: causes.includes('kms-policy-missing-autoscaling-role')
            })
          )
        )
  } else if (pattern && pattern.rootCause !== 'key-check') {
    // (A pattern whose cause is "unknown" comes only from the failure itself, never from the cause.)
    fix = { summary: pattern.remedy }
  }
  // EC2's "inaccessible AWS KMS key" names no role: say which principal needs the key.
  if (pattern?.id === 'kms-inaccessible-key') evidence.push(pattern.remedy)
  if (terminalStatus && verdict.nodegroup) {
    // That this run fixed the key is the headline's, said once; a key fixed since is said here.
    const fixedByThisRun = key?.patchedAt !== undefined && key.assessment.causes.length === 0
    const usableKey = fixedByThisRun ? undefined : usableNow(verdict, key)
    const recreate = recreateRemedy({
      nodegroup: verdict.nodegroup,
      status: terminalStatus,
      clusterName: outcome.cluster?.name ?? '',
      region,
      keyFixedNow: usableKey
        ? `The key ${usableKey.id} is usable now (fixed since the launches failed).`
        : undefined
    })
    fix = combineRemedies([...(fix ? [fix] : []), recreate])
  }
  const terminal =
    terminalStatus && verdict.nodegroup
      ? {
          nodegroup: verdict.nodegroup,
          status: terminalStatus,
          createdAt: nodegroupState?.createdAt?.toISOString(),
          gaveUpAt: nodegroupState?.modifiedAt?.toISOString(),
          alreadyFailed: verdict.alreadyFailed !== undefined
        }
      : undefined

  let headline: string
  if (verdict.result === 'success') headline = verdict.message
  else if (verdict.cancelled) headline = verdict.message
  else if (verdict.result === 'timeout') headline = verdict.message
  else if (verdict.rootCause && ERROR_CAUSES.has(verdict.rootCause) && !terminal)
    headline = verdict.message
  else if (terminal) {
    const when = [
      terminal.createdAt ? `created ${terminal.createdAt}` : undefined,
      terminal.gaveUpAt ? `EKS gave up at ${terminal.gaveUpAt}` : undefined
    ]
      .filter(Boolean)
      .join(', ')
    headline = `Node group ${terminal.nodegroup} ${terminal.alreadyFailed ? 'was already' : 'is'} ${terminal.status}${terminal.alreadyFailed ? ' when this run started' : ''}${when ? ` (${when})` : ''} and EKS will not retry it. Cause: ${sentence ?? verdict.message}${key?.patchedAt !== undefined && key.assessment.causes.length === 0 ? ' This run fixed the key: recreate the node group.' : usableNow(verdict, key) ? ` It failed on a KMS error; the key ${key!.id} is usable now; the node group must be recreated.` : ''}`
  } else
    headline = `${verdict.nodegroup ? `${verdict.selfManaged ? 'Auto Scaling group' : 'Node group'} ${verdict.nodegroup}: ` : verdict.launcher ? `${LAUNCHER_LABEL[verdict.launcher]}: ` : ''}${sentence ?? verdict.message}`

  return {
    result: verdict.result,
    couldNotLook:
      verdict.result !== 'success' &&
      (verdict.runError !== undefined || cause === 'cluster-not-found'),
    rootCause: verdict.result === 'success' ? undefined : cause,
    failureCode: verdict.failureCode,
    headline,
    explanation: note ?? (verdict.result === 'failure' ? verdict.message : undefined),
    nodegroup: verdict.nodegroup,
    selfManaged: verdict.selfManaged,
    key,
    evidence,
    ruledOut:
      key?.assessment.ruledOut ??
      outcome.keys.flatMap(k => k.assessment.ruledOut.map(r => `${k.id}: ${r}`)),
    openQuestions: outcome.keys.flatMap(k => k.assessment.openQuestions.map(q => `${k.id}: ${q}`)),
    fix: fix && fix.summary ? fix : verdict.fix ? { summary: verdict.fix } : undefined,
    keyFindings,
    drift,
    driftFix,
    terminal,
    detectedAfterSeconds,
    cancelled: verdict.cancelled === true
  }
}

/** The account in an AccessDenied message ("User: arn:aws:sts::111122223333:assumed-role/…"). */
function accountOfMessage(message: string): string | undefined {
  return /arn:[^:\s]+:(?:sts|iam)::(\d{12}):/.exec(message)?.[1]
}

/** The role name of an assumed-role session ARN, or a role ARN. */
function roleNameOf(text: string): string | undefined {
  return (
    /arn:[^:\s]+:sts::\d{12}:assumed-role\/([^/\s]+)\//.exec(text)?.[1] ??
    /arn:[^:\s]+:iam::\d{12}:role\/(?:[^\s]*\/)?([^/\s]+)$/.exec(text)?.[1]
  )
}
