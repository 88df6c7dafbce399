/**
 * Follows what plan JSON's configuration says an expression references — through module
 * variables (to the caller's expression), module outputs and aliases — to the resource it is.
 */
import { KEY_TYPES } from '../config/discover.js'
import type { ConfigModule, Plan, PlanResource } from './read.js'

/** `module.a["x"].module.b[0]` → ['a', 'b'] (configuration is per module, not per instance). */
export function moduleNames(address: string): string[] {
  return [...address.matchAll(/module\.([\w-]+)(?:\[[^\]]*\])?/g)].map(m => m[1])
}

export function splitAddress(address: string): { module: string; local: string } {
  const match = /^((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*)(.*)$/.exec(address)!
  return { module: match[1].replace(/\.$/, ''), local: match[2] }
}

export function configModule(plan: Plan, names: string[]): ConfigModule | undefined {
  let module = plan.root
  for (const name of names) module = module?.module_calls?.[name]?.module
  return module
}

export function references(expression: unknown): string[] {
  const e = expression as { references?: string[] } | undefined
  return e?.references ?? []
}

/**
 * Follows an expression's references to a resource of one of `types`: through variables (to the
 * caller's expression), module outputs, and aliases. Returns its address, or why it cannot.
 */
export function follow(
  plan: Plan,
  module: string,
  refs: string[],
  types: Set<string>,
  depth = 0
): { address?: string; reason?: string } {
  if (depth > 12) return { reason: 'the reference chain is too long' }
  const names = moduleNames(module)
  const config = configModule(plan, names)
  // A module output that leads nowhere gives way to the expression's next reference.
  let passed: string | undefined
  for (const ref of refs) {
    const parts = ref.split('.')
    if (parts[0] === 'var') {
      if (names.length === 0) return { reason: `var.${parts[1]} of the root module` }
      const parentModule = module.replace(/\.?module\.[\w-]+(?:\[[^\]]*\])?$/, '')
      const parent = configModule(plan, names.slice(0, -1))
      const call = parent?.module_calls?.[names[names.length - 1]]
      return follow(plan, parentModule, references(call?.expressions?.[parts[1]]), types, depth + 1)
    }
    if (parts[0] === 'module' && parts.length >= 3) {
      const child = config?.module_calls?.[parts[1]]
      const output = child?.module?.outputs?.[parts[2]]
      const prefix = `${module ? `${module}.` : ''}module.${parts[1]}`
      const instance = [...plan.resources.keys()].find(
        a => a.startsWith(`${prefix}.`) || a.startsWith(`${prefix}[`)
      )
      const childModule = instance ? splitAddress(instance).module : prefix
      const found = follow(plan, childModule, references(output?.expression), types, depth + 1)
      if (found.address) return found
      passed ??= found.reason
      continue
    }
    if (parts[0] === 'local') return { reason: `${ref} (plan JSON does not carry locals)` }
    const type = parts[0] === 'data' ? `data.${parts[1]}` : parts[0]
    if (!types.has(type) && type !== 'aws_kms_alias') continue
    const base = parts[0] === 'data' ? parts.slice(0, 3).join('.') : parts.slice(0, 2).join('.')
    const full = `${module ? `${module}.` : ''}${base}`
    const address = [...plan.resources.keys()].find(a => a === full || a.startsWith(`${full}[`))
    if (type === 'aws_kms_alias') {
      const alias = config?.resources?.find(r => r.address === base)
      const found = follow(
        plan,
        module,
        references(alias?.expressions?.target_key_id),
        types,
        depth + 1
      )
      if (found.address) return found
      continue
    }
    if (address) return { address }
    return { address: full }
  }
  return { reason: passed ?? (refs.length ? refs[0] : 'an expression with no reference') }
}

/** A key ARN, id or alias that a resource of the plan has. */
export function byKnownId(plan: Plan, value: string): string | undefined {
  for (const r of plan.resources.values()) {
    const v = r.values ?? {}
    if (KEY_TYPES.has(r.type) && (v.arn === value || v.key_id === value || v.id === value))
      return r.address
    if (
      r.type === 'aws_kms_alias' &&
      (v.name === value || v.arn === value) &&
      typeof v.target_key_id === 'string'
    )
      return byKnownId(plan, v.target_key_id) ?? undefined
  }
  return undefined
}

export function keyReferences(plan: Plan, r: PlanResource): string[] {
  const { module, local } = splitAddress(r.address)
  const config = configModule(plan, moduleNames(module))?.resources?.find(
    c => c.address === local.replace(/\[[^\]]*\]$/, '')
  )
  const found = follow(plan, module, references(config?.expressions?.key_id), KEY_TYPES)
  return found.address ? [found.address] : []
}
