/**
 * The Terraform functions that real modules use on the path from a node group to its key's
 * policy. Unknown arguments make unknown results (with their causes), except where Terraform
 * itself can answer (try, coalesce, lookup on a known key, length of a known list).
 */
import { dirname, isAbsolute, join } from 'node:path'
import type { Expr, Pos } from '../hcl/ast.js'
import { evaluate, getIndex, jsonEncode, withNames, type Scope } from './evaluate.js'
import {
  EvalError,
  forceDeep,
  hasUnknown,
  isObject,
  JsonDoc,
  LazyObject,
  Unknown,
  unknownFrom,
  toStringValue,
  typeName,
  type Value
} from './values.js'
import { regexAll, regexFirst, replaceAll } from './regex.js'

type Fn = (args: Value[], pos: Pos, scope: Scope) => Value

function list(value: Value, pos: Pos): Value[] {
  if (Array.isArray(value)) return value
  throw new EvalError(`expected a list, got ${typeName(value)}`, pos)
}

function object(value: Value, pos: Pos): Record<string, Value> {
  if (value instanceof LazyObject) return value.force(pos)
  if (isObject(value)) return value
  throw new EvalError(`expected a map or object, got ${typeName(value)}`, pos)
}

/** Sets of strings or of numbers are in Terraform's order: lexical, or numeric. */
function setOrder(items: Value[]): Value[] {
  if (items.every(v => typeof v === 'string')) return [...items].sort()
  if (items.every(v => typeof v === 'number'))
    return [...items].sort((a, b) => (a as number) - (b as number))
  return items
}

function str(value: Value, pos: Pos): string {
  if (value === null) throw new EvalError('a null value where a string is needed', pos)
  return toStringValue(value, pos)
}

/** Functions whose result is unknown as soon as any argument is (they need every value). */
const STRICT: Record<string, Fn> = {
  length: ([v], pos) => {
    if (typeof v === 'string') return [...v].length
    if (Array.isArray(v)) return v.length
    return Object.keys(object(v, pos)).length
  },
  concat: (args, pos) => args.flatMap(a => list(a, pos)),
  merge: (args, pos) =>
    Object.assign({}, ...args.filter(a => a !== null).map(a => object(a, pos))) as Value,
  flatten: ([v], pos) => {
    const flat = (x: Value): Value[] => (Array.isArray(x) ? x.flatMap(flat) : [x])
    return list(v, pos).flatMap(flat)
  },
  element: ([l, i], pos) => {
    const items = list(l, pos)
    if (items.length === 0) throw new EvalError('element() of an empty list', pos)
    // Wraps around both ways: a negative index counts from the end, element(["a", "b", "c"], -1)
    // is "c" (developer.hashicorp.com/terraform/language/functions/element; Terraform 1.8 on).
    const n = Math.trunc(Number(i))
    return items[((n % items.length) + items.length) % items.length]
  },
  format: ([f, ...rest], pos) => {
    let n = 0
    return str(f, pos).replace(/%(%|[-+ #0]*\d*(?:\.\d+)?[a-zA-Z])/g, m => {
      if (m === '%%') return '%'
      const value = rest[n++]
      if (m.endsWith('d')) return String(Math.trunc(Number(value)))
      if (m.endsWith('v') && typeof value !== 'string') return JSON.stringify(forceDeep(value, pos))
      return str(value, pos)
    })
  },
  replace: ([s, search, replacement], pos) => {
    const text = str(s, pos)
    const pattern = str(search, pos)
    const to = str(replacement, pos)
    // "/…/" is a pattern (RE2, linear time), anything else a plain substring.
    const regex = /^\/(.*)\/$/s.exec(pattern)
    if (regex) return replaceAll(text, regex[1], to, pos)
    return text.split(pattern).join(to)
  },
  tostring: ([v], pos) => (v === null ? null : str(v, pos)),
  tonumber: ([v], pos) => {
    if (v === null) return null
    const n = Number(v)
    if (Number.isNaN(n)) throw new EvalError(`cannot convert ${JSON.stringify(v)} to a number`, pos)
    return n
  },
  tobool: ([v], pos) => {
    if (v === null || typeof v === 'boolean') return v
    if (v === 'true' || v === 'false') return v === 'true'
    throw new EvalError('cannot convert to bool', pos)
  },
  tolist: ([v], pos) => (v === null ? null : [...list(v, pos)]),
  toset: ([v], pos) => {
    if (v === null) return null
    const seen = new Map<string, Value>()
    for (const item of list(v, pos)) seen.set(JSON.stringify(item), item)
    return setOrder([...seen.values()])
  },
  tomap: ([v], pos) => (v === null ? null : { ...object(v, pos) }),
  keys: ([v], pos) => Object.keys(object(v, pos)).sort(),
  values: ([v], pos) => {
    const o = object(v, pos)
    return Object.keys(o)
      .sort()
      .map(k => o[k])
  },
  contains: ([l, v], pos) => list(l, pos).some(item => JSON.stringify(item) === JSON.stringify(v)),
  distinct: ([l], pos) => {
    const seen = new Map<string, Value>()
    for (const item of list(l, pos))
      if (!seen.has(JSON.stringify(item))) seen.set(JSON.stringify(item), item)
    return [...seen.values()]
  },
  compact: ([l], pos) => list(l, pos).filter(v => v !== null && v !== ''),
  join: ([sep, ...lists], pos) =>
    lists
      .flatMap(l => list(l, pos))
      .map(v => str(v, pos))
      .join(str(sep, pos)),
  split: ([sep, s], pos) => str(s, pos).split(str(sep, pos)),
  lower: ([s], pos) => str(s, pos).toLowerCase(),
  upper: ([s], pos) => str(s, pos).toUpperCase(),
  trimspace: ([s], pos) => str(s, pos).trim(),
  trimprefix: ([s, p], pos) => {
    const text = str(s, pos)
    const prefix = str(p, pos)
    return text.startsWith(prefix) ? text.slice(prefix.length) : text
  },
  trimsuffix: ([s, p], pos) => {
    const text = str(s, pos)
    const suffix = str(p, pos)
    return suffix && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text
  },
  startswith: ([s, p], pos) => str(s, pos).startsWith(str(p, pos)),
  endswith: ([s, p], pos) => str(s, pos).endsWith(str(p, pos)),
  substr: ([s, o, l], pos) => {
    const chars = [...str(s, pos)]
    const offset = Number(o)
    const length = Number(l)
    return chars.slice(offset, length < 0 ? undefined : offset + length).join('')
  },
  range: (args, pos) => {
    // The step defaults to 1, or to -1 when the limit is below the start.
    const [start, end] =
      args.length === 1 ? [0, Number(args[0])] : [Number(args[0]), Number(args[1])]
    const step = args.length > 2 ? Number(args[2]) : end < start ? -1 : 1
    if (!step) throw new EvalError('range() step of zero', pos)
    const out: number[] = []
    for (let i = start; step > 0 ? i < end : i > end; i += step) {
      out.push(i)
      if (out.length > 1024) throw new EvalError('range() is too long', pos)
    }
    return out
  },
  max: args => Math.max(...args.map(Number)),
  min: args => Math.min(...args.map(Number)),
  zipmap: ([k, v], pos) => {
    const ks = list(k, pos)
    const vs = list(v, pos)
    return Object.fromEntries(ks.map((key, i) => [str(key, pos), vs[i]]))
  },
  reverse: ([l], pos) => [...list(l, pos)].reverse(),
  sort: ([l], pos) =>
    list(l, pos)
      .map(v => str(v, pos))
      .sort(),
  slice: ([l, a, b], pos) => list(l, pos).slice(Number(a), Number(b)),
  setunion: (args, pos) =>
    setOrder(
      STRICT.distinct([args.flatMap(a => list(a, pos))], pos, undefined as never) as Value[]
    ),
  jsondecode: ([s], pos) => {
    try {
      return JSON.parse(str(s, pos)) as Value
    } catch {
      // Node's message quotes the text; the text may be a file's: say where, not what.
      throw new EvalError('jsondecode() of a text that is not valid JSON', pos)
    }
  },
  yamlencode: ([v], pos) => JSON.stringify(forceDeep(v, pos)),
  base64encode: ([s], pos) => Buffer.from(str(s, pos)).toString('base64'),
  base64decode: ([s], pos) => Buffer.from(str(s, pos), 'base64').toString('utf8'),
  abspath: ([s], pos) => str(s, pos),
  basename: ([s], pos) => str(s, pos).split('/').pop() ?? '',
  dirname: ([s], pos) => dirname(str(s, pos)),
  regex: ([p, s], pos) => regexFirst(str(p, pos), str(s, pos), pos),
  regexall: ([p, s], pos) => regexAll(str(p, pos), str(s, pos), pos),
  can_regex: () => true,
  sha1: () => new Unknown([]),
  timestamp: () => new Unknown([])
}

/**
 * A file's text for file() and templatefile(). A path the sandbox refuses (outside the
 * workspace: `/proc/self/environ`, `../../..`, a symbolic link out; or over a cap) is an unknown
 * value with the reason, so what depends on it is a cannot-tell, never the file's content.
 */
function readRelative(scope: Scope, fn: string, path: string, pos: Pos): string | Unknown {
  const text = scope.readFile(path)
  if (text === undefined) throw new EvalError(`the file ${path} is not here`, pos)
  if (typeof text === 'string') return text
  return new Unknown([
    {
      what: `${fn}(${JSON.stringify(path)})`,
      pos,
      how: /outside the workspace/.test(text.refused)
        ? `it reads outside the workspace, which check never does (${text.refused}); keep the file in the repository`
        : `check does not read it: ${text.refused}`
    }
  ])
}

/** Functions that look at their arguments one by one, or that carry unknowns through. */
const LAZY: Record<string, (args: Expr[], pos: Pos, scope: Scope) => Value> = {
  try: (args, pos, scope) => {
    let last: unknown
    for (const arg of args) {
      try {
        return evaluate(arg, scope)
      } catch (error) {
        if (!(error instanceof EvalError)) throw error
        last = error
      }
    }
    throw new EvalError(`no argument of try() could be evaluated: ${(last as Error)?.message}`, pos)
  },
  can: (args, _pos, scope) => {
    try {
      const value = evaluate(args[0], scope)
      return value instanceof Unknown ? unknownFrom(value) : true
    } catch (error) {
      if (!(error instanceof EvalError)) throw error
      return false
    }
  },
  coalesce: (args, pos, scope) => {
    for (const arg of args) {
      const value = evaluate(arg, scope)
      if (value instanceof Unknown) {
        // A resource attribute or a partly known string is never null or empty.
        if (value.ref || value.parts?.some(p => p.length > 0)) return value
        return unknownFrom(value)
      }
      if (value !== null && value !== '') return value
    }
    throw new EvalError('no non-null, non-empty argument to coalesce()', pos)
  },
  lookup: (args, pos, scope) => {
    const [map, key, fallback] = args.map(a => evaluate(a, scope))
    if (key instanceof Unknown) return unknownFrom(key)
    if (map instanceof Unknown) return unknownFrom(map)
    const name = str(key, pos)
    if (map instanceof LazyObject) {
      if (map.keys().includes(name)) return map.get(name, pos)
    } else if (isObject(map) && name in map) return map[name]
    else if (!isObject(map)) throw new EvalError(`lookup() needs a map, got ${typeName(map)}`, pos)
    if (args.length < 3) throw new EvalError(`the map has no key "${name}"`, pos)
    return fallback
  },
  jsonencode: (args, pos, scope) => jsonEncode(evaluate(args[0], scope), pos),
  file: (args, pos, scope) => {
    const path = evaluate(args[0], scope)
    if (path instanceof Unknown) return unknownFrom(path)
    return readRelative(scope, 'file', str(path, pos), pos)
  },
  // Its own base64, so filebase64 outside the workspace is unknown with the same reason.
  filebase64: (args, pos, scope) => {
    const path = evaluate(args[0], scope)
    if (path instanceof Unknown) return unknownFrom(path)
    const text = readRelative(scope, 'filebase64', str(path, pos), pos)
    return text instanceof Unknown ? text : Buffer.from(text).toString('base64')
  },
  templatefile: (args, pos, scope) => {
    const path = evaluate(args[0], scope)
    const vars = args[1] ? evaluate(args[1], scope) : {}
    if (path instanceof Unknown) return unknownFrom(path)
    const file = str(path, pos)
    const text = readRelative(scope, 'templatefile', file, pos)
    if (text instanceof Unknown) return text
    const template = scope.parseTemplate(text, file)
    const names = vars instanceof Unknown ? {} : object(vars, pos)
    const inner: Scope = {
      root: (name, at) => {
        if (name in names) return names[name]
        if (vars instanceof Unknown) return unknownFrom(vars)
        throw new EvalError(`the template ${file} uses "${name}", which is not passed to it`, at)
      },
      readFile: p => scope.readFile(isAbsolute(p) ? p : join(dirname(file), p)),
      parseTemplate: (t, f) => scope.parseTemplate(t, f)
    }
    return evaluate(template, withNames(inner, {}))
  },
  element: (args, pos, scope) => {
    const [l, i] = args.map(a => evaluate(a, scope))
    if (i instanceof Unknown || l instanceof Unknown) return unknownFrom(l, i)
    return STRICT.element([l, i], pos, scope)
  },
  one: (args, pos, scope) => {
    const l = evaluate(args[0], scope)
    if (l instanceof Unknown) return l
    const items = list(l, pos)
    if (items.length > 1) throw new EvalError('one() of a list with more than one element', pos)
    return items[0] ?? null
  }
}

/** Evaluates a function call. */
export function callFunction(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): Value {
  const name = expr.name.replace(/^provider::[^:]+::/, '')
  if (!expr.expand && name in LAZY) return LAZY[name](expr.args, expr.pos, scope)
  let args = expr.args.map(a => evaluate(a, scope))
  if (expr.expand) {
    const last = args.pop() as Value
    if (last instanceof Unknown) return unknownFrom(last)
    args = [...args, ...list(last, expr.pos)]
  }
  if (name === 'jsondecode' && args[0] instanceof JsonDoc) return args[0].value
  const fn = STRICT[name]
  if (!fn) {
    return new Unknown([
      {
        what: `${name}()`,
        pos: expr.pos,
        how: `this action does not evaluate ${name}(); pass plan-json (terraform show -json) so Terraform computes it`
      }
    ])
  }
  const forced = args.map(a =>
    a instanceof LazyObject
      ? a.force(expr.pos)
      : a instanceof JsonDoc && !hasUnknown(a)
        ? toStringValue(a, expr.pos)
        : a
  )
  if (forced.some(a => a instanceof Unknown || a instanceof JsonDoc)) {
    // A JSON document with unknown parts is a string whose text is not known yet.
    return unknownFrom(...forced)
  }
  // Lists and maps that hold unknowns are fine for structural functions.
  return fn(forced, expr.pos, scope)
}

export { getIndex }
