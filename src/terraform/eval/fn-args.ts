/** What Terraform's functions need of their arguments, with the error Terraform would give. */
import type { Pos } from '../hcl/ast.js'
import type { Scope } from './evaluate.js'
import { EvalError, isObject, LazyObject, toStringValue, typeName, type Value } from './values.js'

/** A function whose arguments are evaluated first (known, or the call is unknown). */
export type Fn = (args: Value[], pos: Pos, scope: Scope) => Value

export function list(value: Value, pos: Pos): Value[] {
  if (Array.isArray(value)) return value
  throw new EvalError(`expected a list, got ${typeName(value)}`, pos)
}

export function object(value: Value, pos: Pos): Record<string, Value> {
  if (value instanceof LazyObject) return value.force(pos)
  if (isObject(value)) return value
  throw new EvalError(`expected a map or object, got ${typeName(value)}`, pos)
}

/** Sets of strings or of numbers are in Terraform's order: lexical, or numeric. */
export function setOrder(items: Value[]): Value[] {
  if (items.every(v => typeof v === 'string')) return [...items].sort()
  if (items.every(v => typeof v === 'number'))
    return [...items].sort((a, b) => (a as number) - (b as number))
  return items
}

export function str(value: Value, pos: Pos): string {
  if (value === null) throw new EvalError('a null value where a string is needed', pos)
  return toStringValue(value, pos)
}
