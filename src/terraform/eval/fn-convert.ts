/** Terraform's type conversion functions; null converts to null. */
import { EvalError, type Value } from './values.js'
import { list, object, setOrder, str, type Fn } from './fn-args.js'

export const CONVERSION_FUNCTIONS: Record<string, Fn> = {
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
  tomap: ([v], pos) => (v === null ? null : { ...object(v, pos) })
}
