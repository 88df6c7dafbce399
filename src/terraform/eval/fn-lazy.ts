/**
 * The functions that look at their arguments one by one (try, can, coalesce, lookup) or carry
 * unknowns through, and those that read files from the workspace.
 */
import { dirname, isAbsolute, join } from 'node:path'
import type { Expr, Pos } from '../hcl/ast.js'
import { evaluate, jsonEncode, withNames, type Scope } from './evaluate.js'
import {
  EvalError,
  isObject,
  LazyObject,
  Unknown,
  unknownFrom,
  typeName,
  type Value
} from './values.js'
import { list, object, str } from './fn-args.js'
import { COLLECTION_FUNCTIONS } from './fn-collections.js'

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
export const LAZY_FUNCTIONS: Record<string, (args: Expr[], pos: Pos, scope: Scope) => Value> = {
  try: (args, pos, scope) => {
    if (args.length === 0) throw new EvalError('try() needs at least one argument', pos)
    let last: unknown
    for (const arg of args) {
      try {
        return evaluate(arg, scope)
      } catch (error) {
        if (!(error instanceof EvalError)) throw error
        last = error
      }
    }
    throw new EvalError(`no argument of try() could be evaluated: ${(last as Error).message}`, pos)
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
    return COLLECTION_FUNCTIONS.element([l, i], pos, scope)
  },
  one: (args, pos, scope) => {
    const l = evaluate(args[0], scope)
    if (l instanceof Unknown) return l
    const items = list(l, pos)
    if (items.length > 1) throw new EvalError('one() of a list with more than one element', pos)
    return items[0] ?? null
  }
}
