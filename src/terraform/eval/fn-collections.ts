/** Terraform's collection and numeric functions: lists, maps, sets and ranges. */
import { EvalError, hasUnknown, unknownFrom, type Value } from './values.js'
import { list, object, setOrder, str, type Fn } from './fn-args.js'
import { graphemes } from './graphemes.js'

export const COLLECTION_FUNCTIONS: Record<string, Fn> = {
  length: ([v], pos) => {
    if (typeof v === 'string') return graphemes(v).length
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
  keys: ([v], pos) => Object.keys(object(v, pos)).sort(),
  values: ([v], pos) => {
    const o = object(v, pos)
    return Object.keys(o)
      .sort()
      .map(k => o[k])
  },
  // Found is true; not found among elements some of which are unknown is unknown (cty's contains).
  contains: ([l, v], pos) => {
    const items = list(l, pos)
    if (items.some(item => JSON.stringify(item) === JSON.stringify(v))) return true
    return items.some(hasUnknown) || hasUnknown(v) ? unknownFrom(...items, v) : false
  },
  distinct: ([l], pos) => {
    const seen = new Map<string, Value>()
    for (const item of list(l, pos))
      if (!seen.has(JSON.stringify(item))) seen.set(JSON.stringify(item), item)
    return [...seen.values()]
  },
  compact: ([l], pos) => list(l, pos).filter(v => v !== null && v !== ''),
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
  sort: ([l], pos) => {
    const items = list(l, pos)
    if (items.some(hasUnknown)) return unknownFrom(...items)
    return items.map(v => str(v, pos)).sort()
  },
  slice: ([l, a, b], pos) => list(l, pos).slice(Number(a), Number(b)),
  setunion: (args, pos) =>
    setOrder(
      COLLECTION_FUNCTIONS.distinct(
        [args.flatMap(a => list(a, pos))],
        pos,
        undefined as never
      ) as Value[]
    )
}
