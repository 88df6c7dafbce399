/**
 * One key's verdict for the roles that launch nodes without EC2 Auto Scaling: Karpenter's
 * controller role and EKS Auto Mode's cluster role, each with its own requirements
 * (kms/launchers.ts). Unlike the Auto Scaling service-linked role, these roles can also be
 * granted by their IAM policies where the key policy delegates to the account: the configuration
 * shows those policies, so that case is decided from them, and is "cannot tell" only where some of
 * the role's policies are not declared here.
 */
import { checkRequirements } from '../../kms/requirements.js'
import { launcherRequirements } from '../../kms/launchers.js'
import type { KeyPolicy, Requirement, RequirementStatus, Statement } from '../../model/index.js'
import { THIS_ACCOUNT } from '../config/computed.js'
import { mergeCauses, Unknown, type UnknownCause } from '../eval/values.js'
import { toStatement, type Judge } from './iam-statement.js'
import type { PolicyRead, PolicyStatement } from './key-policy.js'
import type { RolePolicies } from './role-policies.js'
import type { Decider, KeyCheck, KeyUseSite } from '../model.js'

const REGION = 'us-east-1'
const KEY_ARN = `arn:aws:kms:${REGION}:${THIS_ACCOUNT}:key/00000000-0000-0000-0000-000000000000`

const WHO = { karpenter: 'Karpenter', 'auto-mode': 'EKS Auto Mode' } as const
const ROLE = { karpenter: 'controller role', 'auto-mode': 'cluster role' } as const

export interface LauncherJudgeInput {
  address: string
  read: Omit<PolicyRead, 'holder'>
  uses: KeyUseSite[]
  /** The role's IAM policies as declared here. */
  identity: (role: string) => RolePolicies
  /** The fix for the missing statements, for this launcher and role (key policy, and IAM where it applies). */
  fix: (launcher: 'karpenter' | 'auto-mode', missing: Statement[], role: string) => string
}

type Outcome = RequirementStatus & { via?: 'identity'; policies?: string[] }

function shortRole(role: string): string {
  return role.replace(/^arn:[^:]+:iam::\d+:/, '').replace(/\.arn$/, '')
}

function what(id: string): string {
  return id === 'launcher-grants'
    ? 'kms:CreateGrant (with kms:GrantIsForAWSResource)'
    : 'Decrypt, ReEncrypt*, GenerateDataKeyWithoutPlaintext and DescribeKey'
}

function decide(
  statements: Statement[],
  list: Requirement[],
  delegate: boolean
): RequirementStatus[] {
  const policy: KeyPolicy = { Version: '2012-10-17', Statement: statements }
  return checkRequirements(
    policy,
    KEY_ARN,
    list.map(r => ({ ...r, identityMayGrant: delegate }))
  )
}

/**
 * A role the configuration declares has no ARN before apply: it is named by its resource
 * (`module.karpenter.aws_iam_role.controller.arn`). The evaluator reads the account from an ARN,
 * so the role is compared as a role of this account under that name, in requests and principals.
 */
function asArn(role: string): string {
  return role.startsWith('arn:') ? role : `arn:aws:iam::${THIS_ACCOUNT}:role/${role}`
}

function withRoleArn(statement: Statement, role: string): Statement {
  const swap = (entry: unknown): unknown => (entry === role ? asArn(role) : entry)
  const principal = statement.Principal
  if (!principal || typeof principal !== 'object' || Array.isArray(principal)) return statement
  const aws = (principal as Record<string, unknown>).AWS
  if (aws === undefined) return statement
  return {
    ...statement,
    Principal: { ...principal, AWS: Array.isArray(aws) ? aws.map(swap) : swap(aws) }
  } as Statement
}

/** The requirements of one role, from the key policy and, where it delegates to the account, the role's IAM policies. */
function judgeRole(
  launcher: 'karpenter' | 'auto-mode',
  role: string,
  written: PolicyStatement[],
  identity: RolePolicies,
  causes: UnknownCause[]
): Outcome[] {
  const needed = launcherRequirements({
    principal: { launcher, roleArn: asArn(role) },
    region: REGION,
    account: THIS_ACCOUNT
  })
  const judge: Judge = { role, context: needed[0].requests[0].context, causes: [] }
  const statements = written.map(s => withRoleArn(toStatement(s.value, judge), role))
  const keyOnly = decide(statements, needed, false)
  const delegated = decide(statements, needed, true)
  const out: Outcome[] = []
  needed.forEach((requirement, i) => {
    const own = keyOnly[i]
    if (own.status === 'granted' || own.status === 'denied' || delegated[i].status !== 'granted') {
      if (own.status === 'unknown') causes.push(...judge.causes)
      out.push(own)
      return
    }
    // The key policy delegates to the account: the role's IAM policies decide.
    if (identity.hidden.length) {
      causes.push(...identity.hidden)
      out.push({ ...own, status: 'unknown', via: 'identity' })
      return
    }
    const iamJudge: Judge = { ...judge, causes: [] }
    const iam = identity.statements.map(s =>
      toStatement({ ...s.value, Principal: { AWS: asArn(role) } }, iamJudge)
    )
    const [result] = decide(iam, [requirement], false)
    if (result.status === 'unknown') causes.push(...iamJudge.causes)
    out.push({
      ...result,
      statements: [...delegated[i].statements],
      via: 'identity',
      policies: [...new Set(result.statements.map(n => identity.statements[n].policy))]
    })
  })
  return out
}

export function judgeLauncher(input: LauncherJudgeInput): KeyCheck {
  const { read, uses, address } = input
  const base = {
    key: address,
    file: read.pos.file,
    line: read.pos.line,
    style: read.style,
    uses,
    decidedBy: [] as Decider[],
    unknowns: [] as UnknownCause[]
  }
  const first = uses[0]
  const launcher = (first.launcher === 'karpenter' ? 'karpenter' : 'auto-mode') as
    'karpenter' | 'auto-mode'
  const who = `${WHO[launcher]}'s ${ROLE[launcher]}`
  if (!read.statements)
    return {
      ...base,
      status: 'unknown',
      unknowns: mergeCauses([new Unknown(read.causes)]),
      message: `Cannot tell whether ${address} lets ${who} use it for node volumes: ${read.reason ?? 'its policy is not known before apply'}.`
    }
  const causes: UnknownCause[] = []
  const deciders: Decider[] = []
  const missing: { role: string; outcome: Outcome }[] = []
  const denied: Outcome[] = []
  const open: Outcome[] = []
  for (const role of [...new Set(uses.map(u => u.role))]) {
    if (role.startsWith('${')) {
      causes.push({
        what: role.slice(2, -1).split(': ')[0],
        pos: first.file ? { file: first.file, line: first.line ?? 1 } : undefined,
        how: role.slice(2, -1).split(': ').slice(1).join(': ') || 'it is not known before apply'
      })
      open.push({
        requirement: launcherRequirements({
          principal: { launcher, roleArn: 'unknown' },
          region: REGION,
          account: THIS_ACCOUNT
        })[0],
        status: 'unknown',
        statements: [],
        reasons: []
      })
      continue
    }
    const identity = input.identity(role)
    for (const outcome of judgeRole(launcher, role, read.statements, identity, causes)) {
      if (outcome.status === 'granted' || outcome.status === 'denied')
        for (const index of outcome.statements) {
          const s = read.statements[index]
          deciders.push({
            kind: 'statement',
            name: typeof s.value.Sid === 'string' ? s.value.Sid : '(no Sid)',
            file: s.pos?.file,
            line: s.pos?.line
          })
        }
      if (outcome.status === 'granted' && outcome.policies)
        for (const policy of outcome.policies)
          deciders.push({ kind: 'statement', name: `IAM policy ${policy}` })
      if (outcome.status === 'missing') missing.push({ role, outcome })
      else if (outcome.status === 'denied') denied.push(outcome)
      else if (outcome.status === 'unknown') open.push(outcome)
    }
  }
  const decidedBy = deciders.filter((d, i) => deciders.findIndex(e => e.name === d.name) === i)
  const unknowns = mergeCauses([new Unknown(causes)])
  const consequence = `every node ${WHO[launcher]} launches with a volume encrypted by this key is terminated seconds after launch (state reason Client.InvalidKMSKey.InvalidState or Client.InternalError), and ${launcher === 'karpenter' ? 'Karpenter keeps launching and losing instances while pods stay Pending' : 'Auto Mode keeps launching and losing instances while pods stay Pending'}.`
  if (denied.length)
    return {
      ...base,
      status: 'denied',
      decidedBy,
      unknowns,
      message: `A Deny statement of ${address}'s policy blocks ${who} (${decidedBy.map(d => d.name).join(', ')}): ${consequence}`
    }
  if (missing.length) {
    const role = missing[0].role
    const viaIdentity = missing.filter(m => m.outcome.via === 'identity')
    const actions = [...new Set(missing.map(m => what(m.outcome.requirement.id)))].join(' and ')
    const identity = input.identity(role)
    const policies = [...new Set(identity.statements.map(s => s.policy))]
    const reason = viaIdentity.length
      ? `The policy of ${address} leaves ${who} ${shortRole(role)} to its IAM policies (it allows the account), and none of the role's policies here (${policies.join(', ') || 'none'}) allows ${actions}${launcher === 'karpenter' ? ' — the Karpenter module grants no KMS permission by default' : ''}`
      : `The policy of ${address} does not let ${who} ${shortRole(role)} use it: it lacks ${actions}`
    return {
      ...base,
      status: 'missing',
      decidedBy,
      unknowns,
      message: `${reason}: ${consequence}`,
      fix: input.fix(
        launcher,
        missing.map(m => m.outcome.requirement.statement),
        role
      )
    }
  }
  if (open.length)
    return {
      ...base,
      status: 'unknown',
      decidedBy,
      unknowns,
      message: `Cannot tell whether ${address} lets ${who} use it for node volumes: it depends on ${unknowns.map(c => `${c.what}${c.pos ? ` at ${c.pos.file}:${c.pos.line}` : ''} (${c.how})`).join('; ') || 'values known only at apply time'}.`
    }
  return {
    ...base,
    status: 'granted',
    decidedBy,
    unknowns,
    message: `${address} lets ${who} use it for node volumes: ${decidedBy.map(d => d.name).join(', ')}.`
  }
}
