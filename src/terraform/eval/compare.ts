/**
 * Terraform's comparison and arithmetic operators on known values
 * (developer.hashicorp.com/terraform/language/expressions/operators).
 */
import type { Pos } from '../hcl/ast.js'
import {
  aTypeName,
  EvalError,
  forceDeep,
  hasUnknown,
  isObject,
  JsonDoc,
  numberFromText,
  toStringValue,
  Unknown,
  unknownFrom,
  type Value
} from './values.js'

/** Deeper than this, two values are not compared (hostile input): the answer is "cannot tell". */
const DEEPEST = 64

/**
 * "the same type and the same value": attribute by attribute whatever order they were written
 * in, and a JSON document is its text. Only called on values without unknowns; undefined when
 * they are nested too deep to compare.
 */
function same(a: Value, b: Value, depth = 0): boolean | undefined {
  if (depth > DEEPEST) return undefined
  if (a instanceof JsonDoc) a = toStringValue(a)
  if (b instanceof JsonDoc) b = toStringValue(b)
  let pairs: [Value, Value][]
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false
    pairs = a.map((v, i) => [v, b[i]])
  } else if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    if (keys.length !== Object.keys(b).length || keys.some(k => !(k in b))) return false
    pairs = keys.map(k => [a[k], b[k]])
  } else return a === b
  let answer: boolean | undefined = true
  for (const [x, y] of pairs) {
    const equal = same(x, y, depth + 1)
    if (equal === false) return false
    if (equal === undefined) answer = undefined
  }
  return answer
}

/** The number an operand converts to: a number, or a string that holds one; anything else is an error. */
export function operand(op: string, value: Value, pos: Pos): number {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string'
        ? numberFromText(value)
        : undefined
  if (number !== undefined) return number
  const given =
    value === null ? 'null' : typeof value === 'string' ? JSON.stringify(value) : aTypeName(value)
  throw new EvalError(`${op} needs numbers, not ${given}`, pos)
}

export function compare(op: string, left: Value, right: Value, pos: Pos): Value {
  if (op === '==' || op === '!=') {
    const l = forceDeep(left, pos)
    const r = forceDeep(right, pos)
    // null is a value of its own: a list or object that holds unknowns is still not null.
    if (l !== null && r !== null && (hasUnknown(l) || hasUnknown(r))) return unknownFrom(l, r)
    const equal = same(l, r)
    if (equal === undefined)
      return new Unknown([
        {
          what: `values nested more than ${DEEPEST} deep`,
          pos,
          how: 'pass plan-json (terraform show -json) so Terraform compares them'
        }
      ])
    return op === '==' ? equal : !equal
  }
  const a = operand(op, left, pos)
  const b = operand(op, right, pos)
  switch (op) {
    case '<':
      return a < b
    case '<=':
      return a <= b
    case '>':
      return a > b
    case '>=':
      return a >= b
    case '+':
      return a + b
    case '-':
      return a - b
    case '*':
      return a * b
    case '/':
      return a / b
    case '%':
      return a % b
  }
  throw new EvalError(`unknown operator ${op}`, pos)
}
