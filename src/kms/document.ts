/** Key policy documents: parse, serialise, compare, and spot what KMS would reject. Pure. */
import type { Json, KeyPolicy, Statement } from '../model/index.js'

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

/** A string or a list of strings, as IAM allows for most elements; undefined for anything else. */
export function asStrings(value: Json | undefined): string[] | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string') return [value]
  if (Array.isArray(value) && value.every(v => typeof v === 'string')) return value as string[]
  return undefined
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
