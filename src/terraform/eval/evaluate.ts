/**
 * Terraform's expression semantics over our values: pure (the scope supplies names, files and
 * templates), three-valued (unknowns propagate with their causes), and honest about errors
 * (an EvalError is what `try()` catches).
 */
import type { Expr, Pos, TemplatePart } from '../hcl/ast.js'
import { callFunction } from './functions.js'
import {
  EvalError,
  forceDeep,
  JsonDoc,
  positions,
  Unknown,
  unknownFrom,
  toStringValue,
  truthy,
  unknownText,
  type Value
} from './values.js'
import { entries, getAttr, getIndex } from './access.js'
import { compare, operand } from './compare.js'
import { withNames, type Scope } from './scope.js'

export { entries, getAttr, getIndex } from './access.js'
export { withNames, type Scope } from './scope.js'

function template(parts: TemplatePart[], scope: Scope, pos: Pos): Value {
  const out: (string | Unknown)[] = []
  for (const part of parts) {
    if (typeof part === 'string') out.push(part)
    else if ('kind' in part && part.kind === 'tif') {
      const cond = evaluate(part.cond, scope)
      if (cond instanceof Unknown) out.push(new Unknown(cond.causes))
      else {
        const value = template(truthy(cond, pos) ? part.then : part.else, scope, pos)
        out.push(value instanceof Unknown ? value : toStringValue(value, pos))
      }
    } else if ('kind' in part && part.kind === 'tfor') {
      const collection = evaluate(part.collection, scope)
      if (collection instanceof Unknown) {
        out.push(new Unknown(collection.causes))
        continue
      }
      for (const [key, value] of entries(collection, pos)) {
        const inner = withNames(scope, {
          [part.valueVar]: value,
          ...(part.keyVar ? { [part.keyVar]: key } : {})
        })
        const text = template(part.body, inner, pos)
        out.push(text instanceof Unknown ? text : toStringValue(text, pos))
      }
    } else {
      const value = evaluate(part as Expr, scope)
      // A template that is one interpolation is that value, of any type.
      if (parts.length === 1) return value
      const hole = unknownText(value)
      if (hole) out.push(hole)
      else if (value === null) throw new EvalError('a null value cannot be interpolated', pos)
      else out.push(toStringValue(value, pos))
    }
  }
  const unknowns = out.filter((p): p is Unknown => p instanceof Unknown)
  if (unknowns.length === 0) return out.join('')
  // Keep the known text around the holes.
  const known: string[] = ['']
  for (const p of out) {
    if (typeof p === 'string') known[known.length - 1] += p
    else if (p.parts) {
      known[known.length - 1] += p.parts[0]
      known.push(...p.parts.slice(1))
    } else known.push('')
  }
  return new Unknown(unknownFrom(...unknowns).causes, known)
}

function binary(expr: Extract<Expr, { kind: 'binary' }>, scope: Scope): Value {
  const left = evaluate(expr.left, scope)
  if (expr.op === '&&' || expr.op === '||') {
    // A known left side can decide alone (false && …, true || …).
    if (!(left instanceof Unknown) && truthy(left, expr.pos) === (expr.op === '||'))
      return expr.op === '||'
    const right = evaluate(expr.right, scope)
    if (!(right instanceof Unknown) && truthy(right, expr.pos) === (expr.op === '||'))
      return expr.op === '||'
    if (left instanceof Unknown || right instanceof Unknown) return unknownFrom(left, right)
    return expr.op === '||' ? false : true
  }
  const right = evaluate(expr.right, scope)
  // Arithmetic and comparison need numbers: a known side that is none (null, "abc") is an error
  // even beside an unknown, as Terraform converts each operand before it computes.
  if (expr.op !== '==' && expr.op !== '!=')
    for (const side of [left, right])
      if (!(side instanceof Unknown)) operand(expr.op, side, expr.pos)
  if (left instanceof Unknown || right instanceof Unknown) {
    if (left === null || right === null) {
      // A reference to a resource attribute, or a partly known string, is never null.
      const other = left === null ? right : left
      if (other instanceof Unknown && (other.ref || other.parts)) return expr.op === '!='
    }
    return unknownFrom(left, right)
  }
  return compare(expr.op, left, right, expr.pos)
}

function forExpr(expr: Extract<Expr, { kind: 'for' }>, scope: Scope): Value {
  const collection = evaluate(expr.collection, scope)
  if (collection instanceof Unknown) return new Unknown(collection.causes)
  const items: [Value, Value][] = []
  for (const [key, value] of entries(collection, expr.pos)) {
    const inner = withNames(scope, {
      [expr.valueVar]: value,
      ...(expr.keyVar ? { [expr.keyVar]: key } : {})
    })
    if (expr.cond) {
      const keep = evaluate(expr.cond, inner)
      if (keep instanceof Unknown) return new Unknown(keep.causes)
      if (!truthy(keep, expr.pos)) continue
    }
    items.push([
      expr.keyExpr ? evaluate(expr.keyExpr, inner) : null,
      evaluate(expr.valueExpr, inner)
    ])
  }
  if (!expr.keyExpr) return items.map(([, v]) => v)
  const result: Record<string, Value> = {}
  for (const [key, value] of items) {
    const hole = unknownText(key)
    if (hole) return new Unknown(hole.causes)
    const name = toStringValue(key, expr.pos)
    if (expr.grouping) result[name] = [...((result[name] as Value[]) ?? []), value]
    else {
      if (name in result)
        throw new EvalError(`duplicate key "${name}" in a for expression`, expr.pos)
      result[name] = value
    }
  }
  return result
}

function splat(expr: Extract<Expr, { kind: 'splat' }>, scope: Scope): Value {
  let target = evaluate(expr.target, scope)
  if (target instanceof Unknown) return new Unknown(target.causes, undefined, target.ref)
  if (target === null) return []
  if (!Array.isArray(target)) target = [target]
  return target.map(item => {
    let value = item
    for (const step of expr.steps) {
      value =
        'attr' in step
          ? getAttr(value, step.attr, expr.pos)
          : getIndex(value, evaluate(step.index, scope), expr.pos)
    }
    return value
  })
}

/**
 * Called every few thousand evaluation steps (check's deadline): a configuration that asks for a
 * great deal of work is stopped at timeout-minutes, not run to its end.
 */
let stepGuard: (() => void) | undefined
let steps = 0

/** Runs `fn` with `guard` called every 4,096 evaluation steps. */
export function guardedEvaluation<T>(guard: () => void, fn: () => T): T {
  const previous = stepGuard
  stepGuard = guard
  try {
    return fn()
  } finally {
    stepGuard = previous
  }
}

export function evaluate(expr: Expr, scope: Scope): Value {
  if (stepGuard && (++steps & 4095) === 0) stepGuard()
  switch (expr.kind) {
    case 'literal':
      return expr.value
    case 'template':
      return template(expr.parts, scope, expr.pos)
    case 'variable':
      return scope.root(expr.name, expr.pos)
    case 'attr':
      return getAttr(evaluate(expr.target, scope), expr.name, expr.pos)
    case 'index':
      return getIndex(evaluate(expr.target, scope), evaluate(expr.key, scope), expr.pos)
    case 'splat':
      return splat(expr, scope)
    case 'tuple':
      return expr.items.map(item => evaluate(item, scope))
    case 'object': {
      const result: Record<string, Value> = {}
      for (const item of expr.items) {
        // A bare identifier key is its name; anything else is an expression.
        const key = item.key.kind === 'variable' ? item.key.name : evaluate(item.key, scope)
        if (unknownText(key)) return unknownFrom(key)
        result[toStringValue(key, expr.pos)] = evaluate(item.value, scope)
      }
      positions.set(result, expr.pos)
      return result
    }
    case 'call':
      return callFunction(expr, scope)
    case 'conditional': {
      const cond = evaluate(expr.cond, scope)
      if (cond instanceof Unknown) {
        const branches = [expr.then, expr.else].map(branch => {
          try {
            return evaluate(branch, scope)
          } catch {
            return null
          }
        })
        return new Unknown(cond.causes, undefined, undefined, branches)
      }
      return evaluate(truthy(cond, expr.pos) ? expr.then : expr.else, scope)
    }
    case 'unary': {
      const value = evaluate(expr.operand, scope)
      if (value instanceof Unknown) return unknownFrom(value)
      if (expr.op === '!') return !truthy(value, expr.pos)
      return -operand('-', value, expr.pos)
    }
    case 'binary':
      return binary(expr, scope)
    case 'for':
      return forExpr(expr, scope)
    case 'invalid':
      throw new EvalError(expr.message, expr.pos)
  }
}

/** jsonencode: the document as structure (statements keep their positions), text on demand. */
export function jsonEncode(value: Value, pos: Pos): JsonDoc {
  return new JsonDoc(forceDeep(value, pos))
}
