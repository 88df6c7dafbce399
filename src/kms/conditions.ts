/**
 * IAM's condition operators and its AND/OR rules, three-valued: an operator, a key or a value
 * this module cannot read makes the answer "cannot tell". Pure.
 */
import type { Json, Tri } from '../model/index.js'
import { wildcardMatch } from './wildcard.js'

function conditionValues(raw: Json): string[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw]
  if (!list.every(v => typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number'))
    return undefined
  return list.map(v => String(v))
}

type Test = (expected: string, actual: string) => boolean | undefined

function ipv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)
  if (!m) return undefined
  const parts = m.slice(1).map(Number)
  if (parts.some(p => p > 255)) return undefined
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0
}

/** IPv4 CIDR membership; undefined (cannot tell) for anything else, e.g. IPv6. */
function inCidr(cidr: string, address: string): boolean | undefined {
  const [base, bitsText] = cidr.split('/')
  const bits = bitsText === undefined ? 32 : Number(bitsText)
  const a = ipv4(address)
  const b = ipv4(base)
  if (a === undefined || b === undefined || !(bits >= 0 && bits <= 32)) return undefined
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0
  return (a & mask) === (b & mask)
}

/** An ARN's six colon-delimited components; the resource, last, keeps any colons of its own. */
function arnComponents(text: string): string[] | undefined {
  const parts = text.split(':')
  return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')]
}

/**
 * ARN operators check each component on its own, so a wildcard never spans a component; a pattern
 * or value without the six components cannot be compared (cannot tell).
 */
function arnMatch(pattern: string, arn: string): boolean | undefined {
  const expected = arnComponents(pattern)
  const actual = arnComponents(arn)
  if (!expected || !actual) return undefined
  return expected.every((part, i) => wildcardMatch(part, actual[i], false))
}

function numeric(text: string): number | undefined {
  return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : undefined
}

/** IAM dates: ISO 8601, or epoch seconds. */
function date(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? undefined : ms
}

function compare(
  parse: (t: string) => number | undefined,
  test: (e: number, a: number) => boolean
): Test {
  return (e, a) => {
    const x = parse(e)
    const y = parse(a)
    return x === undefined || y === undefined ? undefined : test(x, y)
  }
}

/**
 * Every condition operator of IAM (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * A test returns undefined when the value cannot be read as the operator's type ("cannot tell").
 */
const OPERATORS: Record<string, Test> = {
  StringEquals: (e, a) => e === a,
  StringNotEquals: (e, a) => e === a,
  StringEqualsIgnoreCase: (e, a) => e.toLowerCase() === a.toLowerCase(),
  StringNotEqualsIgnoreCase: (e, a) => e.toLowerCase() === a.toLowerCase(),
  StringLike: (e, a) => wildcardMatch(e, a, false),
  StringNotLike: (e, a) => wildcardMatch(e, a, false),
  ArnEquals: arnMatch,
  ArnLike: arnMatch,
  ArnNotEquals: arnMatch,
  ArnNotLike: arnMatch,
  Bool: (e, a) => e.toLowerCase() === a.toLowerCase(),
  BinaryEquals: (e, a) => e === a,
  IpAddress: (e, a) => inCidr(e, a),
  NotIpAddress: (e, a) => inCidr(e, a),
  NumericEquals: compare(numeric, (e, a) => a === e),
  NumericNotEquals: compare(numeric, (e, a) => a === e),
  NumericLessThan: compare(numeric, (e, a) => a < e),
  NumericLessThanEquals: compare(numeric, (e, a) => a <= e),
  NumericGreaterThan: compare(numeric, (e, a) => a > e),
  NumericGreaterThanEquals: compare(numeric, (e, a) => a >= e),
  DateEquals: compare(date, (e, a) => a === e),
  DateNotEquals: compare(date, (e, a) => a === e),
  DateLessThan: compare(date, (e, a) => a < e),
  DateLessThanEquals: compare(date, (e, a) => a <= e),
  DateGreaterThan: compare(date, (e, a) => a > e),
  DateGreaterThanEquals: compare(date, (e, a) => a >= e)
}
/** Negated operators: true when no policy value matches (their test is the positive one). */
const NEGATED = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'ArnNotEquals',
  'ArnNotLike',
  'NotIpAddress',
  'NumericNotEquals',
  'DateNotEquals'
])

/** One context value against the policy values: OR for positive operators, NOR for negated. */
function valueMatch(operator: string, values: string[], actual: string): Tri {
  const results = values.map(v => OPERATORS[operator](v, actual))
  if (results.some(r => r === true)) return NEGATED.has(operator) ? 'no' : 'yes'
  if (results.some(r => r === undefined)) return 'unknown'
  return NEGATED.has(operator) ? 'yes' : 'no'
}

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
    const setMatch = /^(ForAnyValue|ForAllValues):(.+)$/.exec(rawOperator)
    const qualifier = setMatch?.[1]
    const unqualified = setMatch ? setMatch[2] : rawOperator
    const ifExists = unqualified.endsWith('IfExists')
    const operator = ifExists ? unqualified.slice(0, -'IfExists'.length) : unqualified
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
      const absent = actual === undefined && key.toLowerCase() in KNOWN_ABSENT
      let outcome: Tri
      if (operator === 'Null') {
        // Null: true means "the key is absent".
        if (actual === undefined && !absent) {
          reasons.push(`condition key ${key} is not known for this request`)
          outcome = 'unknown'
        } else
          outcome = values.some(v => (v.toLowerCase() === 'true') === (actual === undefined))
            ? 'yes'
            : 'no'
      } else if (!(operator in OPERATORS)) {
        reasons.push(`condition operator ${rawOperator} is not an IAM condition operator`)
        outcome = 'unknown'
      } else if (actual === undefined && !absent) {
        // IfExists does not settle it: a key we cannot know may be in the request, compared.
        reasons.push(`condition key ${key} is not known for this request`)
        outcome = 'unknown'
      } else if (actual === undefined) {
        // A key absent from the request: IfExists passes; ForAllValues holds over the empty set;
        // ForAnyValue finds no value; a plain negated operator is true, a positive one false
        // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
        if (ifExists || qualifier === 'ForAllValues') outcome = 'yes'
        else if (qualifier === 'ForAnyValue') outcome = 'no'
        else outcome = NEGATED.has(operator) ? 'yes' : 'no'
      } else {
        // Every present key of these requests is single-valued: a set of one value, for which
        // ForAnyValue and ForAllValues both reduce to the operator itself.
        outcome = valueMatch(operator, values, actual)
        if (outcome === 'unknown')
          reasons.push(`condition ${rawOperator} ${key} has a value this action cannot compare`)
      }
      if (outcome === 'no') return { result: 'no', reasons }
      if (outcome === 'unknown') result = 'unknown'
    }
  }
  return { result, reasons }
}

/**
 * Condition keys absent from the requests we evaluate: the calls EC2 makes to KMS for the Auto
 * Scaling service-linked role (forward access sessions of the role, kms:ViaService = ec2). A
 * condition on them is decided, not "cannot tell". Keys present are in the request context
 * (requirements.ts `ebsContext`). Sources, AWS global condition context keys
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
 * - aws:SourceVpc, aws:SourceVpce, aws:VpcSourceIp: "included only if the request is made using
 *   an Amazon VPC endpoint"; EC2 calls KMS from AWS's own network, not through the user's VPC.
 * - aws:SourceIp: the requester's IP; an AWS service calling on a principal's behalf is not the
 *   user's host, so no customer address range in a policy names it (the IAM guide: an
 *   aws:SourceIp condition "denies access to an AWS service that makes calls on your behalf").
 *   Decided as absent: a range naming every address (…/0) is the one shape that could differ.
 * - aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, aws:SourceOrgPaths: only "when a service
 *   principal" calls on behalf of a resource; here the caller is a role.
 * - aws:PrincipalServiceName, aws:PrincipalServiceNamesList: only for service principals.
 * - aws:username: only for IAM users. aws:SourceIdentity: only when set at AssumeRole, which a
 *   service-linked role session does not.
 * - aws:FederatedProvider: only for federated principals.
 * - kms:GrantIsForAWSResource: only on grant operations (filled in for CreateGrant).
 * - kms:EncryptionContextKeys: not decided for grants here (EBS's context is not a fixed value).
 */
const KNOWN_ABSENT: Record<string, true> = {
  'kms:grantisforawsresource': true,
  'kms:encryptioncontextkeys': true,
  'aws:sourceip': true,
  'aws:sourcevpc': true,
  'aws:sourcevpce': true,
  'aws:vpcsourceip': true,
  'aws:sourcearn': true,
  'aws:sourceaccount': true,
  'aws:sourceorgid': true,
  'aws:sourceorgpaths': true,
  'aws:principalservicename': true,
  'aws:principalservicenameslist': true,
  'aws:username': true,
  'aws:sourceidentity': true,
  'aws:federatedprovider': true
}
