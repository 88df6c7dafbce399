/** The evidence behind a verdict: the failed activity or health issue, the key's facts and checks. */
import type { GuardOutcome, KeyRecord } from '../model/index.js'

/** What the run saw that led to the verdict, in the order a reader checks it. */
export function evidenceOf(outcome: GuardOutcome, key: KeyRecord | undefined): string[] {
  const { verdict } = outcome
  const evidence: string[] = []
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
    if (servicePrincipal && verdict.rootCause === 'kms-policy-missing-autoscaling-role') {
      evidence.push(
        `Statement ${servicePrincipal.Sid ?? '(no Sid)'} names the service principal autoscaling.amazonaws.com; Auto Scaling calls KMS as its service-linked role, so that statement grants nothing to the launches.`
      )
    }
  }
  if (verdict.rootCause === 'nodegroup-not-found' && verdict.candidates)
    evidence.push(
      `Node groups of cluster ${outcome.cluster?.name ?? ''}: ${verdict.candidates.length ? verdict.candidates.join(', ') : 'none'}`.replace(
        ' : ',
        ': '
      )
    )
  // Day 2: the add-on's health issue, what the verdict also explains (add-ons stuck behind it).
  if (verdict.addonIssue)
    evidence.push(
      `Add-on ${verdict.addon} health issue ${verdict.addonIssue.code}: ${verdict.addonIssue.message}`
    )
  evidence.push(...(verdict.consequences ?? []))
  if (verdict.rootCause === 'autoscaling-role-missing')
    evidence.push(`iam:GetRole found no ${outcome.role?.arn ?? 'AWSServiceRoleForAutoScaling'}`)
  return evidence
}
