/**
 * From what the run saw to what a reader needs: one root cause in a plain sentence, the evidence,
 * what was ruled out, and the fix. Pure.
 */
import type { GuardOutcome, KeyRecord, RootCause, Verdict } from '../model/index.js'
import { FAILURE_PATTERNS } from '../watch/failures.js'
import { ROOT_CAUSES } from '../model/index.js'
import { remedyFor, type Remedy } from './remedy.js'

export interface KeyFinding {
  key: KeyRecord
  causes: RootCause[]
  remedies: Remedy[]
}

export interface Diagnosis {
  result: 'success' | 'failure' | 'timeout'
  rootCause?: RootCause
  failureCode?: string
  /** One plain sentence. */
  headline: string
  explanation?: string
  nodegroup?: string
  key?: KeyRecord
  evidence: string[]
  ruledOut: string[]
  openQuestions: string[]
  fix?: Remedy
  /** Every key with a problem, with its fix (the headline names the deciding one). */
  keyFindings: KeyFinding[]
  drift: string[]
  detectedAfterSeconds?: number
  cancelled: boolean
}

function remedyInput(
  outcome: GuardOutcome,
  cause: RootCause,
  key: KeyRecord | undefined,
  region: string
) {
  return {
    cause,
    key,
    roleArn: key?.roleArn ?? outcome.role?.arn ?? '',
    region,
    account: outcome.identity?.account ?? '',
    partition: outcome.identity?.partition ?? 'aws',
    clusterRoleArn: outcome.cluster?.roleArn
  }
}

/** A note for a KMS failure that no key check explains. */
function unexplainedNote(verdict: Verdict, key: KeyRecord | undefined): string | undefined {
  if (verdict.activity?.pattern?.rootCause !== 'key-check' && !verdict.healthIssue) return undefined
  if (verdict.rootCause === 'kms-policy-missing-autoscaling-role' && key?.patchedAt !== undefined)
    return 'The key policy was fixed in this run and now grants what Auto Scaling needs, yet launches still fail after the propagation grace: KMS may need longer, or another control (an SCP, a permissions boundary) blocks the role.'
  if (verdict.rootCause === 'unknown')
    return 'Every key check passed, yet the launch failed with a KMS error: look for a service control policy or resource control policy denying the role, a key in another Region, or a snapshot encrypted with another key.'
  return undefined
}

/** Causes whose own message (the error, with its fix) is the best headline. */
const ERROR_CAUSES = new Set<RootCause>(['permission-denied', 'aws-credentials-expired', 'unknown'])

export function diagnose(outcome: GuardOutcome, region: string): Diagnosis {
  const { verdict } = outcome
  const evidence: string[] = []
  const cause = verdict.rootCause
  const key = verdict.keyId ? outcome.keys.find(k => k.id === verdict.keyId) : undefined
  const note = unexplainedNote(verdict, key)
  if (verdict.activity) {
    const a = verdict.activity
    evidence.push(
      `Scaling activity ${a.id} of ${a.asg}, started ${a.start.toISOString()}${a.end ? `, ended ${a.end.toISOString()}` : ''}, status ${a.statusCode}: ${a.description || a.statusMessage}`
    )
  }
  if (verdict.healthIssue) {
    evidence.push(
      `Node group health issue ${verdict.healthIssue.code}: ${verdict.healthIssue.message} (${(verdict.healthIssue.resourceIds ?? []).join(', ')})`
    )
  }
  if (key) {
    const f = key.facts
    evidence.push(
      `Key ${f.arn ?? f.reference}: state ${f.state ?? 'not found'}, manager ${f.manager ?? '?'}, spec ${f.spec ?? '?'}/${f.usage ?? '?'}, owner account ${f.account ?? '?'}${f.deletionDate ? `, deletion scheduled ${f.deletionDate}` : ''}`
    )
    for (const use of key.uses)
      evidence.push(
        `Used by ${use.nodegroup === '(input)' ? 'the kms-key-ids input' : `node group ${use.nodegroup}`}: ${use.why}`
      )
    const policy = key.assessment.policy
    for (const status of key.assessment.statuses) {
      const sids = status.statements.map(i => policy?.Statement[i]?.Sid ?? `#${i + 1}`)
      evidence.push(
        `Requirement ${status.requirement.id} for ${status.requirement.statement.Principal ? JSON.stringify(status.requirement.statement.Principal) : ''}: ${status.status}${sids.length ? ` (statements ${sids.join(', ')})` : ''}`
      )
    }
    const servicePrincipal = policy?.Statement.find(
      s =>
        JSON.stringify(s.Principal ?? '').includes('autoscaling.amazonaws.com') &&
        !JSON.stringify(s.Principal ?? '').includes('role/')
    )
    if (servicePrincipal && cause === 'kms-policy-missing-autoscaling-role') {
      evidence.push(
        `Statement ${servicePrincipal.Sid ?? '(no Sid)'} names the service principal autoscaling.amazonaws.com; Auto Scaling calls KMS as its service-linked role, so that statement grants nothing to the launches.`
      )
    }
  }
  // Day 2: the add-on's health issue, what the verdict also explains (add-ons stuck behind it).
  if (verdict.addonIssue)
    evidence.push(
      `Add-on ${verdict.addon} health issue ${verdict.addonIssue.code}: ${verdict.addonIssue.message}`
    )
  evidence.push(...(verdict.consequences ?? []))
  if (cause === 'autoscaling-role-missing')
    evidence.push(`iam:GetRole found no ${outcome.role?.arn ?? 'AWSServiceRoleForAutoScaling'}`)

  const keyFindings: KeyFinding[] = outcome.keys
    .filter(k => k.assessment.causes.length > 0)
    .map(k => ({
      key: k,
      causes: k.assessment.causes,
      remedies: k.assessment.causes.map(c => remedyFor(remedyInput(outcome, c, k, region)))
    }))

  const drift = outcome.keys
    .filter(k => k.patch?.status === 'written')
    .map(
      k =>
        `The key policy of ${k.id} was patched live. If Terraform manages this key, the next terraform apply puts the old policy back unless the configuration gets the same statements: ${k.patch?.added.map(s => s.Sid).join(', ')}.`
    )

  const nodegroupState = verdict.nodegroup
    ? outcome.nodegroups.find(n => n.name === verdict.nodegroup)
    : undefined
  // Measured from the operation watched (an update's start), else the node group's creation.
  const createdAt = verdict.operationStartedAt ?? nodegroupState?.createdAt?.getTime()
  // Only when this run saw the failure happen: a node group already failed was not detected by us.
  const detectedAfterSeconds =
    createdAt !== undefined && verdict.result !== 'success' && !verdict.alreadyFailed
      ? Math.max(0, Math.round((verdict.decidedAt - createdAt) / 100) / 10)
      : undefined

  const sentence = cause ? ROOT_CAUSES[cause] : undefined
  const pattern = verdict.activity?.pattern ?? FAILURE_PATTERNS.find(p => p.rootCause === cause)
  const fix = cause
    ? cause.startsWith('kms-') || cause === 'autoscaling-role-missing'
      ? remedyFor(remedyInput(outcome, cause, key, region))
      : pattern && pattern.rootCause !== 'key-check'
        ? { summary: pattern.remedy }
        : undefined
    : undefined

  let headline: string
  if (verdict.result === 'success') headline = verdict.message
  else if (verdict.cancelled) headline = verdict.message
  else if (verdict.result === 'timeout') headline = verdict.message
  else if (verdict.rootCause && ERROR_CAUSES.has(verdict.rootCause)) headline = verdict.message
  else
    headline = `${verdict.nodegroup ? `Node group ${verdict.nodegroup}: ` : ''}${sentence ?? verdict.message}`

  return {
    result: verdict.result,
    rootCause: verdict.result === 'success' ? undefined : cause,
    failureCode: verdict.failureCode,
    headline,
    explanation: note ?? (verdict.result === 'failure' ? verdict.message : undefined),
    nodegroup: verdict.nodegroup,
    key,
    evidence,
    ruledOut:
      key?.assessment.ruledOut ??
      outcome.keys.flatMap(k => k.assessment.ruledOut.map(r => `${k.id}: ${r}`)),
    openQuestions: outcome.keys.flatMap(k => k.assessment.openQuestions.map(q => `${k.id}: ${q}`)),
    fix: fix && fix.summary ? fix : verdict.fix ? { summary: verdict.fix } : undefined,
    keyFindings,
    drift,
    detectedAfterSeconds,
    cancelled: verdict.cancelled === true
  }
}
