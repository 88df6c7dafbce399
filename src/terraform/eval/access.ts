/**
 * Terraform's attribute access, indexing and iteration order over our values: an unknown stays
 * unknown (keeping the resource it refers to), a missing attribute or index is an EvalError.
 */
import type { Pos } from '../hcl/ast.js'
import {
  aTypeName,
  EvalError,
  isObject,
  LazyObject,
  toStringValue,
  Unknown,
  unknownFrom,
  unknownText,
  type Value
} from './values.js'

export function getAttr(target: Value, name: string, pos: Pos): Value {
  if (target instanceof LazyObject) return target.get(name, pos)
  if (target instanceof Unknown) {
    if (target.ref) return new Unknown(target.causes, undefined, { ...target.ref, attribute: name })
    return new Unknown(target.causes)
  }
  if (isObject(target)) {
    if (!(name in target)) throw new EvalError(`this object has no attribute "${name}"`, pos)
    return target[name]
  }
  if (target === null) throw new EvalError(`attempt to get attribute "${name}" from null`, pos)
  throw new EvalError(`${aTypeName(target)} value has no attribute "${name}"`, pos)
}

export function getIndex(target: Value, key: Value, pos: Pos): Value {
  if (unknownText(key)) return unknownFrom(key, target)
  // An element of a resource attribute still names the resource.
  if (target instanceof Unknown) return new Unknown(target.causes, undefined, target.ref)
  if (Array.isArray(target)) {
    const index = typeof key === 'string' ? Number(key) : key
    if (typeof index !== 'number' || !Number.isInteger(index))
      throw new EvalError(`a list index must be a whole number`, pos)
    if (index < 0 || index >= target.length)
      throw new EvalError(`index ${index} is out of range for a list of ${target.length}`, pos)
    return target[index]
  }
  if (target instanceof LazyObject || isObject(target))
    return getAttr(target, toStringValue(key, pos), pos)
  throw new EvalError(`${aTypeName(target)} value cannot be indexed`, pos)
}

/** The elements a for expression, for_each or splat iterates over, with their keys. */
export function entries(collection: Value, pos: Pos): [Value, Value][] {
  if (Array.isArray(collection)) return collection.map((v, i) => [i, v])
  if (collection instanceof LazyObject) collection = collection.force(pos)
  if (isObject(collection))
    return Object.keys(collection)
      .sort()
      .map(k => [k, collection[k]])
  throw new EvalError(`cannot iterate over ${aTypeName(collection)} value`, pos)
}
