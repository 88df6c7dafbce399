/**
 * format(): cty's printf (developer.hashicorp.com/terraform/language/functions/format,
 * "Specification Syntax"): flags `-+ #0`, width, precision, `[n]` to pick an argument, and the
 * verbs %v %#v %t %b %d %o %x %X %e %E %f %g %G %s %q. A verb the value cannot take, a missing
 * or an unused argument is an error, as in Terraform.
 */
import type { Pos } from '../hcl/ast.js'
import { EvalError, forceDeep, numberFromText, type Value } from './values.js'
import { str } from './fn-args.js'
import { graphemes } from './graphemes.js'

const VERB = /%(?:%|([-+ #0]*)(\d+)?(?:\.(\d+))?(?:\[(\d+)\])?([a-zA-Z]))/g

interface Spec {
  flags: string
  width?: number
  precision?: number
  verb: string
}

function number(value: Value, spec: Spec, pos: Pos): number {
  const n = typeof value === 'string' ? numberFromText(value) : value
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

/**
 * Go's %g, which Terraform's %g and a number's %v use (the format page's "Default Format Verbs";
 * cty formats a number's %v as big.Float's Text('g', -1), which printed 12345678 as
 * 1.2345678e+07 in github.com/hashicorp/terraform/issues/27438): the shortest digits, or
 * `precision` significant ones without trailing zeros, in %e form when the exponent is below -4
 * or at least the precision (6 for the shortest digits).
 */
function goG(n: number, precision: number | undefined): string {
  const p = precision === 0 ? 1 : precision
  const rounded = p === undefined ? n.toExponential() : n.toExponential(p - 1)
  const [mantissa, power] = rounded.split('e')
  const digits = mantissa.replace(/[-.]/g, '').replace(/0+$/, '')
  const exp = Number(power)
  const sign = n < 0 ? '-' : ''
  const point = exp + 1
  if (exp < -4 || exp >= (p ?? 6)) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : ''
    return goExponent(`${sign}${digits[0]}${fraction}e${exp < 0 ? '-' : '+'}${Math.abs(exp)}`)
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length)
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

/** For %s and %q a precision keeps that many characters of the text (cty's formatAppendString). */
function truncate(text: string, precision: number | undefined): string {
  return precision ? graphemes(text).slice(0, precision).join('') : text
}

function verb(value: Value, spec: Spec, pos: Pos): string {
  const { verb: v, precision } = spec
  switch (v) {
    case 'v':
      // A null is "null" for %v and %#v, and an error for every other verb.
      if (spec.flags.includes('#')) return JSON.stringify(forceDeep(value, pos))
      if (typeof value === 'number') return goG(value, undefined)
      if (typeof value === 'string') return value
      return JSON.stringify(forceDeep(value, pos))
    case 's':
      return truncate(str(value, pos), precision)
    case 'q':
      return JSON.stringify(truncate(str(value, pos), precision))
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
      // Terraform converts to a number first: "%x" of "hello" is an error, not its bytes in hex.
      const text = integer(value, spec, pos).toString(16)
      return v === 'X' ? text.toUpperCase() : text
    }
    case 'e':
    case 'E': {
      const text = goExponent(number(value, spec, pos).toExponential(precision ?? 6))
      return v === 'E' ? text.toUpperCase() : text
    }
    case 'f':
      return number(value, spec, pos).toFixed(precision ?? 6)
    case 'g':
    case 'G': {
      const text = goG(number(value, spec, pos), precision)
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
  // Width counts characters as Terraform does, grapheme clusters.
  const missing = Math.max(0, (spec.width ?? 0) - graphemes(out).length)
  const zero = spec.flags.includes('0')
  if (numeric && spec.flags.includes('-')) return out + ' '.repeat(missing)
  if (numeric && zero) {
    const sign = /^[-+ ]/.test(out) ? out[0] : ''
    return sign + '0'.repeat(missing) + out.slice(sign.length)
  }
  // Text pads with zeros too when asked, on the right with `-` (cty's formatPadWidth).
  const fill = (zero ? '0' : ' ').repeat(missing)
  return spec.flags.includes('-') ? out + fill : fill + out
}

export function format(spec: string, args: Value[], pos: Pos): string {
  let next = 0
  // An argument past the highest one used is an error; one skipped by `%[n]` is not (cty's
  // format: "too many arguments; only n used by format string").
  let highest = 0
  const out = spec.replace(VERB, (match, flags, width, precision, index, v) => {
    if (match === '%%') return '%'
    const at = index ? Number(index) - 1 : next
    next = at + 1
    // Terraform's argument indexes start at 1: %[0]s is not a verb it reads.
    if (at < 0) throw new EvalError(`format: ${JSON.stringify(match)} has no argument 0`, pos)
    if (at >= args.length)
      throw new EvalError(`format: not enough arguments for ${JSON.stringify(match)}`, pos)
    highest = Math.max(highest, next)
    const parsed: Spec = {
      flags: flags as string,
      width: width ? Number(width) : undefined,
      precision: precision ? Number(precision) : undefined,
      verb: v as string
    }
    return pad(verb(args[at], parsed, pos), parsed, 'dboxXeEfgG'.includes(parsed.verb))
  })
  if (highest < args.length)
    throw new EvalError(
      `format: too many arguments; only ${highest} used by the format string`,
      pos
    )
  return out
}
