/**
 * Verdicts from `terraform show -json <plan>` (modules expanded and values resolved by Terraform
 * itself): each launch template device's key — known, or joined through the configuration's
 * references when known only after apply — with its policy and grants; and how they join the
 * verdicts from the .tf files.
 */
import type { Statement } from '../../model/index.js'
import { DEFAULT_ROLE, KEY_TYPES } from '../config/discover.js'
import type { Value } from '../eval/values.js'
import type { CheckOutcome, KeyCheck, KeyUseSite } from '../model.js'
import { judge } from '../judge/verdict.js'
import type { Grant } from '../judge/grants.js'
import { THIS_ACCOUNT } from '../config/computed.js'
import type { Json, Plan, PlanResource } from './read.js'
import {
  byKnownId,
  configModule,
  follow,
  keyReferences,
  moduleNames,
  references,
  splitAddress
} from './references.js'

export { readPlan, type Plan } from './read.js'

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
      operations: r.values?.operations,
      constraints: r.values?.constraints
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
