/**
 * `data "aws_iam_policy_document"` rendered as the AWS provider renders it: statement blocks
 * (static or dynamic), principals and conditions, `source_policy_documents` first, then this
 * document's statements (replacing source statements with the same Sid), then
 * `override_policy_documents` (replacing by Sid, else appended). Each statement keeps its line.
 */
import type { Pos } from '../hcl/ast.js'
import { isObject, JsonDoc, positions, Unknown, unknownFrom, type Value } from '../eval/values.js'
import type { BlockValue } from './blocks.js'
import type { ResourceInstance } from './resource.js'

type Statement = Record<string, Value>

function listOf(value: Value): Value {
  if (value === null || value === undefined) return value
  if (Array.isArray(value) || value instanceof Unknown) return value
  return [value]
}

function one(value: Value): Value {
  return Array.isArray(value) && value.length === 1 ? value[0] : value
}

function statementOf(block: BlockValue): Statement {
  const get = (name: string) => block.get(name, block.pos)
  const statement: Statement = {}
  const sid = get('sid')
  if (sid !== null && sid !== '') statement.Sid = sid
  const effect = get('effect')
  statement.Effect = effect === null ? 'Allow' : effect
  for (const [field, key] of [
    ['actions', 'Action'],
    ['not_actions', 'NotAction'],
    ['resources', 'Resource'],
    ['not_resources', 'NotResource']
  ] as const) {
    const value = get(field)
    if (value !== null) statement[key] = one(listOf(value))
  }
  for (const [field, key] of [
    ['principals', 'Principal'],
    ['not_principals', 'NotPrincipal']
  ] as const) {
    const blocks = block.get(field, block.pos)
    if (!Array.isArray(blocks) || blocks.length === 0) continue
    const principals: Record<string, Value> = {}
    for (const p of blocks as BlockValue[]) {
      const type = p.get('type', p.pos)
      const identifiers = listOf(p.get('identifiers', p.pos))
      if (type instanceof Unknown) return { ...statement, [key]: unknownFrom(type) }
      const name = String(type)
      const before = principals[name]
      principals[name] =
        before === undefined
          ? identifiers
          : Array.isArray(before) && Array.isArray(identifiers)
            ? [...before, ...identifiers]
            : unknownFrom(before, identifiers)
    }
    // `type = "*"` with identifiers ["*"] is Principal "*".
    statement[key] =
      Object.keys(principals).length === 1 && principals['*'] !== undefined
        ? '*'
        : Object.fromEntries(Object.entries(principals).map(([k, v]) => [k, one(v)]))
  }
  const conditions = block.get('condition', block.pos)
  if (Array.isArray(conditions) && conditions.length > 0) {
    const condition: Record<string, Record<string, Value>> = {}
    for (const c of conditions as BlockValue[]) {
      const test = c.get('test', c.pos)
      const variable = c.get('variable', c.pos)
      const values = listOf(c.get('values', c.pos))
      if (test instanceof Unknown || variable instanceof Unknown) {
        statement.Condition = unknownFrom(test, variable)
        break
      }
      condition[String(test)] ??= {}
      condition[String(test)][String(variable)] = one(values)
    }
    if (!(statement.Condition instanceof Unknown)) statement.Condition = condition
  }
  positions.set(statement, block.pos)
  return statement
}

/** Statements of a JSON policy given as text or as a document. */
function statementsOf(document: Value): Statement[] | Unknown {
  let value: Value = document
  if (value instanceof JsonDoc) value = value.value
  else if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as Value
    } catch {
      return new Unknown([{ what: 'a source policy document', how: 'it is not JSON' }])
    }
  }
  if (value instanceof Unknown) return unknownFrom(value)
  if (!isObject(value)) return []
  const statements = value.Statement
  if (statements instanceof Unknown) return unknownFrom(statements)
  const list = Array.isArray(statements) ? statements : statements ? [statements] : []
  return list.filter(isObject)
}

function mergeBySid(base: Statement[], extra: Statement[], appendUnmatched: boolean): Statement[] {
  const out = [...base]
  for (const statement of extra) {
    const sid = statement.Sid
    const at = typeof sid === 'string' && sid ? out.findIndex(s => s.Sid === sid) : -1
    if (at >= 0) out[at] = statement
    else if (appendUnmatched) out.push(statement)
  }
  return out
}

export function renderPolicyDocument(instance: ResourceInstance, pos: Pos): Value {
  const own = instance.blocks('statement').map(statementOf)
  let statements: Statement[] = []
  for (const field of ['source_policy_documents', 'source_json'] as const) {
    const sources = listOf(instance.attribute(field) ?? null)
    if (sources instanceof Unknown) return unknownFrom(sources)
    for (const source of (sources as Value[] | null) ?? []) {
      if (source === null) continue
      const list = statementsOf(source)
      if (list instanceof Unknown) return list
      statements = mergeBySid(statements, list, true)
    }
  }
  statements = mergeBySid(statements, own, true)
  for (const field of ['override_policy_documents', 'override_json'] as const) {
    const overrides = listOf(instance.attribute(field) ?? null)
    if (overrides instanceof Unknown) return unknownFrom(overrides)
    for (const override of (overrides as Value[] | null) ?? []) {
      if (override === null) continue
      const list = statementsOf(override)
      if (list instanceof Unknown) return list
      statements = mergeBySid(statements, list, true)
    }
  }
  const document: Record<string, Value> = {
    Version: instance.attribute('version') ?? '2012-10-17',
    Statement: statements
  }
  const id = instance.attribute('policy_id')
  if (id !== undefined && id !== null) document.Id = id
  positions.set(document, instance.decl.pos)
  void pos
  return new JsonDoc(document)
}
