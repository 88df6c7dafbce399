/**
 * Key policies as data: parse, normalise, evaluate and merge. Pure: no AWS, no clock.
 *
 * Evaluation is three-valued. A construct this module does not understand (an unknown condition
 * operator or key, NotPrincipal, a malformed element) makes the answer "cannot tell", never
 * "granted", so the action never skips a needed fix because of a policy it misread.
 */

export type Tri = 'yes' | 'no' | 'unknown'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export interface Statement {
  Sid?: string
  Effect?: string
  Principal?: Json
  NotPrincipal?: Json
  Action?: Json
  NotAction?: Json
  Resource?: Json
  NotResource?: Json
  Condition?: Json
  [other: string]: Json | undefined
}

export interface KeyPolicy {
  Version?: string
  Id?: string
  Statement: Statement[]
  [other: string]: unknown
}

/** Who makes the request, and the request context KMS would see. */
export interface AccessRequest {
  principal: string
  action: string
  context: Record<string, string>
}

export interface Decision {
  result: 'allowed' | 'explicit-deny' | 'implicit-deny' | 'unknown'
  /** Indexes of the statements that decided it (or left it open). */
  statements: number[]
  reasons: string[]
}

export class PolicyParseError extends Error {}

/** Parses a key policy; `Statement` may be an object or an array, as IAM allows. */
export function parseKeyPolicy(text: string): KeyPolicy {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new PolicyParseError(`The key policy is not valid JSON: ${(error as Error).message}`)
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new PolicyParseError('The key policy is not a JSON object.')
  }
  const policy = parsed as Record<string, Json>
  const statement = policy.Statement
  if (statement === undefined)
    throw new PolicyParseError('The key policy has no Statement element.')
  const statements = Array.isArray(statement) ? statement : [statement]
  if (!statements.every(s => s !== null && typeof s === 'object' && !Array.isArray(s))) {
    throw new PolicyParseError('Every key policy statement must be a JSON object.')
  }
  return { ...policy, Statement: statements as Statement[] } as KeyPolicy
}

function asStrings(value: Json | undefined): string[] | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string') return [value]
  if (Array.isArray(value) && value.every(v => typeof v === 'string')) return value as string[]
  return undefined
}

/** IAM wildcard match (`*`, `?`), case-insensitive as IAM compares action names. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = true): boolean {
  const source = pattern
    .split('')
    .map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(value)
}

function accountOf(arn: string): string | undefined {
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1]
}

/** How a statement's principal relates to the requester. */
export type PrincipalMatch = 'exact' | 'account' | 'wildcard' | 'none' | 'unknown'

export function principalMatch(statement: Statement, principal: string): PrincipalMatch {
  if (statement.NotPrincipal !== undefined) return 'unknown'
  const value = statement.Principal
  if (value === undefined) return 'none'
  if (value === '*') return 'wildcard'
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'unknown'
  let best: PrincipalMatch = 'none'
  for (const [kind, raw] of Object.entries(value)) {
    const entries = asStrings(raw)
    if (!entries) return 'unknown'
    if (kind !== 'AWS') continue // Service, Federated, CanonicalUser never name an IAM role
    for (const entry of entries) {
      if (entry === '*') return 'wildcard'
      if (entry === principal) return 'exact'
      const account = accountOf(principal)
      if (
        account &&
        (entry === account || entry === `arn:${principal.split(':')[1]}:iam::${account}:root`)
      ) {
        best = 'account'
      }
    }
  }
  return best
}

function actionMatch(statement: Statement, action: string): Tri {
  if (statement.Action !== undefined) {
    const actions = asStrings(statement.Action)
    if (!actions) return 'unknown'
    return actions.some(a => wildcardMatch(a, action)) ? 'yes' : 'no'
  }
  if (statement.NotAction !== undefined) {
    const actions = asStrings(statement.NotAction)
    if (!actions) return 'unknown'
    return actions.some(a => wildcardMatch(a, action)) ? 'no' : 'yes'
  }
  // "If either of the required Resource or Action elements are missing ... the statement has no effect."
  return 'no'
}

function resourceMatch(statement: Statement, keyArn: string): Tri {
  if (statement.Resource !== undefined) {
    const resources = asStrings(statement.Resource)
    if (!resources) return 'unknown'
    return resources.some(r => wildcardMatch(r, keyArn, false)) ? 'yes' : 'no'
  }
  if (statement.NotResource !== undefined) {
    const resources = asStrings(statement.NotResource)
    if (!resources) return 'unknown'
    return resources.some(r => wildcardMatch(r, keyArn, false)) ? 'no' : 'yes'
  }
  return 'no'
}

function conditionValues(raw: Json): string[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw]
  if (!list.every(v => typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number'))
    return undefined
  return list.map(v => String(v))
}

const STRING_OPERATORS: Record<string, (expected: string, actual: string) => boolean> = {
  StringEquals: (e, a) => e === a,
  StringNotEquals: (e, a) => e !== a,
  StringEqualsIgnoreCase: (e, a) => e.toLowerCase() === a.toLowerCase(),
  StringNotEqualsIgnoreCase: (e, a) => e.toLowerCase() !== a.toLowerCase(),
  StringLike: (e, a) => wildcardMatch(e, a, false),
  StringNotLike: (e, a) => !wildcardMatch(e, a, false),
  ArnEquals: (e, a) => wildcardMatch(e, a, false),
  ArnLike: (e, a) => wildcardMatch(e, a, false),
  ArnNotEquals: (e, a) => !wildcardMatch(e, a, false),
  ArnNotLike: (e, a) => !wildcardMatch(e, a, false),
  Bool: (e, a) => e.toLowerCase() === a.toLowerCase()
}
const NEGATED = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'ArnNotEquals',
  'ArnNotLike'
])

/** Evaluates one `Condition` block against the request context, with IAM's AND/OR rules. */
export function conditionMatch(
  condition: Json | undefined,
  context: Record<string, string>
): { result: Tri; reasons: string[] } {
  if (condition === undefined) return { result: 'yes', reasons: [] }
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) {
    return { result: 'unknown', reasons: ['the Condition element is malformed'] }
  }
  let result: Tri = 'yes'
  const reasons: string[] = []
  const lowerContext = new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]))
  for (const [rawOperator, block] of Object.entries(condition)) {
    const ifExists = rawOperator.endsWith('IfExists')
    const operator = ifExists ? rawOperator.slice(0, -'IfExists'.length) : rawOperator
    if (!block || typeof block !== 'object' || Array.isArray(block)) {
      return {
        result: 'unknown',
        reasons: [`condition operator ${rawOperator} has a malformed block`]
      }
    }
    for (const [key, raw] of Object.entries(block)) {
      const values = conditionValues(raw)
      if (!values)
        return {
          result: 'unknown',
          reasons: [`condition ${rawOperator} ${key} has values this action cannot read`]
        }
      const actual = lowerContext.get(key.toLowerCase())
      let outcome: Tri
      if (operator === 'Null') {
        // Null: true means "the key is absent".
        outcome = values.some(v => (v.toLowerCase() === 'true') === (actual === undefined))
          ? 'yes'
          : 'no'
      } else if (!(operator in STRING_OPERATORS)) {
        reasons.push(`condition operator ${rawOperator} is not evaluated by this action`)
        outcome = 'unknown'
      } else if (actual === undefined) {
        if (!(key.toLowerCase() in KNOWN_ABSENT)) {
          reasons.push(`condition key ${key} is not known for this request`)
          outcome = ifExists ? 'yes' : 'unknown'
        } else {
          outcome = ifExists || NEGATED.has(operator) ? 'yes' : 'no'
        }
      } else {
        const test = STRING_OPERATORS[operator]
        // Positive operators: any value matches (OR). Negated operators: no value matches (NOR).
        outcome = (
          NEGATED.has(operator)
            ? values.every(v => test(v, actual))
            : values.some(v => test(v, actual))
        )
          ? 'yes'
          : 'no'
      }
      if (outcome === 'no') return { result: 'no', reasons }
      if (outcome === 'unknown') result = 'unknown'
    }
  }
  return { result, reasons }
}

/**
 * Condition keys that are known to be absent from the requests we evaluate (so a condition on
 * them is decided, not "cannot tell"). Keys we fill in are in the request context instead.
 */
const KNOWN_ABSENT: Record<string, true> = {
  'kms:grantisforawsresource': true,
  'kms:encryptioncontextkeys': true,
  'aws:sourceip': true,
  'aws:sourcevpc': true,
  'aws:sourcevpce': true
}

function and(a: Tri, b: Tri): Tri {
  if (a === 'no' || b === 'no') return 'no'
  if (a === 'unknown' || b === 'unknown') return 'unknown'
  return 'yes'
}

/**
 * Decides a request against a key policy alone. An account principal (`…:root`) in an Allow only
 * delegates to IAM policies, so it does not count as granting; in a Deny it covers every
 * principal of the account.
 */
export function evaluate(
  policy: KeyPolicy,
  keyArn: string,
  request: AccessRequest,
  identityAllows = false
): Decision {
  let allow = 'no' as Tri
  const allowedBy: number[] = []
  const openBy: number[] = []
  const deniedBy: number[] = []
  let denyOpen = false
  const reasons: string[] = []
  policy.Statement.forEach((statement, index) => {
    const effect = statement.Effect
    if (effect !== 'Allow' && effect !== 'Deny') {
      reasons.push(`statement ${index + 1} has Effect ${JSON.stringify(effect)}`)
      if (effect !== undefined) openBy.push(index)
      return
    }
    const who = principalMatch(statement, request.principal)
    let principalTri: Tri
    if (who === 'unknown') principalTri = 'unknown'
    else if (who === 'none') principalTri = 'no'
    else if (who === 'account') principalTri = effect === 'Deny' || identityAllows ? 'yes' : 'no'
    else principalTri = 'yes'
    const condition = conditionMatch(statement.Condition, request.context)
    const match = and(
      and(principalTri, actionMatch(statement, request.action)),
      and(resourceMatch(statement, keyArn), condition.result)
    )
    if (match === 'no') return
    if (match === 'unknown')
      reasons.push(...condition.reasons.map(r => `statement ${statement.Sid ?? index + 1}: ${r}`))
    if (effect === 'Deny') {
      if (match === 'yes') deniedBy.push(index)
      else {
        denyOpen = true
        openBy.push(index)
      }
    } else if (match === 'yes') {
      allow = 'yes'
      allowedBy.push(index)
    } else {
      if (allow === 'no') allow = 'unknown'
      openBy.push(index)
    }
  })
  if (deniedBy.length > 0) return { result: 'explicit-deny', statements: deniedBy, reasons }
  if (denyOpen) return { result: 'unknown', statements: openBy, reasons }
  if (allow === 'yes') return { result: 'allowed', statements: allowedBy, reasons }
  if (allow === 'unknown') return { result: 'unknown', statements: openBy, reasons }
  return { result: 'implicit-deny', statements: [], reasons }
}

/** The request context of a call the Auto Scaling role makes through EBS. */
export function ebsContext(
  region: string,
  account: string,
  principal: string
): Record<string, string> {
  return {
    'kms:ViaService': `ec2.${region}.amazonaws.com`,
    'kms:CallerAccount': account,
    'aws:PrincipalArn': principal,
    'aws:PrincipalAccount': account
  }
}

/** The Auto Scaling guide's first statement, as concrete KMS operations. */
export const USE_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey'
]

/** The same, as the guide writes them in its key policy statement (wildcards included). */
export const USE_STATEMENT_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:DescribeKey'
]

export const CLUSTER_SECRETS_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ListGrants',
  'kms:DescribeKey'
]

export const SID_USE = 'EksKmsGuardAutoScalingUse'
export const SID_GRANTS = 'EksKmsGuardAutoScalingGrants'
export const SID_CLUSTER = 'EksKmsGuardClusterSecrets'

/** A statement the key needs, and the requests that prove it is there. */
export interface Requirement {
  id: 'autoscaling-use' | 'autoscaling-grants' | 'cluster-secrets'
  statement: Statement
  requests: AccessRequest[]
  /** An account (root) statement suffices, because the principal's IAM policies can grant it. */
  identityMayGrant: boolean
}

export interface RequirementInput {
  autoscalingRoleArn: string
  region: string
  account: string
  /** Set when the key also encrypts the cluster's Kubernetes secrets. */
  clusterRoleArn?: string
}

/** The statements of the EC2 Auto Scaling guide (and EKS's, for a secrets key), with stable Sids. */
export function requirements(input: RequirementInput): Requirement[] {
  const { autoscalingRoleArn: role, region, account } = input
  const context = ebsContext(region, account, role)
  const list: Requirement[] = [
    {
      id: 'autoscaling-use',
      statement: {
        Sid: SID_USE,
        Effect: 'Allow',
        Principal: { AWS: role },
        Action: [...USE_STATEMENT_ACTIONS],
        Resource: '*'
      },
      requests: USE_ACTIONS.map(action => ({ principal: role, action, context })),
      identityMayGrant: false
    },
    {
      id: 'autoscaling-grants',
      statement: {
        Sid: SID_GRANTS,
        Effect: 'Allow',
        Principal: { AWS: role },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': true } }
      },
      requests: [
        {
          principal: role,
          action: 'kms:CreateGrant',
          context: { ...context, 'kms:GrantIsForAWSResource': 'true' }
        }
      ],
      identityMayGrant: false
    }
  ]
  if (input.clusterRoleArn) {
    const clusterContext = {
      'kms:CallerAccount': account,
      'aws:PrincipalArn': input.clusterRoleArn,
      'aws:PrincipalAccount': account
    }
    list.push({
      id: 'cluster-secrets',
      statement: {
        Sid: SID_CLUSTER,
        Effect: 'Allow',
        Principal: { AWS: input.clusterRoleArn },
        Action: CLUSTER_SECRETS_ACTIONS,
        Resource: '*'
      },
      requests: CLUSTER_SECRETS_ACTIONS.map(action => ({
        principal: input.clusterRoleArn as string,
        action,
        context: clusterContext
      })),
      identityMayGrant: true
    })
  }
  return list
}

export interface RequirementStatus {
  requirement: Requirement
  status: 'granted' | 'missing' | 'denied' | 'unknown'
  /** Statements (indexes) that grant, deny, or leave the answer open. */
  statements: number[]
  reasons: string[]
}

export function checkRequirements(
  policy: KeyPolicy,
  keyArn: string,
  list: Requirement[]
): RequirementStatus[] {
  return list.map(requirement => {
    const decisions = requirement.requests.map(r =>
      evaluate(policy, keyArn, r, requirement.identityMayGrant)
    )
    const statements = [...new Set(decisions.flatMap(d => d.statements))]
    const reasons = [...new Set(decisions.flatMap(d => d.reasons))]
    if (decisions.some(d => d.result === 'explicit-deny')) {
      const denying = [
        ...new Set(decisions.filter(d => d.result === 'explicit-deny').flatMap(d => d.statements))
      ]
      return { requirement, status: 'denied', statements: denying, reasons }
    }
    if (decisions.every(d => d.result === 'allowed'))
      return { requirement, status: 'granted', statements, reasons }
    if (decisions.some(d => d.result === 'unknown'))
      return { requirement, status: 'unknown', statements, reasons }
    return { requirement, status: 'missing', statements, reasons }
  })
}

/** Unique ids (AROA…, AIDA…) left in a policy by principals deleted since: PutKeyPolicy rejects them. */
export function orphanedPrincipals(policy: KeyPolicy): { statement: number; id: string }[] {
  const found: { statement: number; id: string }[] = []
  policy.Statement.forEach((statement, index) => {
    for (const key of ['Principal', 'NotPrincipal'] as const) {
      const value = statement[key]
      if (!value || typeof value !== 'object' || Array.isArray(value)) continue
      for (const id of asStrings(value.AWS) ?? []) {
        if (/^A[A-Z0-9]{15,}$/.test(id)) found.push({ statement: index, id })
      }
    }
  })
  return found
}

export interface MergeResult {
  changed: boolean
  policy: KeyPolicy
  text: string
  added: Statement[]
}

function uniqueSid(policy: KeyPolicy, sid: string): string {
  const taken = new Set(policy.Statement.map(s => s.Sid))
  if (!taken.has(sid)) return sid
  let n = 2
  while (taken.has(`${sid}${n}`)) n++
  return `${sid}${n}`
}

/**
 * Adds the statements whose requirement is missing, after every existing statement, which are
 * kept exactly as they were and in their order. A policy that already grants (or where the answer
 * is open or an explicit Deny decides) gets nothing added for that requirement.
 */
export function mergeMissing(original: KeyPolicy, statuses: RequirementStatus[]): MergeResult {
  const missing = statuses.filter(s => s.status === 'missing')
  if (missing.length === 0)
    return { changed: false, policy: original, text: serialize(original), added: [] }
  const policy: KeyPolicy = { ...original, Statement: [...original.Statement] }
  const added: Statement[] = []
  for (const { requirement } of missing) {
    const statement = {
      ...requirement.statement,
      Sid: uniqueSid(policy, requirement.statement.Sid as string)
    }
    policy.Statement.push(statement)
    added.push(statement)
  }
  return { changed: true, policy, text: serialize(policy), added }
}

export function serialize(policy: KeyPolicy): string {
  return JSON.stringify(policy, null, 2)
}

/** The statements of `before` that `after` no longer holds as they were (nothing must be lost). */
export function lostStatements(before: KeyPolicy, after: KeyPolicy): Statement[] {
  const kept = new Set(after.Statement.map(s => canonical(s)))
  return before.Statement.filter(s => !kept.has(canonical(s)))
}

/** A key-order-independent form of a JSON value, for comparing statements. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map(k => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}

/** Operations a grant must carry for EBS launches (CreateGrant lets Auto Scaling delegate to EC2). */
export const GRANT_OPERATIONS = [
  'Encrypt',
  'Decrypt',
  'ReEncryptFrom',
  'ReEncryptTo',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'DescribeKey',
  'CreateGrant'
]
