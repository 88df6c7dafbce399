/**
 * format(): cty's printf (developer.hashicorp.com/terraform/language/functions/format,
 * "Specification Syntax"): flags `-+ #0`, width, precision, `[n]` to pick an argument, and the
 * verbs %v %#v %t %b %d %o %x %X %e %E %f %g %G %s %q. A verb the value cannot take, a missing
 * or an unused argument is an error, as in Terraform.
 */
import type { Pos } from '../hcl/ast.js'
import { EvalError, forceDeep, type Value } from './values.js'
import { str } from './fn-args.js'

const VERB = /%(?:%|([-+ #0]*)(\d+)?(?:\.(\d+))?(?:\[(\d+)\])?([a-zA-Z]))/g

interface Spec {
  flags: string
  width?: number
  precision?: number
  verb: string
}

function number(value: Value, spec: Spec, pos: Pos): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  if (typeof n !== 'number' || Number.isNaN(n))
    throw new EvalError(`format: %${spec.verb} needs a number`, pos)
  return n
}

function integer(value: Value, spec: Spec, pos: Pos): number {
  const n = number(value, spec, pos)
  if (!Number.isInteger(n))
    throw new EvalError(`format: %${spec.verb} needs a whole number, not ${n}`, pos)
  return n
}

/** Go writes at least two exponent digits: 1.000000e+03. */
const goExponent = (text: string) => text.replace(/e([+-])(\d)$/, 'e$10$2')

function verb(value: Value, spec: Spec, pos: Pos): string {
  const { verb: v, precision } = spec
  switch (v) {
    case 'v':
      if (spec.flags.includes('#') || (typeof value !== 'string' && value !== null))
        return JSON.stringify(forceDeep(value, pos))
      return str(value, pos)
    case 's':
      return str(value, pos)
    case 'q':
      return JSON.stringify(str(value, pos))
    case 't':
      if (typeof value === 'boolean') return String(value)
      if (value === 'true' || value === 'false') return value
      throw new EvalError('format: %t needs a bool', pos)
    case 'd':
      return String(integer(value, spec, pos))
    case 'b':
      return integer(value, spec, pos).toString(2)
    case 'o':
      return integer(value, spec, pos).toString(8)
    case 'x':
    case 'X': {
      const text =
        typeof value === 'string' && Number.isNaN(Number(value))
          ? Buffer.from(value).toString('hex')
          : integer(value, spec, pos).toString(16)
      return v === 'X' ? text.toUpperCase() : text
    }
    case 'e':
    case 'E': {
      const text = goExponent(number(value, spec, pos).toExponential(precision ?? 6))
      return v === 'E' ? text.toUpperCase() : text
    }
    case 'f':
    case 'F':
      return number(value, spec, pos).toFixed(precision ?? 6)
    case 'g':
    case 'G': {
      const n = number(value, spec, pos)
      const text = precision === undefined ? String(n) : n.toPrecision(precision)
      return v === 'G' ? text.toUpperCase() : text
    }
  }
  throw new EvalError(`format: unsupported verb %${v}`, pos)
}

function pad(text: string, spec: Spec, numeric: boolean): string {
  let out = text
  if (numeric && !out.startsWith('-')) {
    if (spec.flags.includes('+')) out = `+${out}`
    else if (spec.flags.includes(' ')) out = ` ${out}`
  }
  const width = spec.width ?? 0
  if (out.length >= width) return out
  if (spec.flags.includes('-')) return out.padEnd(width)
  if (numeric && spec.flags.includes('0')) {
    const sign = /^[-+ ]/.test(out) ? out[0] : ''
    return sign + out.slice(sign.length).padStart(width - sign.length, '0')
  }
  return out.padStart(width)
}

export function format(spec: string, args: Value[], pos: Pos): string {
  let next = 0
  const used = new Set<number>()
  const out = spec.replace(VERB, (match, flags, width, precision, index, v) => {
    if (match === '%%') return '%'
    const at = index ? Number(index) - 1 : next
    next = at + 1
    if (at >= args.length)
      throw new EvalError(`format: not enough arguments for ${JSON.stringify(match)}`, pos)
    used.add(at)
    const parsed: Spec = {
      flags: flags as string,
      width: width ? Number(width) : undefined,
      precision: precision ? Number(precision) : undefined,
      verb: v as string
    }
    return pad(verb(args[at], parsed, pos), parsed, 'dboxXeEfFgG'.includes(parsed.verb))
  })
  if (used.size < args.length)
    throw new EvalError(
      `format: too many arguments; only ${used.size} used by the format string`,
      pos
    )
  return out
}
