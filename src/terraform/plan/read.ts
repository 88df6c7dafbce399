/**
 * Reads `terraform show -json <plan>`: every resource of planned_values, prior_state (what the plan
 * leaves as it is) and resource_changes (after / after_unknown), nested modules included, by its
 * full address; and the configuration, whose expressions say what a value known only after apply
 * references.
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'

export type Json = Record<string, unknown>

export interface PlanResource {
  address: string
  mode?: string
  type: string
  name?: string
  values?: Json
  unknown?: Json
}

export interface ConfigModule {
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
  const bytes = await readFile(path).catch((error: Error) => {
    throw new Error(`Input 'plan-json' (${path}) could not be read: ${error.message}`, {
      cause: error
    })
  })
  // `terraform plan -out` writes a zip archive; check reads what `terraform show -json` prints.
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])))
    throw new Error(
      `Input 'plan-json' (${basename(path)}) is a binary plan file, as terraform plan -out writes it: pass its JSON instead, from terraform show -json ${basename(path)} > plan.json.`
    )
  try {
    plan = JSON.parse(bytes.toString('utf8'))
  } catch (error) {
    throw new Error(
      // Node's message quotes the text: say what, not the content.
      `Input 'plan-json' (${basename(path)}) is not JSON, so not the output of terraform show -json.`,
      { cause: error }
    )
  }
  if (!plan || typeof plan !== 'object' || !('format_version' in plan))
    throw new Error(
      `Input 'plan-json' (${basename(path)}) is JSON but not a plan: terraform show -json <planfile> writes an object with format_version, planned_values and resource_changes.`
    )
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
