/**
 * One key's verdict: does its policy (or an aws_kms_grant) give the Auto Scaling service-linked
 * role of each group that launches with it what the EC2 Auto Scaling guide requires? Decided by
 * the same policy evaluator as verify and deploy, with unknown parts decided where their known
 * part decides, and otherwise said, with where they are and how to make them known.
 */
import { checkRequirements, requirements } from '../../kms/requirements.js'
import { type KeyPolicy, type RequirementStatus, type Statement } from '../../model/index.js'
import { asThisAccount, literalAccountOf, otherAccountsRoles } from './account.js'
import { THIS_ACCOUNT } from '../config/computed.js'
import { Unknown, mergeCauses, type UnknownCause } from '../eval/values.js'
import { toStatement, type Judge } from './iam-statement.js'
import type { PolicyRead, PolicyStatement } from './key-policy.js'
import type { Pos } from '../hcl/ast.js'
import type { Decider, KeyCheck, KeyUseSite } from '../model.js'
import { grantStatement, type Grant } from './grants.js'
import { REENCRYPT, splitReEncrypt } from './golden-ami.js'

export const CHECK_REGION = 'us-east-1'

function what(status: RequirementStatus): string {
  return status.requirement.id === 'autoscaling-grants'
    ? 'kms:CreateGrant (with kms:GrantIsForAWSResource)'
    : status.requirement.id === REENCRYPT
      ? 'kms:ReEncrypt*'
      : 'Encrypt, Decrypt, ReEncrypt*, GenerateDataKey* and DescribeKey'
}

/** What the requirements ask, once: the use statement's actions already name kms:ReEncrypt*. */
function whatOf(statuses: RequirementStatus[]): string {
  const useAsked = statuses.some(s => s.requirement.id === 'autoscaling-use')
  const asked = useAsked ? statuses.filter(s => s.requirement.id !== REENCRYPT) : statuses
  return [...new Set(asked.map(what))].join(' and ')
}

function at(location: { file?: string; line?: number }): string {
  return location.file ? ` at ${location.file}${location.line ? `:${location.line}` : ''}` : ''
}

const SERVICE_PRINCIPAL = 'autoscaling.amazonaws.com'

export interface JudgeInput {
  address: string
  read: Omit<PolicyRead, 'holder'>
  uses: KeyUseSite[]
  grants: Grant[]
  fix: (style: PolicyRead['style'], missing: Statement[], role: string) => string
  /** Account and partition of "this account", for roles (plan JSON knows them). */
  account?: string
  /** Set when the configuration shows a launch's AMI snapshots are under another key: why. */
  goldenAmi?: string
}

/** The verdict on one key's policy and grants, for the roles of the groups that use it. */
export function judge(input: JudgeInput): KeyCheck {
  const { read, uses, address, grants } = input
  const account = input.account ?? THIS_ACCOUNT
  const base = {
    key: address,
    file: read.pos.file,
    line: read.pos.line,
    style: read.style,
    uses,
    decidedBy: [] as Decider[],
    unknowns: [] as UnknownCause[]
  }
  if (!read.statements) {
    return {
      ...base,
      status: 'unknown',
      unknowns: mergeCauses([new Unknown(read.causes)]),
      message: `Cannot tell whether ${address} lets the Auto Scaling service-linked role use it: ${read.reason ?? 'its policy is not known before apply'}${read.causes.length ? ` (unknown: ${read.causes.map(c => c.what).join(', ')})` : ''}.`
    }
  }
  const roles = [...new Set(uses.map(u => u.role))]
  const causes: UnknownCause[] = []
  const missing: RequirementStatus[] = []
  const denied: RequirementStatus[] = []
  const open: RequirementStatus[] = []
  /** Missing, but needed only under a condition the configuration does not show (ReEncrypt*). */
  const conditional: RequirementStatus[] = []
  const deciders: Decider[] = []
  // The grants on this key after the policy's statements: an index past the policy's is a grant.
  const written: (PolicyStatement & { grant?: Grant })[] = [
    ...read.statements,
    ...grants.map(g => ({ value: grantStatement(g), pos: g.pos as Pos | undefined, grant: g }))
  ]
  let fixRole = roles[0]
  const foreignRoles: string[] = []
  for (const role of roles) {
    if (role.includes('${')) {
      causes.push({
        what: `the service-linked role ${role}`,
        how: 'set service_linked_role_arn to a known value, or pass plan-json'
      })
      open.push(
        ...requirements({ autoscalingRoleArn: role, region: CHECK_REGION, account }).map(
          requirement => ({ requirement, status: 'unknown' as const, statements: [], reasons: [] })
        )
      )
      continue
    }
    const needed = splitReEncrypt(
      requirements({ autoscalingRoleArn: role, region: CHECK_REGION, account })
    )
    const judge: Judge = { role, context: needed[0].requests[0].context, causes: [] }
    const statements = written.map(s => toStatement(s.value, judge))
    // A policy written with literal account ids (the AWS docs' examples) means this account by
    // its number: read that number as "this account" (plan JSON knows the account itself).
    const literal = input.account === undefined ? literalAccountOf(statements) : undefined
    const policy: KeyPolicy = {
      Version: '2012-10-17',
      Statement: literal ? statements.map(st => asThisAccount(st, literal)) : statements
    }
    const accountKnown =
      literal !== undefined || JSON.stringify(policy.Statement).includes(`::${THIS_ACCOUNT}:root`)
    foreignRoles.push(...otherAccountsRoles(policy.Statement, accountKnown))
    // The group's role written with the same literal account is this account's role too.
    const asRole = literal ? role.split(`::${literal}:`).join(`::${THIS_ACCOUNT}:`) : role
    for (const status of checkRequirements(
      policy,
      `arn:aws:kms:${CHECK_REGION}:${account}:key/00000000-0000-0000-0000-000000000000`,
      asRole === role
        ? needed
        : splitReEncrypt(
            requirements({ autoscalingRoleArn: asRole, region: CHECK_REGION, account })
          )
    )) {
      if (status.status === 'granted' || status.status === 'denied')
        for (const s of status.statements.map(i => written[i])) {
          const grant = 'grant' in s ? s.grant : undefined
          deciders.push(
            grant
              ? { kind: 'grant', name: grant.name, file: grant.pos?.file, line: grant.pos?.line }
              : {
                  kind: 'statement',
                  name: typeof s.value.Sid === 'string' ? s.value.Sid : '(no Sid)',
                  file: s.pos?.file,
                  line: s.pos?.line
                }
          )
        }
      if (status.status === 'missing' && status.requirement.id === REENCRYPT && !input.goldenAmi) {
        conditional.push(status)
        fixRole = role
      } else if (status.status === 'missing') {
        missing.push(status)
        fixRole = role
      } else if (status.status === 'denied') denied.push(status)
      else if (status.status === 'unknown') open.push(status)
    }
    if (open.length) causes.push(...judge.causes)
  }
  const decidedBy = deciders.filter(
    (d, i) => deciders.findIndex(e => e.kind === d.kind && e.name === d.name) === i
  )
  const unknowns = mergeCauses([new Unknown(causes)])
  const sp = read.statements.find(s =>
    JSON.stringify(s.value.Principal ?? '').includes(`"${SERVICE_PRINCIPAL}"`)
  )
  const spSid = sp ? (typeof sp.value.Sid === 'string' ? sp.value.Sid : '(no Sid)') : undefined
  const names = decidedBy.map(d => `${d.kind} ${d.name}${at(d)}`).join(', ')
  if (denied.length) {
    // Only the Deny statements: the Allow statements the requirement also matched block nothing.
    const denyNames =
      [
        ...new Set(
          denied.flatMap(status =>
            status.statements
              .map(i => written[i])
              .filter(st => st.value.Effect === 'Deny')
              .map(
                st =>
                  `statement ${typeof st.value.Sid === 'string' ? st.value.Sid : '(no Sid)'}${at(st.pos ?? {})}`
              )
          )
        )
      ].join(', ') || names
    return {
      ...base,
      status: 'denied',
      decidedBy,
      unknowns,
      message: `A Deny statement of ${address}'s policy blocks the Auto Scaling service-linked role (${denyNames}), whatever its Allow statements grant: every node launch with a volume encrypted by this key will be cancelled with Client.InvalidKMSKey.InvalidState.`
    }
  }
  if (missing.length) {
    const spText = spSid
      ? ` Statement ${spSid} names the service principal ${SERVICE_PRINCIPAL}, but EC2 Auto Scaling uses KMS as its service-linked role (arn:<partition>:iam::<account>:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling), so that statement grants the launches nothing.`
      : ''
    const foreign = [...new Set(foreignRoles)]
    const foreignText = foreign.length
      ? ` The policy names the Auto Scaling role of ${foreign.length === 1 ? 'another account' : 'other accounts'} (${foreign.join(', ')}), not this account's: a node group uses the role of its own account (copied from an example?).`
      : ''
    return {
      ...base,
      status: 'missing',
      decidedBy,
      unknowns,
      servicePrincipalSid: spSid,
      message: `The policy of ${address} does not grant the EC2 Auto Scaling service-linked role ${fixRole.replace(/^arn:[^:]+:iam::\d+:/, '')} ${whatOf(missing)}${grants.length ? ', and no aws_kms_grant gives it that' : ''}: ${missing.every(s => s.requirement.id === REENCRYPT) ? `${input.goldenAmi}, so EBS re-encrypts each volume with this key and ` : ''}every node launch with a volume encrypted by this key will be cancelled with Client.InvalidKMSKey.InvalidState.${spText}${foreignText}`,
      fix: input.fix(
        read.style,
        missing.map(s => s.requirement.statement),
        fixRole
      )
    }
  }
  if (conditional.length && !open.length) {
    const role = fixRole.replace(/^arn:[^:]+:iam::\d+:/, '')
    return {
      ...base,
      status: 'unknown',
      decidedBy,
      unknowns: [
        {
          what: `whether the AMI of the launches that use ${address} has snapshots encrypted under another key`,
          pos: uses[0]?.file ? { file: uses[0].file, line: uses[0].line ?? 1 } : undefined,
          how: 'add kms:ReEncrypt* for the role, as the EC2 Auto Scaling guide’s policy does'
        }
      ],
      message: `The policy of ${address} grants the EC2 Auto Scaling service-linked role ${role} everything but kms:ReEncrypt*${grants.length ? ' (and no aws_kms_grant gives it that)' : ''}. EBS calls ReEncrypt* only when a volume's source snapshot is encrypted under a different key — an encrypted golden AMI: launches from such an AMI will be cancelled with Client.InvalidKMSKey.InvalidState; launches from AMIs with unencrypted snapshots (the EKS-optimised AMIs) work. The guide's policy includes it.`,
      fix: input.fix(
        read.style,
        conditional.map(s => s.requirement.statement),
        fixRole
      )
    }
  }
  if (open.length) {
    const reasons = [...new Set(open.flatMap(s => s.reasons))]
    return {
      ...base,
      status: 'unknown',
      decidedBy,
      unknowns,
      message: `Cannot tell whether the policy of ${address} grants the Auto Scaling service-linked role ${whatOf(open)}: ${unknowns.length ? `it depends on ${unknowns.map(c => `${c.what}${at(c.pos ?? {})}`).join(', ')}` : reasons.join('; ') || 'it depends on values known only at apply time'}.`
    }
  }
  return {
    ...base,
    status: 'granted',
    decidedBy,
    unknowns,
    message: `${address} lets the Auto Scaling service-linked role use it: ${names}.`
  }
}
