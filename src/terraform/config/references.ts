/**
 * Which resources a module's declarations refer to, read from the expressions as written: a
 * launch template that only an aws_instance, or a node group with `count = 0`, refers to does not
 * launch Auto Scaling instances, while one an output or a module call hands on may.
 */
import type { Body } from '../hcl/ast.js'
import type { ModuleConfig } from './load.js'

/** `type.name` of every resource an expression tree refers to (`aws_launch_template.ng.id`). */
function collect(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, out)
    return
  }
  if (!node || typeof node !== 'object') return
  if (node instanceof Map) {
    for (const value of node.values()) collect(value, out)
    return
  }
  const expr = node as { kind?: string; name?: string; target?: { kind?: string; name?: string } }
  if (expr.kind === 'attr' && expr.target?.kind === 'variable')
    out.add(`${expr.target.name}.${expr.name}`)
  for (const [field, value] of Object.entries(node))
    if (field !== 'pos' && typeof value === 'object') collect(value, out)
}

export function referencesIn(body: Body): Set<string> {
  const out = new Set<string>()
  collect(body, out)
  return out
}

export interface Referrers {
  /** Resource declarations (`type.name`) whose expressions name the resource. */
  resources: string[]
  /** An output, a module call or a local names it: something this reading does not follow may use it. */
  handedOn: boolean
}

/** Who in its own module refers to the resource `address` (`type.name`). */
export function referrersOf(config: ModuleConfig, address: string): Referrers {
  const resources = [...config.resources.entries()]
    .filter(([key, decl]) => key !== address && referencesIn(decl.body).has(address))
    .map(([key]) => key)
  const named = (expr: unknown) => {
    const out = new Set<string>()
    collect(expr, out)
    return out.has(address)
  }
  const handedOn =
    [...config.outputs.values(), ...config.locals.values()].some(a => named(a.expr)) ||
    [...config.modules.values()].some(call => named(call.body))
  return { resources, handedOn }
}
