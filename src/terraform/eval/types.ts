/**
 * Type constraints of variables, as Terraform applies them to the values it is given: object
 * attributes that were left out become null or their optional() default, so a module reading
 * `each.value.create` of a node group map gets what Terraform would give it.
 */
import type { Expr } from '../hcl/ast.js'
import { evaluate, type Scope } from './evaluate.js'
import { isObject, numberFromText, Unknown, type Value } from './values.js'

const NO_NAMES: Scope = {
  root: () => null,
  readFile: () => undefined,
  parseTemplate: () => ({ kind: 'literal', value: null, pos: { file: '', line: 0 } })
}

/** A value that does not convert is left as it is (Terraform would reject it). */
function primitive(name: string, value: Value): Value {
  if (name === 'string' && (typeof value === 'number' || typeof value === 'boolean'))
    return String(value)
  if (name === 'number' && typeof value === 'string' && numberFromText(value) !== undefined)
    return Number(value)
  if (name === 'bool' && (value === 'true' || value === 'false')) return value === 'true'
  return value
}

/** Applies a type constraint (the `type` expression of a variable) to a value. */
export function convert(value: Value, type: Expr | undefined): Value {
  // null, unknown and lazy values (module outputs) pass through every constraint as they are.
  if (!type || value === null || value instanceof Unknown) return value
  if (type.kind === 'variable') return primitive(type.name, value)
  if (type.kind !== 'call') return value
  const [inner, fallback] = type.args
  switch (type.name) {
    case 'optional':
      return convert(value, inner)
    case 'list':
    case 'set':
      return Array.isArray(value) ? value.map(v => convert(v, inner)) : value
    case 'map':
      return isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, inner)]))
        : value
    case 'tuple':
      if (!Array.isArray(value) || inner?.kind !== 'tuple') return value
      return value.map((v, i) => convert(v, inner.items[i]))
    case 'object': {
      if (!isObject(value) || inner?.kind !== 'object') return value
      const result: Record<string, Value> = {}
      for (const item of inner.items) {
        const name =
          item.key.kind === 'variable' ? item.key.name : String(evaluate(item.key, NO_NAMES))
        const attrType = item.value
        if (name in value && value[name] !== null) result[name] = convert(value[name], attrType)
        else if (attrType.kind === 'call' && attrType.name === 'optional' && attrType.args[1])
          result[name] = convert(evaluate(attrType.args[1], NO_NAMES), attrType.args[0])
        else result[name] = null
      }
      return result
    }
  }
  void fallback
  return value
}
