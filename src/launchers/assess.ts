/**
 * A key as a launcher's role meets it: the key's own facts (found, state, spec) as for any launch,
 * then the launcher's requirements (src/kms/launchers.ts) in place of the Auto Scaling role's.
 * Where the key policy grants only through the account root statement, the role's IAM policies
 * decide (KMS: "the key policy must allow, directly or by delegating to IAM, and then IAM must
 * allow", https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html). Pure.
 */
import { assessKey } from '../kms/key.js'
import { launcherRequirements } from '../kms/launchers.js'
import { checkRequirements } from '../kms/requirements.js'
import {
  LAUNCHER_CAUSES,
  LAUNCHER_LABEL,
  type KeyAssessment,
  type KeyContext,
  type KeyFacts,
  type LaunchPrincipal,
  type RequirementStatus,
  type RootCause
} from '../model/index.js'

/** Conclusions of the Auto Scaling view that say nothing of a launcher's role. */
const AUTOSCALING_ONLY = new Set<RootCause>([
  'kms-policy-missing-autoscaling-role',
  'autoscaling-role-missing',
  'kms-key-explicit-deny'
])

export type LauncherPrincipal = LaunchPrincipal & { launcher: 'karpenter' | 'auto-mode' }

export interface LauncherAssessment {
  assessment: KeyAssessment
  /** Requirements the key policy leaves to the account: the role's IAM policies decide them. */
  delegated: string[]
}

/**
 * `iamAllowed`: the KMS actions the role's IAM policies allow on this key (SimulatePrincipalPolicy),
 * or undefined when they were not read (then a delegated requirement is "cannot tell").
 */
export function assessLauncherKey(
  facts: KeyFacts,
  context: KeyContext,
  principal: LauncherPrincipal,
  iamAllowed?: Set<string>
): LauncherAssessment {
  const base = assessKey(facts, { ...context, autoscalingRoleExists: true })
  const assessment: KeyAssessment = {
    ...base,
    causes: base.causes.filter(c => !AUTOSCALING_ONLY.has(c)),
    statuses: [],
    ruledOut: base.ruledOut.filter(r => !/Auto Scaling/.test(r)),
    openQuestions: base.openQuestions.filter(q => !/Auto Scaling role/.test(q))
  }
  const delegated: string[] = []
  const policy = base.policy
  if (!policy || facts.manager === 'AWS' || base.crossAccount || !facts.arn)
    return { assessment, delegated }
  const label = `${LAUNCHER_LABEL[principal.launcher]}'s role ${principal.roleArn}`
  const needed = launcherRequirements({
    principal,
    region: context.region,
    account: context.callerAccount
  })
  const direct = checkRequirements(
    policy,
    facts.arn,
    needed.map(r => ({ ...r, identityMayGrant: false }))
  )
  const viaAccount = checkRequirements(policy, facts.arn, needed)
  for (const [i, requirement] of needed.entries()) {
    const what =
      requirement.id === 'launcher-grants' ? 'kms:CreateGrant for AWS resources' : 'key use for EBS'
    let status: RequirementStatus = direct[i]
    if (direct[i].status === 'denied' || viaAccount[i].status === 'denied') {
      status = direct[i].status === 'denied' ? direct[i] : viaAccount[i]
      assessment.causes.push('kms-key-explicit-deny')
    } else if (direct[i].status === 'granted') {
      assessment.ruledOut.push(`the key policy grants ${label} ${what}`)
    } else if (viaAccount[i].status === 'granted') {
      delegated.push(requirement.id)
      const actions = requirement.requests.map(r => r.action)
      if (!iamAllowed) {
        status = { ...viaAccount[i], status: 'unknown' }
        assessment.openQuestions.push(
          `whether the IAM policies of ${label} allow ${what} (the key policy leaves it to the account)`
        )
      } else if (actions.every(a => iamAllowed.has(a))) {
        status = viaAccount[i]
        assessment.ruledOut.push(
          `the key policy delegates to the account and the IAM policies of ${label} allow ${what}`
        )
      } else {
        status = { ...viaAccount[i], status: 'missing' }
      }
    } else if (direct[i].status === 'unknown' || viaAccount[i].status === 'unknown') {
      status = direct[i].status === 'unknown' ? direct[i] : viaAccount[i]
      assessment.openQuestions.push(
        `whether the key policy grants ${label} ${what}: ${status.reasons.join('; ') || 'a statement this action cannot evaluate'}`
      )
    }
    assessment.statuses.push(status)
  }
  const missing = assessment.statuses.some(s => s.status === 'missing')
  if (missing && !assessment.grantCovers)
    assessment.causes.push(LAUNCHER_CAUSES[principal.launcher])
  else if (missing) assessment.ruledOut.push(`a grant lets ${principal.roleArn} use the key`)
  if (!assessment.causes.includes('kms-key-explicit-deny'))
    assessment.ruledOut.push(`no Deny statement of the key policy blocks ${label}`)
  assessment.causes = [...new Set(assessment.causes)]
  return { assessment, delegated }
}
