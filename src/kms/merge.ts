/** Adds the missing statements to a key policy, keeping every existing one as it was. Pure. */
import type { KeyPolicy, RequirementStatus, Statement } from '../model/index.js'
import { canonical, serialize } from './document.js'

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
export function mergeMissing(
  original: KeyPolicy,
  statuses: RequirementStatus[],
  /** Also add the statements whose answer is "cannot tell" (deploy acting on launch failures). */
  includeUnknown = false
): MergeResult {
  const present = new Set(original.Statement.map(s => canonical({ ...s, Sid: undefined })))
  const missing = statuses.filter(
    s =>
      s.status === 'missing' ||
      // An undecided requirement gets its statement once: never a second copy under a new Sid.
      // Launch failures are evidence about the Auto Scaling role only: the cluster role's
      // statement is added only when the policy neither names that role nor delegates to IAM.
      (includeUnknown &&
        s.status === 'unknown' &&
        s.requirement.id !== 'cluster-secrets' &&
        !present.has(canonical({ ...s.requirement.statement, Sid: undefined })))
  )
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
