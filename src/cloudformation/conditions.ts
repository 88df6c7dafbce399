/**
 * Conditions (Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition) and Fn::If, decided when the
 * parameters they compare are known; otherwise both branches are kept, naming the condition
 * (docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-conditions.html).
 */
import { Unknown, mergeCauses, type UnknownCause, type Value } from '../terraform/eval/values.js'
import type { Pos } from '../terraform/hcl/ast.js'
import { evaluate } from './intrinsics.js'
import { isRecord, posOf, type Raw } from './source.js'
import type { Template } from './template.js'

function unknown(what: string, pos: Pos, how: string): Unknown {
  return new Unknown([{ what, pos, how }])
}

const text = (value: Value): string | undefined =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined

/** A condition's value: Fn::Equals/And/Or/Not and Condition, decided when the parameters are. */
export function condition(raw: Raw, t: Template, pos: Pos, depth = 0): boolean | Unknown {
  if (depth > 50) return unknown('a condition', pos, 'it nests too deep')
  if (typeof raw === 'boolean') return raw
  if (!isRecord(raw)) return unknown('a condition', pos, 'it is not a condition function')
  const [name, args] = Object.entries(raw)[0] ?? []
  const at = posOf(raw, pos)
  const list = Array.isArray(args) ? args : []
  const sub = (r: Raw) => condition(r, t, at, depth + 1)
  switch (name) {
    case 'Condition': {
      const declared = typeof args === 'string' ? t.conditions[args] : undefined
      return declared === undefined
        ? unknown(`condition ${String(args)}`, at, 'it is not declared')
        : sub(declared)
    }
    case 'Fn::Equals': {
      const [a, b] = list.map(r => evaluate(r, t, at, depth + 1))
      if (a instanceof Unknown || b instanceof Unknown)
        return new Unknown(mergeCauses([a, b].filter((v): v is Unknown => v instanceof Unknown)))
      return JSON.stringify(a) === JSON.stringify(b) || text(a) === text(b)
    }
    case 'Fn::Not': {
      const value = sub(list[0])
      return value instanceof Unknown ? value : !value
    }
    case 'Fn::And':
    case 'Fn::Or': {
      const values = list.map(sub)
      const decided =
        name === 'Fn::And' ? values.some(v => v === false) : values.some(v => v === true)
      if (decided) return name === 'Fn::Or'
      const open = values.filter((v): v is Unknown => v instanceof Unknown)
      return open.length ? new Unknown(mergeCauses(open)) : name === 'Fn::And'
    }
    default:
      return unknown(`a condition ${name}`, at, 'it is not a condition function')
  }
}

export function namedCondition(name: string, t: Template, pos: Pos): boolean | Unknown {
  return condition({ Condition: name }, t, pos)
}

export function fnIf(args: Raw, t: Template, pos: Pos, depth: number): Value {
  const [name, yes, no] = Array.isArray(args) ? args : []
  const decided =
    typeof name === 'string'
      ? namedCondition(name, t, pos)
      : unknown('an Fn::If', pos, 'it names no condition')
  if (decided === true) return evaluate(yes, t, pos, depth + 1)
  if (decided === false) return evaluate(no, t, pos, depth + 1)
  // Either branch may be taken: both are kept as candidates, the causes say which condition.
  const causes: UnknownCause[] = decided.causes.length
    ? decided.causes
    : [{ what: `condition ${String(name)}`, pos, how: 'give its parameters defaults' }]
  return new Unknown(causes, undefined, undefined, [
    evaluate(yes, t, pos, depth + 1),
    evaluate(no, t, pos, depth + 1)
  ])
}
