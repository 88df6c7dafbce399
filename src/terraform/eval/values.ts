/**
 * The values the evaluator computes. Known values are plain JSON-like data. What Terraform would
 * only know later is an `Unknown`, which says why (and how to make it known), keeps the known
 * text around its holes (`"ec2.${var.region}.amazonaws.com"` → ["ec2.", ".amazonaws.com"]), and,
 * for a resource attribute, which resource it is — so `kms_key_id = aws_kms_key.ebs.arn` still
 * names its key.
 */
import type { Pos } from '../hcl/ast.js'

export interface UnknownCause {
  /** What is unknown: `var.region`, `data.aws_kms_key.x.arn`, `module.eks`. */
  what: string
  pos?: Pos
  /** How to make it known. */
  how: string
}

/** A resource (or data source) attribute known only after apply (or at plan time). */
export interface ResourceRef {
  /** Directory of the root module the resource belongs to (several roots can be checked at once). */
  root?: string
  /** `module.a.module.b["x"]` or '' for the root module. */
  module: string
  /** `aws_kms_key.this[0]`, `data.aws_kms_key.x`. */
  address: string
  type: string
  attribute: string
  pos?: Pos
}

export class Unknown {
  constructor(
    readonly causes: UnknownCause[],
    /** Known text between holes: a string with holes, when that is all that is unknown. */
    readonly parts?: string[],
    readonly ref?: ResourceRef,
    /** Values it may be (the branches of a conditional whose condition is unknown). */
    readonly candidates: Value[] = []
  ) {}

  /** `"ec2.${?}.amazonaws.com"`-style text, for messages. */
  text(): string {
    return this.parts ? this.parts.join('${…}') : '${…}'
  }
}

/** A JSON document (jsonencode, a policy document's json) that holds unknown parts. */
export class JsonDoc {
  constructor(readonly value: Value) {}
}

/** An object whose attributes are computed on demand (resource instances, module outputs). */
export abstract class LazyObject {
  abstract get(name: string, pos: Pos): Value
  abstract keys(): string[]
  force(pos: Pos): Record<string, Value> {
    return Object.fromEntries(this.keys().map(k => [k, this.get(k, pos)]))
  }
}

export type Value =
  | null
  | boolean
  | number
  | string
  | Value[]
  | { [key: string]: Value }
  | Unknown
  | JsonDoc
  | LazyObject

export class EvalError extends Error {
  constructor(
    message: string,
    readonly pos?: Pos
  ) {
    super(message)
  }
}

export function isObject(value: Value): value is { [key: string]: Value } {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Unknown) &&
    !(value instanceof JsonDoc) &&
    !(value instanceof LazyObject)
  )
}

/** Every unknown inside a value (deep), for merging their causes. */
export function unknownsIn(value: Value, found: Unknown[] = [], depth = 0): Unknown[] {
  if (depth > 50) return found
  if (value instanceof Unknown) found.push(value)
  else if (value instanceof JsonDoc) unknownsIn(value.value, found, depth + 1)
  else if (Array.isArray(value)) for (const v of value) unknownsIn(v, found, depth + 1)
  else if (isObject(value)) for (const v of Object.values(value)) unknownsIn(v, found, depth + 1)
  return found
}

export function mergeCauses(unknowns: Unknown[]): UnknownCause[] {
  const seen = new Set<string>()
  const causes: UnknownCause[] = []
  for (const u of unknowns)
    for (const c of u.causes) {
      const id = `${c.what}|${c.pos?.file}:${c.pos?.line}`
      if (seen.has(id)) continue
      seen.add(id)
      causes.push(c)
    }
  return causes
}

/** An unknown result that inherits the causes of the unknowns it was computed from. */
export function unknownFrom(...values: Value[]): Unknown {
  const unknowns = values.flatMap(v => unknownsIn(v))
  return new Unknown(mergeCauses(unknowns))
}

export function hasUnknown(value: Value): boolean {
  return unknownsIn(value).length > 0
}

/** Resolves lazy objects (deeply) so the value is plain data with unknowns. */
export function forceDeep(value: Value, pos: Pos, depth = 0): Value {
  if (depth > 30) return value
  if (value instanceof LazyObject) return forceDeep(value.force(pos), pos, depth + 1)
  if (Array.isArray(value)) return value.map(v => forceDeep(v, pos, depth + 1))
  if (isObject(value)) {
    const copy = Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, forceDeep(v, pos, depth + 1)])
    )
    const at = positions.get(value)
    if (at) positions.set(copy, at)
    return copy
  }
  return value
}

/** Where object constructors were written: a policy statement keeps its file and line. */
export const positions = new WeakMap<object, Pos>()

/** A type's name with its article, for messages: "a list", "an object". */
export function aTypeName(value: Value): string {
  const name = typeName(value)
  return `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`
}

/**
 * The number a string holds when Terraform converts it: a decimal representation only, so
 * `"0x10"`, `" 1"` and `""` are not numbers (developer.hashicorp.com/terraform/language/functions/
 * tonumber: "strings containing decimal representations of numbers").
 */
export function numberFromText(text: string): number | undefined {
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : undefined
}

export function typeName(value: Value): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'list'
  if (value instanceof Unknown) return 'unknown'
  if (value instanceof JsonDoc) return 'string'
  // Terraform's names for the primitive types: string, number, bool.
  return typeof value === 'boolean' ? 'bool' : typeof value
}

/**
 * What is not known about a value used as text: an unknown, or a JSON document with unknown parts
 * (jsonencode of an unknown is a string whose text is not known yet).
 */
export function unknownText(value: Value): Unknown | undefined {
  if (value instanceof Unknown) return value
  if (value instanceof JsonDoc && hasUnknown(value)) return unknownFrom(value)
  return undefined
}

/** Terraform's automatic conversion to string (numbers and bools convert; others do not). */
export function toStringValue(value: Value, pos?: Pos): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value instanceof JsonDoc) {
    if (hasUnknown(value)) throw new EvalError('a JSON document with unknown parts', pos)
    try {
      return JSON.stringify(value.value)
    } catch (error) {
      // A document nested some thousands deep (jsondecode of hostile text) exhausts the stack.
      if (error instanceof RangeError) throw new EvalError('a JSON document nested too deep', pos)
      throw error
    }
  }
  throw new EvalError(`${aTypeName(value)} value cannot be used as a string`, pos)
}

export function truthy(value: Value, pos?: Pos): boolean {
  if (value === true || value === 'true') return true
  if (value === false || value === 'false') return false
  throw new EvalError(`${aTypeName(value)} value cannot be used as a condition`, pos)
}
