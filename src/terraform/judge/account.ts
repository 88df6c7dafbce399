/**
 * Which literal account id a key policy means by "this account". check runs without AWS, so
 * "this account" is symbolic (data.aws_caller_identity); a policy written with literal ARNs — as
 * the AWS documentation's examples are — names it by number instead. The key policy's own root
 * statement (`arn:aws:iam::<id>:root`, which KMS's default policy always has) says which number
 * that is; failing that, the one account every AWS principal of the policy belongs to.
 */
import type { Json, Statement } from '../../model/index.js'
import { THIS_ACCOUNT } from '../config/computed.js'

const ROOT = /^arn:aws[\w-]*:iam::(\d{12}):root$/
const ACCOUNT_OF = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/

function awsPrincipals(statement: Statement): string[] {
  const principal = statement.Principal
  if (!principal || typeof principal !== 'object' || Array.isArray(principal)) return []
  const aws = (principal as Record<string, Json>).AWS
  return (Array.isArray(aws) ? aws : [aws]).filter((p): p is string => typeof p === 'string')
}

/** The account a policy written with literal ids is about, when it says so unambiguously. */
export function literalAccountOf(statements: Statement[]): string | undefined {
  const principals = statements.flatMap(awsPrincipals)
  const roots = new Set(
    principals.flatMap(p => (/^\d{12}$/.test(p) ? [p] : (ROOT.exec(p)?.slice(1) ?? [])))
  )
  if (roots.size === 1) return [...roots][0]
  if (roots.size > 1) return undefined
  const accounts = new Set(principals.flatMap(p => ACCOUNT_OF.exec(p)?.slice(1) ?? []))
  return accounts.size === 1 ? [...accounts][0] : undefined
}

/** The statement with that literal account read as "this account" (ARNs, ids, conditions). */
export function asThisAccount(statement: Statement, account: string): Statement {
  const map = (value: Json): Json =>
    typeof value === 'string'
      ? value.split(account).join(THIS_ACCOUNT)
      : Array.isArray(value)
        ? value.map(map)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, map(v)]))
          : value
  return map(statement as Json) as Statement
}

const AUTOSCALING_ROLE =
  /^arn:aws[\w-]*:iam::(\d{12}):role\/aws-service-role\/autoscaling\.amazonaws\.com\//

/**
 * Auto Scaling roles the policy names in an account that is not this one. Once the account is
 * known (a literal root, or statements written in this account's terms), such a role never
 * matches, and an example copied with its account (123456789012) is the usual reason.
 */
export function otherAccountsRoles(statements: Statement[], accountKnown: boolean): string[] {
  if (!accountKnown) return []
  return statements.flatMap(awsPrincipals).filter(p => {
    const account = AUTOSCALING_ROLE.exec(p)?.[1]
    return account !== undefined && account !== THIS_ACCOUNT
  })
}
