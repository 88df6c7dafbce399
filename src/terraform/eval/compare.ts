/** Terraform's comparison and arithmetic operators on known values. */
import type { Pos } from '../hcl/ast.js'
import { EvalError, forceDeep, type Value } from './values.js'

export function compare(op: string, left: Value, right: Value, pos: Pos): Value {
  if (op === '==' || op === '!=') {
    const equal = JSON.stringify(forceDeep(left, pos)) === JSON.stringify(forceDeep(right, pos))
    return op === '==' ? equal : !equal
  }
  const a = Number(left)
  const b = Number(right)
  if (Number.isNaN(a) || Number.isNaN(b)) throw new EvalError(`${op} needs numbers`, pos)
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
