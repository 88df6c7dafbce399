/**
 * The Terraform functions that real modules use on the path from a node group to its key's
 * policy. Unknown arguments make unknown results (with their causes), except where Terraform
 * itself can answer (try, coalesce, lookup on a known key, length of a known list). Each family
 * is a module of its own (fn-*.ts).
 */
import type { Expr } from '../hcl/ast.js'
import { evaluate, getIndex, type Scope } from './evaluate.js'
import {
  hasUnknown,
  JsonDoc,
  LazyObject,
  Unknown,
  unknownFrom,
  toStringValue,
  type Value
} from './values.js'
import { list, type Fn } from './fn-args.js'
import { COLLECTION_FUNCTIONS } from './fn-collections.js'
import { CONVERSION_FUNCTIONS } from './fn-convert.js'
import { ENCODING_FUNCTIONS } from './fn-encoding.js'
import { LAZY_FUNCTIONS } from './fn-lazy.js'
import { STRING_FUNCTIONS } from './fn-strings.js'

/** Functions whose result is unknown as soon as any argument is (they need every value). */
const STRICT: Record<string, Fn> = {
  ...STRING_FUNCTIONS,
  ...COLLECTION_FUNCTIONS,
  ...CONVERSION_FUNCTIONS,
  ...ENCODING_FUNCTIONS
}

function providerFunction(
  expr: Extract<Expr, { kind: 'call' }>,
  provider: string,
  name: string
): Value {
  return new Unknown([
    {
      what: `${expr.name}()`,
      pos: expr.pos,
      how: `${name} is a function of the ${provider} provider, which check does not run; pass plan-json (terraform show -json) so Terraform computes it`
    }
  ])
}

/** Evaluates a function call. */
export function callFunction(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): Value {
  // `core::` names a built-in (Terraform "lang: Expose built-in functions under core::
  // namespace"); `provider::<local-name>::` a function the provider computes
  // (developer.hashicorp.com/terraform/language/functions, Terraform 1.8 and OpenTofu 1.7 on):
  // check runs no provider, so its result is unknown, whatever built-in shares its name.
  const provider = /^provider::([^:]+)::(.+)$/.exec(expr.name)
  if (provider) return providerFunction(expr, provider[1], provider[2])
  const name = expr.name.replace(/^core::/, '')
  if (!expr.expand && name in LAZY_FUNCTIONS)
    return LAZY_FUNCTIONS[name](expr.args, expr.pos, scope)
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
