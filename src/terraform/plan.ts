/**
 * `terraform show -json <plan>`: modules expanded and values resolved by Terraform itself. Reads
 * planned_values, resource_changes (after / after_unknown), prior_state, and the configuration's
 * module calls recursively, to join a launch template's kms_key_id that is known only after
 * apply to the key its expression references, and to judge each key's policy and grants.
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Statement } from '../model/index.js'
import { DEFAULT_ROLE, KEY_TYPES } from './discover.js'
import type { Value } from './eval/values.js'
import type { CheckOutcome, KeyCheck, KeyUseSite } from './model.js'
import { judge, type Grant } from './verdict.js'
import { THIS_ACCOUNT } from './config/computed.js'

type Json = Record<string, unknown>

interface PlanResource {
  address: string
  mode?: string
  type: string
  name?: string
  values?: Json
  unknown?: Json
}

interface ConfigModule {
  resources?: { address: string; mode?: string; type: string; name: string; expressions?: Json }[]
  module_calls?: Record<string, { source?: string; expressions?: Json; module?: ConfigModule }>
  outputs?: Record<string, { expression?: Json }>
}

export interface Plan {
  path: string
  display: string
  resources: Map<string, PlanResource>
  root?: ConfigModule
  account?: string
}

interface StateModule {
  resources?: PlanResource[]
  child_modules?: StateModule[]
}

function collect(module: StateModule | undefined, into: Map<string, PlanResource>): void {
  if (!module) return
  for (const r of module.resources ?? []) into.set(r.address, { ...into.get(r.address), ...r })
  for (const child of module.child_modules ?? []) collect(child, into)
}

export async function readPlan(path: string): Promise<Plan> {
  let plan: {
    planned_values?: { root_module?: StateModule }
    prior_state?: { values?: { root_module?: StateModule } }
    resource_changes?: {
      address: string
      mode?: string
      type: string
      name?: string
      change?: { after?: Json; after_unknown?: Json }
    }[]
    configuration?: { root_module?: ConfigModule }
  }
  try {
    plan = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new Error(
      `Input 'plan-json' could not be read as the output of terraform show -json: ${(error as Error).message}`,
      { cause: error }
    )
  }
  const resources = new Map<string, PlanResource>()
  collect(plan.prior_state?.values?.root_module, resources)
  collect(plan.planned_values?.root_module, resources)
  for (const change of plan.resource_changes ?? []) {
    const known = resources.get(change.address)
    resources.set(change.address, {
      ...known,
      address: change.address,
      mode: change.mode,
      type: change.type,
      name: change.name,
      values: change.change?.after ?? known?.values,
      unknown: change.change?.after_unknown
    })
  }
  const identity = [...resources.values()].find(r => r.type === 'aws_caller_identity')
  return {
    path,
    display: basename(path),
    resources,
    root: plan.configuration?.root_module,
    account:
      typeof identity?.values?.account_id === 'string' ? identity.values.account_id : undefined
  }
}

/** `module.a["x"].module.b[0]` → ['a', 'b'] (configuration is per module, not per instance). */
function moduleNames(address: string): string[] {
  return [...address.matchAll(/module\.([\w-]+)(?:\[[^\]]*\])?/g)].map(m => m[1])
}

function splitAddress(address: string): { module: string; local: string } {
  const match = /^((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*)(.*)$/.exec(address)!
  return { module: match[1].replace(/\.$/, ''), local: match[2] }
}

function configModule(plan: Plan, names: string[]): ConfigModule | undefined {
  let module = plan.root
  for (const name of names) module = module?.module_calls?.[name]?.module
  return module
}

function references(expression: unknown): string[] {
  const e = expression as { references?: string[] } | undefined
  return e?.references ?? []
}

/**
 * Follows an expression's references to a resource of one of `types`: through variables (to the
 * caller's expression), module outputs, and aliases. Returns its address, or why it cannot.
 */
function follow(
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

interface Device {
  template: string
  device: string
  key?: string
  reason?: string
}

function devices(plan: Plan, template: PlanResource): Device[] {
  const mappings = (template.values?.block_device_mappings as Json[] | undefined) ?? []
  const unknownMappings = (template.unknown?.block_device_mappings as Json[] | undefined) ?? []
  const out: Device[] = []
  const { module, local } = splitAddress(template.address)
  const localBase = local.replace(/\[[^\]]*\]$/, '')
  const config = configModule(plan, moduleNames(module))?.resources?.find(
    r => r.address === localBase
  )
  mappings.forEach((mapping, i) => {
    const ebsList = (mapping.ebs as Json[] | undefined) ?? []
    ebsList.forEach((ebs, j) => {
      const device = String(mapping.device_name ?? 'a device')
      const known = ebs.kms_key_id
      const expression = (
        (
          (config?.expressions?.block_device_mappings as Json[] | undefined)?.[i]?.ebs as
            Json[] | undefined
        )?.[j] as Json | undefined
      )?.kms_key_id
      // Unknown until apply; a null that the configuration sets from a reference is the same.
      const unknown =
        (((unknownMappings[i]?.ebs as Json[] | undefined) ?? [])[j] as Json | undefined)
          ?.kms_key_id === true ||
        (known === null && references(expression).length > 0)
      if (typeof known === 'string' && known) {
        out.push({ template: template.address, device, key: byKnownId(plan, known) ?? known })
      } else if (unknown) {
        const found = follow(
          plan,
          module,
          references(expression),
          new Set([...KEY_TYPES, 'data.aws_kms_key'])
        )
        out.push({ template: template.address, device, key: found.address, reason: found.reason })
      }
    })
  })
  return out
}

/** A key ARN, id or alias that a resource of the plan has. */
function byKnownId(plan: Plan, value: string): string | undefined {
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

function keyPolicy(plan: Plan, key: PlanResource): { statements?: Statement[]; reason?: string } {
  const separate = [...plan.resources.values()].find(
    r =>
      r.type === 'aws_kms_key_policy' &&
      (r.values?.key_id === key.values?.key_id ||
        (typeof r.values?.key_id !== 'string' && keyReferences(plan, r).includes(key.address)))
  )
  const holder = separate ?? key
  const text = holder.values?.policy
  if (typeof text === 'string' && text) {
    try {
      const parsed = JSON.parse(text) as { Statement?: Statement | Statement[] }
      const list = parsed.Statement
      return { statements: Array.isArray(list) ? list : list ? [list] : [] }
    } catch {
      return { reason: 'its policy is not JSON' }
    }
  }
  if (holder.unknown?.policy === true) {
    const { module, local } = splitAddress(holder.address)
    const config = configModule(plan, moduleNames(module))?.resources?.find(
      r => r.address === local.replace(/\[[^\]]*\]$/, '')
    )
    const refs = references(config?.expressions?.policy)
    return {
      reason: `its policy is known only after apply${refs.length ? ` (it references ${refs.join(', ')})` : ''}`
    }
  }
  return {
    statements: [
      {
        Sid: 'Default key policy',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${plan.account ?? THIS_ACCOUNT}:root` },
        Action: 'kms:*',
        Resource: '*'
      }
    ]
  }
}

function keyReferences(plan: Plan, r: PlanResource): string[] {
  const { module, local } = splitAddress(r.address)
  const config = configModule(plan, moduleNames(module))?.resources?.find(
    c => c.address === local.replace(/\[[^\]]*\]$/, '')
  )
  const found = follow(plan, module, references(config?.expressions?.key_id), KEY_TYPES)
  return found.address ? [found.address] : []
}

function grants(plan: Plan, key: PlanResource): Grant[] {
  return [...plan.resources.values()]
    .filter(r => r.type === 'aws_kms_grant')
    .filter(
      r =>
        (typeof r.values?.key_id === 'string' &&
          byKnownId(plan, r.values.key_id) === key.address) ||
        keyReferences(plan, r).includes(key.address)
    )
    .map(r => ({
      name: r.address,
      pos: { file: plan.display },
      grantee: r.values?.grantee_principal,
      operations: r.values?.operations
    }))
}

function consumersOf(plan: Plan, template: string): string[] {
  const out: string[] = []
  for (const r of plan.resources.values()) {
    if (r.type !== 'aws_eks_node_group' && r.type !== 'aws_autoscaling_group') continue
    const spec = ((r.values?.launch_template as Json[] | undefined) ?? [])[0]
    const id = spec?.id ?? spec?.name
    const t = plan.resources.get(template)
    if (id && t && (id === t.values?.id || id === t.values?.name)) out.push(r.address)
    else {
      const { module, local } = splitAddress(r.address)
      const config = configModule(plan, moduleNames(module))?.resources?.find(
        c => c.address === local.replace(/\[[^\]]*\]$/, '')
      )
      const lt = ((config?.expressions?.launch_template as Json[] | undefined) ?? [])[0]
      const found = follow(
        plan,
        module,
        [...references(lt?.id), ...references(lt?.name)],
        new Set(['aws_launch_template'])
      )
      if (found.address && (template === found.address || template.startsWith(`${found.address}[`)))
        out.push(r.address)
    }
  }
  return out
}

/** Verdicts from the plan alone. */
export function planChecks(plan: Plan): KeyCheck[] {
  // The account: from aws_caller_identity, else the key policies' own root principal.
  const rootPrincipal = [...plan.resources.values()]
    .map(r =>
      typeof r.values?.policy === 'string'
        ? /arn:aws[\w-]*:iam::(\d{12}):root/.exec(r.values.policy)?.[1]
        : undefined
    )
    .find(Boolean)
  const account = plan.account ?? rootPrincipal ?? THIS_ACCOUNT
  const role = DEFAULT_ROLE.replace(THIS_ACCOUNT, account)
  const byKey = new Map<string, { uses: KeyUseSite[]; reason?: string }>()
  for (const template of plan.resources.values()) {
    if (template.type !== 'aws_launch_template' || template.mode === 'data') continue
    const groups = consumersOf(plan, template.address)
    for (const device of devices(plan, template)) {
      const id = device.key ?? `unknown:${template.address}:${device.device}`
      const entry = byKey.get(id) ?? { uses: [], reason: device.reason }
      for (const consumer of groups.length ? groups : [template.address])
        entry.uses.push({
          consumer,
          via: `${template.address} (${device.device})`,
          role,
          file: plan.display
        })
      byKey.set(id, entry)
    }
  }
  const checks: KeyCheck[] = []
  for (const [id, { uses, reason }] of byKey) {
    const key = plan.resources.get(id)
    const base = { key: id, file: plan.display, style: 'plan' as const, uses, decidedBy: [] }
    if (id.startsWith('unknown:') || !key) {
      const outside = !id.startsWith('unknown:')
      checks.push({
        ...base,
        key: outside ? id : `the key of ${uses[0].via}`,
        status: outside ? 'outside' : 'unknown',
        unknowns: [
          {
            what: outside ? `the key ${id}` : `kms_key_id of ${uses[0].via}`,
            how: outside
              ? 'it is not managed in this plan: run verify against the account'
              : `the plan references ${reason ?? 'something'} that check cannot follow`
          }
        ],
        message: outside
          ? `The key ${id} is not managed in this plan; run verify against the account to check its policy.`
          : `Cannot tell which key ${uses[0].via} uses: ${reason ?? 'it is known only after apply'}.`
      })
      continue
    }
    const policy = keyPolicy(plan, key)
    checks.push(
      judge({
        address: id,
        read: {
          style: 'plan',
          pos: { file: plan.display, line: 0 },
          statements: policy.statements?.map(s => ({ value: s as Record<string, Value> })),
          causes: policy.reason ? [{ what: `the policy of ${id}`, how: policy.reason }] : [],
          reason: policy.reason
        },
        uses,
        grants: grants(plan, key),
        account,
        fix: (_style, missing) =>
          ['# Add to the Statement list of the key policy:', JSON.stringify(missing, null, 2)].join(
            '\n'
          )
      })
    )
  }
  return checks.map(c => ({ ...c, line: undefined }))
}

/** Joins the plan's verdicts with those from the .tf files: the plan decides what they could not. */
export function applyPlan(plan: Plan, keys: KeyCheck[], notes: string[]): void {
  const fromPlan = planChecks(plan)
  const decided = new Map(fromPlan.filter(k => k.status !== 'unknown').map(k => [k.key, k]))
  const coveredTemplates = new Set(fromPlan.flatMap(k => k.uses.map(u => u.via)))
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]
    const better = decided.get(key.key)
    if (better && (key.status === 'unknown' || key.status === 'outside')) {
      keys[i] = { ...better, file: key.file ?? better.file, line: key.line ?? better.line }
      decided.delete(key.key)
    } else if (better) decided.delete(key.key)
    else if (
      key.status === 'unknown' &&
      key.uses.length &&
      key.uses.every(u => coveredTemplates.has(u.via))
    )
      keys.splice(i, 1)
  }
  const known = new Set(keys.map(k => k.key))
  for (const check of fromPlan)
    if (!known.has(check.key) && (decided.has(check.key) || check.status === 'unknown'))
      keys.push(check)
  notes.push(`Read the plan ${plan.display} (${plan.resources.size} resources).`)
}

export type { CheckOutcome }
