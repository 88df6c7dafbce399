/** The evidence behind a verdict: the failed activity or health issue, the key's facts and checks. */
import { LAUNCHER_LABEL, type GuardOutcome, type KeyRecord } from '../model/index.js'

/** What each requirement of the key policy lets its principal do, in a reader's words. */
const REQUIREMENT_WORDS: Record<string, [who: string, what: string]> = {
  'autoscaling-use': [
    'the Auto Scaling service-linked role',
    'use the key (Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey)'
  ],
  'autoscaling-grants': [
    'the Auto Scaling service-linked role',
    'create grants for AWS resources (kms:CreateGrant), which EC2 needs to attach the volumes'
  ],
  'cluster-secrets': ['the cluster role', 'use the key for Kubernetes secrets encryption']
}

/** A principal's short name: a role ARN's last path segment. */
function principalName(principal: unknown): string | undefined {
  const aws = (principal as { AWS?: unknown } | undefined)?.AWS
  return typeof aws === 'string' ? aws.split('/').pop() : undefined
}

/** One requirement of the key policy as a sentence: "the key policy has no statement for …". */
export function requirementSentence(
  id: string,
  status: string,
  statements: string[],
  name?: string
): string {
  const [who, what] = REQUIREMENT_WORDS[id] ?? [`the principal of requirement ${id}`, 'use the key']
  const role = `${who}${name ? ` (${name})` : ''}`
  const list = statements.join(', ')
  switch (status) {
    case 'granted':
      return `The key policy lets ${role} ${what}${list ? ` (statements ${list})` : ''}.`
    case 'missing':
      return `The key policy has no statement that lets ${role} ${what}.`
    case 'denied':
      return `A Deny statement of the key policy${list ? ` (${list})` : ''} keeps ${role} from being able to ${what}.`
    default:
      return `Cannot tell whether the key policy lets ${role} ${what}${list ? ` (statements ${list} have conditions this run cannot evaluate)` : ''}.`
  }
}

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
    const refused = f.ownerRefused ?? []
    if (refused.includes('kms:DescribeKey'))
      evidence.push(
        `Key ${f.arn ?? f.reference} (owner account ${f.account ?? '?'}): its key policy refuses this account ${refused.join(', ')}, so its state, spec and grants cannot be read${verdict.activity ? '; the failed launch above is the evidence that the Auto Scaling role cannot use it' : ''}`
      )
    else
      evidence.push(
        `Key ${f.arn ?? f.reference}: state ${f.state ?? 'not found'}, manager ${f.manager ?? '?'}, spec ${f.spec ?? '?'}/${f.usage ?? '?'}, owner account ${f.account ?? '?'}${f.deletionDate ? `, deletion scheduled ${f.deletionDate}` : ''}`
      )
    if (refused.length > 0 && !refused.includes('kms:DescribeKey'))
      evidence.push(
        `The key policy of account ${f.account ?? '?'} refuses this account ${refused.join(', ')} on the key (an AccessDenied from the key's owner, not from this run's role)${f.grantsUnknown ? '; whether a grant for the Auto Scaling role exists cannot be listed, so the failed launches decide it' : ''}.`
      )
    if (key.changed)
      evidence.push(
        `The key changed during this run: it passed every check when read${key.changed.readBefore !== undefined ? ` at ${new Date(key.changed.readBefore).toISOString()}` : ''}, and has ${key.changed.after.join(', ')} when read again at ${new Date(key.changed.at).toISOString()}. ${key.changed.who}`
      )
    if (key.grant)
      evidence.push(
        `This run created grant ${key.grant.id} (${key.grant.name}) on the key for ${key.roleArn}.`
      )
    for (const use of key.uses)
      evidence.push(
        `Used by ${use.nodegroup === '(input)' ? 'the kms-key-ids input' : key.launcher ? LAUNCHER_LABEL[key.launcher.launcher] : `${use.selfManaged ? 'Auto Scaling group' : 'node group'} ${use.nodegroup}`}: ${use.why}`
      )
    if (key.iamMissing)
      evidence.push(
        `The key policy leaves ${key.roleArn} to IAM, and IAM's simulation of that role's policies does not allow ${key.iamMissing.join(', ')} on the key through EC2.`
      )
    const policy = key.assessment.policy
    for (const status of key.assessment.statuses) {
      const sids = status.statements.map(i => policy?.Statement[i]?.Sid ?? `#${i + 1}`)
      evidence.push(
        requirementSentence(
          status.requirement.id,
          status.status,
          sids,
          principalName(status.requirement.statement.Principal)
        )
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
