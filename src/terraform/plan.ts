/**
 * `terraform show -json` output: rendered values where the plan knows them (a key policy is a
 * finished JSON string there), and the configuration's references for the rest.
 */
import { readFile } from 'node:fs/promises'
import { dirname, basename } from 'node:path'
import type { TfFile } from './parse.js'

export interface PlanFacts {
  /** Rendered key policies by address (aws_kms_key and aws_kms_key_policy). */
  policies: Map<string, string>
  /** Known kms_key_id of launch templates by address. */
  kmsKeyIds: Map<string, string>
  /** The configuration as a parsed-file lookalike, for plans checked without the .tf files. */
  file: TfFile
}

interface PlanResource {
  address: string
  type: string
  mode?: string
  name?: string
  values?: Record<string, unknown>
  expressions?: Record<string, unknown>
}

interface PlanModule {
  resources?: PlanResource[]
  child_modules?: PlanModule[]
}

function plannedResources(module: PlanModule | undefined): PlanResource[] {
  if (!module) return []
  return [...(module.resources ?? []), ...(module.child_modules ?? []).flatMap(plannedResources)]
}

/** A configuration expression as the HCL parser would show it: literal, or "${reference}". */
function expressionValue(expression: unknown): unknown {
  if (Array.isArray(expression))
    return expression.map(block => convertExpressions(block as Record<string, unknown>))
  const e = expression as { constant_value?: unknown; references?: string[] }
  if (e && 'constant_value' in e) return e.constant_value
  if (e?.references?.length) return `\${${e.references[0]}}`
  return '${unknown}'
}

function convertExpressions(expressions: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(expressions).map(([k, v]) => [k, expressionValue(v)]))
}

export async function readPlan(path: string): Promise<PlanFacts> {
  let plan: {
    planned_values?: { root_module?: PlanModule }
    configuration?: {
      root_module?: {
        resources?: PlanResource[]
        module_calls?: Record<string, { source?: string; expressions?: Record<string, unknown> }>
      }
    }
  }
  try {
    plan = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new Error(
      `Input 'plan-json' could not be read as the output of terraform show -json: ${(error as Error).message}`,
      { cause: error }
    )
  }
  const policies = new Map<string, string>()
  const kmsKeyIds = new Map<string, string>()
  for (const resource of plannedResources(plan.planned_values?.root_module)) {
    const values = resource.values ?? {}
    if (
      (resource.type === 'aws_kms_key' || resource.type === 'aws_kms_key_policy') &&
      typeof values.policy === 'string' &&
      values.policy
    ) {
      policies.set(resource.address, values.policy)
    }
    if (resource.type === 'aws_launch_template') {
      const mappings = (values.block_device_mappings as { ebs?: { kms_key_id?: string }[] }[]) ?? []
      const key = mappings.flatMap(m => m.ebs ?? []).find(e => e.kms_key_id)?.kms_key_id
      if (key) kmsKeyIds.set(resource.address, key)
    }
  }
  const body: Record<string, Record<string, Record<string, unknown[]>>> = { resource: {}, data: {} }
  for (const resource of plan.configuration?.root_module?.resources ?? []) {
    const kind = resource.mode === 'data' ? 'data' : 'resource'
    const name = resource.name ?? resource.address.split('.').pop() ?? ''
    body[kind][resource.type] ??= {}
    body[kind][resource.type][name] = [convertExpressions(resource.expressions)]
  }
  const modules: Record<string, unknown[]> = {}
  for (const [name, call] of Object.entries(plan.configuration?.root_module?.module_calls ?? {})) {
    modules[name] = [{ source: call.source, ...convertExpressions(call.expressions) }]
  }
  return {
    policies,
    kmsKeyIds,
    file: {
      path,
      display: basename(path),
      dir: dirname(path),
      source: '',
      body: { ...body, module: modules }
    }
  }
}
