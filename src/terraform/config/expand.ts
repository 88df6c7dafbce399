/**
 * count and for_each: the instances a resource or module call expands to, each with its address
 * suffix and the names (count.index, each.key, each.value) its expressions see.
 */
import type { Body } from '../hcl/ast.js'
import { entries, evaluate, type Scope } from '../eval/evaluate.js'
import { Unknown, type Value } from '../eval/values.js'

export interface Expansion {
  /** `[0]`, `["a"]`, `[?]` (for_each not known), or '' (neither count nor for_each). */
  suffix: string
  names: Record<string, Value>
}

export function keyText(key: Value): string {
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`
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
  if (count) {
    const n = evaluate(count.expr, scope)
    const total = n instanceof Unknown ? 1 : Number(n)
    return Array.from({ length: total }, (_, i) => ({
      suffix: `[${i}]`,
      names: { count: { index: i } }
    }))
  }
  if (forEach) {
    const collection = evaluate(forEach.expr, scope)
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
