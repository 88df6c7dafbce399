/**
 * count and for_each: the instances a resource or module call expands to, each with its address
 * suffix and the names (count.index, each.key, each.value) its expressions see.
 */
import type { Body, Pos } from '../hcl/ast.js'
import { entries, evaluate, type Scope } from '../eval/evaluate.js'
import { aTypeName, EvalError, numberFromText, Unknown, type Value } from '../eval/values.js'

export interface Expansion {
  /** `[0]`, `["a"]`, `[?]` (for_each not known), or '' (neither count nor for_each). */
  suffix: string
  names: Record<string, Value>
}

/** `["alpha"]`: for_each keys are strings, quoted (and escaped) as Terraform writes addresses. */
function keyText(key: Value): string {
  return `[${JSON.stringify(key)}]`
}

/**
 * Every instance, in Terraform's order (count by index, for_each by key). A count not known here
 * is checked as one instance `[0]`, and a for_each not known as one instance `[?]` standing for
 * each, so a key is never skipped silently. A resource or module call whose `lifecycle { enabled }`
 * is false has none.
 */
export function expand(body: Body, scope: Scope): Expansion[] {
  if (!enabled(body, scope)) return []
  const count = body.attributes.get('count')
  const forEach = body.attributes.get('for_each')
  // developer.hashicorp.com/terraform/language/meta-arguments/count: "A given resource or module
  // block cannot use both count and for_each", and count "accepts a whole number".
  if (count && forEach)
    throw new EvalError(
      'count and for_each are both set: Terraform accepts only one of them',
      count.pos
    )
  if (count) {
    const n = evaluate(count.expr, scope)
    const total = n instanceof Unknown ? 1 : wholeCount(n, count.pos)
    return Array.from({ length: total }, (_, i) => ({
      suffix: `[${i}]`,
      names: { count: { index: i } }
    }))
  }
  if (forEach) {
    // A list written in place (a tuple, or a [for …] expression) is refused by Terraform; a list
    // reached through a variable or local cannot be told from a set here and is read as one.
    const written = forEach.expr
    if (written.kind === 'tuple' || (written.kind === 'for' && !written.keyExpr))
      throw new EvalError(
        'for_each is a list: Terraform needs a map or a set of strings (toset() makes a set of a list)',
        forEach.pos
      )
    const collection = evaluate(forEach.expr, scope)
    // developer.hashicorp.com/terraform/language/meta-arguments/for_each: "accepts a map or a set
    // of strings"; Terraform refuses a null one.
    if (collection === null || typeof collection !== 'object')
      throw new EvalError(
        `for_each is ${collection === null ? 'null' : aTypeName(collection)}: Terraform needs a map or a set of strings`,
        forEach.pos
      )
    if (collection instanceof Unknown) {
      const unknown = new Unknown(collection.causes)
      return [{ suffix: '[?]', names: { each: { key: unknown, value: unknown } } }]
    }
    // A set of strings (toset) iterates by its values; a map or object by its keys.
    return entries(collection, forEach.pos).map(([k, v]) => {
      const key = Array.isArray(collection) ? v : k
      return { suffix: keyText(key), names: { each: { key, value: v } } }
    })
  }
  return [{ suffix: '', names: {} }]
}

/** count's value as Terraform takes it: a number (or a string of one), whole and not negative. */
function wholeCount(value: Value, pos: Pos): number {
  const n = typeof value === 'string' ? numberFromText(value) : value
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw new EvalError(
      `count is ${value === null ? 'null' : JSON.stringify(value)}: Terraform needs a whole number, 0 or more`,
      pos
    )
  return n
}

/**
 * OpenTofu's `enabled` meta-argument (OpenTofu 1.11, opentofu.org/docs/language/meta-arguments/enabled):
 * inside `lifecycle`, false means the one instance is not created (and the resource evaluates to
 * null), so nothing launches from it. Not known here: checked as if it were created, like an
 * unknown count.
 */
function enabled(body: Body, scope: Scope): boolean {
  const attribute = body.blocks.find(b => b.type === 'lifecycle')?.body.attributes.get('enabled')
  if (!attribute) return true
  return evaluate(attribute.expr, scope) !== false
}
