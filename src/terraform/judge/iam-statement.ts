/**
 * A statement as check evaluated it, in IAM's JSON form for the policy evaluator, decided for one
 * role and request context: every unknown part is either decided by its known part (a principal
 * or condition value whose known text already matches, or cannot) or left unknown with its causes.
 */
import { wildcardMatch } from '../../kms/wildcard.js'
import type { Json, Statement } from '../../model/index.js'
import {
  isObject,
  JsonDoc,
  LazyObject,
  Unknown,
  type UnknownCause,
  type Value
} from '../eval/values.js'

/** Context a requirement's requests carry, for deciding partly known condition values. */
export interface Judge {
  role: string
  context: Record<string, string>
  causes: UnknownCause[]
}

const SLR_ROLE = /:role\/aws-service-role\/[^/]+\/[\w+=,.@-]+$/

function pattern(unknown: Unknown): string | undefined {
  return unknown.parts ? unknown.parts.join('*') : undefined
}

/** A principal entry: the role, another principal, or unknown. */
function principalEntry(value: Value, judge: Judge): Json {
  if (typeof value === 'string') return value
  if (value instanceof Unknown) {
    if (value.ref && value.ref.type !== 'aws_iam_service_linked_role')
      // An aws_iam_role (or any other resource) is never a service-linked role.
      return `${value.ref.module ? `${value.ref.module}.` : ''}${value.ref.address}.${value.ref.attribute}`
    const glob = pattern(value)
    if (glob !== undefined) {
      const tail = value.parts?.[value.parts.length - 1] ?? ''
      if (!wildcardMatch(glob, judge.role, false)) return value.text()
      // Only the partition or account is unknown: the role of this account, by its full path.
      const name = SLR_ROLE.exec(judge.role)?.[0]
      if (name && tail.endsWith(name)) return judge.role
    }
    judge.causes.push(...value.causes)
    return { unresolved: value.text() }
  }
  judge.causes.push(...(value instanceof JsonDoc ? [] : []))
  return { unresolved: JSON.stringify(value) }
}

function conditionValue(value: Value, key: string, judge: Judge): Json {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value
  if (value instanceof Unknown && value.parts) {
    const actual = Object.entries(judge.context).find(
      ([k]) => k.toLowerCase() === key.toLowerCase()
    )?.[1]
    if (actual !== undefined) {
      const glob = pattern(value) as string
      if (!wildcardMatch(glob, actual, false)) return value.text()
      // kms:ViaService = "ec2.${region}.amazonaws.com": the hole is the Region of the key, where
      // EC2 calls from; the service part is known and decides it.
      if (
        key.toLowerCase() === 'kms:viaservice' &&
        value.parts?.length === 2 &&
        /^[a-z0-9-]+\.$/.test(value.parts[0]) &&
        value.parts[1] === '.amazonaws.com'
      )
        return actual
    }
  }
  if (value instanceof Unknown) judge.causes.push(...value.causes)
  return { unresolved: value instanceof Unknown ? value.text() : JSON.stringify(value) }
}

function plain(value: Value, judge: Judge): Json {
  if (value instanceof Unknown) {
    judge.causes.push(...value.causes)
    return { unresolved: value.text() }
  }
  if (value instanceof JsonDoc) return plain(value.value, judge)
  if (value instanceof LazyObject) return { unresolved: 'an object' }
  if (Array.isArray(value)) return value.map(v => plain(v, judge))
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, judge)]))
  return value
}

/** One statement in IAM JSON, decided for one role and request context. */
export function toStatement(statement: Record<string, Value>, judge: Judge): Statement {
  const out: Statement = {}
  for (const [field, value] of Object.entries(statement)) {
    if ((field === 'Principal' || field === 'NotPrincipal') && value instanceof Unknown) {
      // A principal whose type is unknown may be the role: neither "*" nor an object, the
      // evaluator leaves it undecided (an object would be read as a principal type).
      judge.causes.push(...value.causes)
      out[field] = value.text()
    } else if ((field === 'Principal' || field === 'NotPrincipal') && isObject(value)) {
      out[field] = Object.fromEntries(
        Object.entries(value).map(([type, entries]) => [
          type,
          Array.isArray(entries)
            ? entries.map(e => principalEntry(e, judge))
            : principalEntry(entries, judge)
        ])
      )
    } else if (field === 'Condition' && isObject(value)) {
      out.Condition = Object.fromEntries(
        Object.entries(value).map(([operator, block]) => [
          operator,
          isObject(block)
            ? Object.fromEntries(
                Object.entries(block).map(([key, values]) => [
                  key,
                  Array.isArray(values)
                    ? values.map(v => conditionValue(v, key, judge))
                    : conditionValue(values, key, judge)
                ])
              )
            : plain(block, judge)
        ])
      )
    } else out[field] = plain(value, judge)
  }
  return out
}
