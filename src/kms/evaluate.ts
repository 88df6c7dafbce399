/**
 * Decides a request against a key policy alone. Pure: no AWS, no clock.
 *
 * Evaluation is three-valued. A construct this module does not understand (an unknown condition
 * operator or key, a malformed element) makes the answer "cannot tell", never "granted", so the
 * action never skips a needed fix because of a policy it misread.
 */
import type { AccessRequest, Decision, Json, KeyPolicy, Statement, Tri } from '../model/index.js'
import { conditionMatch } from './conditions.js'
import { asStrings } from './document.js'
import { wildcardMatch } from './wildcard.js'

function accountOf(arn: string): string | undefined {
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1]
}

/** How a statement's principal relates to the requester. */
export type PrincipalMatch = 'exact' | 'account' | 'wildcard' | 'none' | 'unknown'

/**
 * NotPrincipal: the statement applies to every principal it does not list. The role's calls reach
 * KMS as a session of the role (`arn:…:sts::…:assumed-role/<role>/<session>`); IAM excludes such a
 * session only when NotPrincipal names the role itself (a session ARN excludes only that session) — an account (`…:root`,
 * or the bare account id) in NotPrincipal excludes only the account root principal, not the roles
 * in it ("When you use NotPrincipal with Deny, you must also specify the account ARN of the
 * not-denied principal", and a role is excluded only by its ARN:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
 * So a Deny with NotPrincipal {AWS: <account root>} denies the Auto Scaling role.
 */
function notPrincipalMatch(value: Json, principal: string): PrincipalMatch {
  if (value === '*') return 'none'
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'unknown'
  for (const [kind, raw] of Object.entries(value)) {
    const entries = asStrings(raw)
    if (!entries) return 'unknown'
    if (kind !== 'AWS') continue
    for (const entry of entries) {
      if (entry === '*' || entry === principal) return 'none'
      // A session ARN excludes that one session, and the role's calls arrive under a session name
      // this action cannot know for every launcher: whether the Deny reaches them is undecided.
      const role = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(principal)
      if (
        role &&
        new RegExp(`^arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/`).test(entry)
      )
        return 'unknown'
    }
  }
  return 'wildcard'
}

export function principalMatch(statement: Statement, principal: string): PrincipalMatch {
  if (statement.NotPrincipal !== undefined) {
    if (statement.Principal !== undefined) return 'unknown' // both: an invalid statement
    return notPrincipalMatch(statement.NotPrincipal, principal)
  }
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
    if (match === 'unknown') {
      const label = `statement ${statement.Sid ?? index + 1}`
      if (who === 'unknown')
        reasons.push(
          `${label}: its Principal or NotPrincipal cannot be decided for ${request.principal}`
        )
      reasons.push(...condition.reasons.map(r => `${label}: ${r}`))
    }
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
  // A Deny can only take access away: with no Allow that could reach the request, the answer is
  // "denied" whatever the open Deny's condition would say (IAM's evaluation logic: without an
  // Allow the request is implicitly denied,
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
  if (denyOpen && allow === 'no') return { result: 'implicit-deny', statements: [], reasons }
  if (denyOpen) return { result: 'unknown', statements: openBy, reasons }
  if (allow === 'yes') return { result: 'allowed', statements: allowedBy, reasons }
  if (allow === 'unknown') return { result: 'unknown', statements: openBy, reasons }
  return { result: 'implicit-deny', statements: [], reasons }
}
