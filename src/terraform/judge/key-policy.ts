/**
 * A key's policy as check sees it: where it is written (its style, for the fix), its statements
 * with the file and line each was written at (JSON text, documents, or unknown parts put back
 * where they were). Their IAM JSON form for the evaluator is in iam-statement.ts.
 */
import type { Pos } from '../hcl/ast.js'
import {
  EvalError,
  isObject,
  JsonDoc,
  LazyObject,
  positions,
  Unknown,
  type UnknownCause,
  type Value
} from '../eval/values.js'
import type { ResourceInstance } from '../config/resource.js'
import { THIS_ACCOUNT, THIS_PARTITION } from '../config/computed.js'
import { keyTargets, type Index, type KeyTarget } from '../config/discover.js'
import type { PolicyStyle } from '../model.js'

export interface PolicyStatement {
  value: Record<string, Value>
  pos?: Pos
}

export interface PolicyRead {
  style: PolicyStyle
  /** The resource that holds the policy (the key, or an aws_kms_key_policy). */
  holder: ResourceInstance
  /** Where the fix goes: the policy document, or the policy attribute. */
  pos: Pos
  statements?: PolicyStatement[]
  causes: UnknownCause[]
  reason?: string
}

function styleOf(holder: ResourceInstance): PolicyStyle {
  if (holder.module.config.variables.has('key_service_roles_for_autoscaling')) return 'kms-module'
  const expr = holder.decl.body.attributes.get('policy')?.expr
  if (!expr) return 'none'
  if (expr.kind === 'call' && expr.name === 'jsonencode') return 'jsonencode'
  if (expr.kind === 'call' && (expr.name === 'file' || expr.name === 'templatefile')) return 'file'
  if (expr.kind === 'template') return 'heredoc'
  const text = JSON.stringify(expr)
  if (text.includes('"aws_iam_policy_document"')) return 'policy-document'
  return 'unknown'
}

/**
 * The aws_kms_key_policy that replaces a key's own policy, if one names it; otherwise those that
 * may, because their key_id is not known here (the provider's aws_kms_key_policy sets the whole
 * policy of the key it names, whatever the key's own policy argument says:
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key_policy).
 */
export function separatePolicy(
  key: ResourceInstance,
  index: Index
): { holder?: ResourceInstance; maybe: UnknownCause[]; by: string[] } {
  const maybe: UnknownCause[] = []
  const by: string[] = []
  for (const p of index.ofType('aws_kms_key_policy')) {
    let targets: KeyTarget[]
    try {
      targets = keyTargets(p.attribute('key_id') ?? null, index, p.decl.pos)
    } catch (error) {
      if (!(error instanceof EvalError)) throw error
      by.push(p.fullAddress)
      maybe.push({
        what: `the key_id of ${p.fullAddress}`,
        pos: p.attributePos('key_id'),
        how: `it could not be evaluated: ${error.message}`
      })
      continue
    }
    const mine = targets.filter(t => t.kind === 'key' && t.instance === key)
    // Only a policy that names this key whatever the values decides it: one that may name
    // another (a conditional, an unknown) leaves it open which policy is in force.
    if (mine.length > 0 && mine.length === targets.length) return { holder: p, maybe: [], by: [] }
    const unknown = targets.filter(t => t.kind === 'unknown')
    if (mine.length > 0 || unknown.length > 0) by.push(p.fullAddress)
    for (const target of unknown)
      maybe.push(
        ...(target.causes.length
          ? target.causes
          : [
              {
                what: `the key_id of ${p.fullAddress} (${target.text})`,
                pos: p.attributePos('key_id'),
                how: 'write the key it names as a reference to the key (aws_kms_key.NAME.id), or pass plan-json'
              }
            ])
      )
    if (mine.length > 0 && unknown.length === 0)
      maybe.push({
        what: `which key ${p.fullAddress} sets`,
        pos: p.attributePos('key_id'),
        how: 'its key_id names this key or another: make it name one key'
      })
  }
  return { maybe, by }
}

const HOLE = '@@eks-kms-guard-hole@@'

/** Puts the unknowns of a partly known JSON text back into the parsed document. */
function refill(value: Value, unknown: Unknown): Value {
  if (typeof value === 'string' && value.includes(HOLE)) {
    const parts = value.split(HOLE)
    return new Unknown(unknown.causes, parts)
  }
  if (Array.isArray(value)) return value.map(v => refill(v, unknown))
  if (isObject(value)) {
    const copy = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, refill(v, unknown)]))
    const at = positions.get(value)
    if (at) positions.set(copy, at)
    return copy
  }
  return value
}

/** Statement lines in JSON text: where each `"Sid": "…"` is written. */
function placeStatements(text: string, statements: PolicyStatement[], start: Pos): void {
  const lines = text.split('\n')
  for (const statement of statements) {
    const sid = statement.value.Sid
    if (typeof sid !== 'string') continue
    const at = lines.findIndex(l => l.includes(`"${sid}"`) && /"Sid"\s*:/.test(l))
    if (at >= 0) statement.pos = { file: start.file, line: start.line + at }
  }
}

/** The statements of a policy value: a document, JSON text, or an unknown. */
export function documentStatements(
  value: Value,
  textStart?: Pos
): { statements?: PolicyStatement[]; docPos?: Pos; reason?: string; causes: UnknownCause[] } {
  let document: Value = value
  // JSON text with unknown parts (a heredoc or template naming a variable): parse around them.
  if (document instanceof Unknown && document.parts) {
    const text = document.parts.join(HOLE)
    try {
      document = refill(JSON.parse(text) as Value, document)
      const read = documentStatements(document)
      if (read.statements && textStart) placeStatements(text, read.statements, textStart)
      return read
    } catch {
      // not JSON around the holes: unknown as a whole
    }
  }
  if (typeof document === 'string' && textStart) {
    try {
      const read = documentStatements(JSON.parse(document) as Value)
      if (read.statements) placeStatements(document, read.statements, textStart)
      return read
    } catch {
      // reported below
    }
  }
  if (document instanceof JsonDoc) document = document.value
  else if (typeof document === 'string') {
    try {
      document = JSON.parse(document) as Value
    } catch (error) {
      return { reason: `the policy text is not JSON (${(error as Error).message})`, causes: [] }
    }
  }
  if (document instanceof Unknown)
    return { causes: document.causes, reason: `the policy is ${document.text()}` }
  if (!isObject(document)) return { reason: 'the policy is not a JSON object', causes: [] }
  let list = document.Statement
  if (list instanceof Unknown) return { causes: list.causes, reason: 'its statements are unknown' }
  if (isObject(list)) list = [list]
  if (!Array.isArray(list)) return { reason: 'the policy has no Statement list', causes: [] }
  const statements: PolicyStatement[] = []
  for (const item of list) {
    if (item instanceof Unknown) return { causes: item.causes, reason: 'a statement is unknown' }
    if (!isObject(item)) continue
    statements.push({ value: item, pos: positions.get(item) })
  }
  return { statements, docPos: positions.get(document), causes: [] }
}

export function readPolicy(key: ResourceInstance, index: Index): PolicyRead {
  const separate = separatePolicy(key, index)
  const holder = separate.holder ?? key
  const style = styleOf(holder)
  const attrPos = holder.attributePos('policy')
  const base = { holder, style, pos: attrPos }
  // A policy that may be replaced by one written elsewhere decides nothing on its own.
  if (separate.maybe.length)
    return {
      ...base,
      causes: separate.maybe,
      reason: `${separate.by.join(' and ')} may replace its policy (which key${separate.by.length > 1 ? 's they set is' : ' it sets is'} not known here)`
    }
  if (!holder.decl.body.attributes.has('policy'))
    return {
      ...base,
      style: style === 'kms-module' ? style : 'none',
      pos: key.decl.pos,
      statements: [
        {
          value: {
            Sid: 'Enable IAM User Permissions (default policy)',
            Effect: 'Allow',
            Principal: { AWS: `arn:${THIS_PARTITION}:iam::${THIS_ACCOUNT}:root` },
            Action: 'kms:*',
            Resource: '*'
          },
          pos: key.decl.pos
        }
      ],
      causes: []
    }
  let value: Value
  try {
    value = holder.attribute('policy') ?? null
  } catch (error) {
    if (!(error instanceof EvalError)) throw error
    return {
      ...base,
      causes: [
        {
          what: `the policy of ${holder.fullAddress}`,
          pos: error.pos ?? attrPos,
          how: `it could not be evaluated: ${error.message}`
        }
      ],
      reason: error.message
    }
  }
  if (value instanceof LazyObject) value = value.force(attrPos)
  const expr = holder.decl.body.attributes.get('policy')?.expr
  // A JSON-syntax string is on one line of its file, whatever newlines its text holds.
  const oneLine = expr?.pos.file.endsWith('.json')
  const read = documentStatements(
    value,
    expr?.kind === 'template' && !oneLine
      ? { file: expr.pos.file, line: expr.pos.line + 1 }
      : undefined
  )
  if (oneLine && expr) for (const statement of read.statements ?? []) statement.pos ??= expr.pos
  return {
    ...base,
    pos:
      read.docPos && read.docPos.file !== attrPos.file
        ? read.docPos
        : style === 'policy-document' && read.docPos
          ? read.docPos
          : attrPos,
    statements: read.statements,
    causes: read.causes,
    reason: read.reason
  }
}
