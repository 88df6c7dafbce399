/**
 * Decides a request against a key policy alone. Pure: no AWS, no clock.
 *
 * Evaluation is three-valued. A construct this module does not understand (an unknown condition
 * operator or key, a malformed element) makes the answer "cannot tell", never "granted", so the
 * action never skips a needed fix because of a policy it misread.
 */
import type { AccessRequest, Decision, Json, KeyPolicy, Statement, Tri } from '../model/index.js'
import { asStrings } from './document.js'

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
