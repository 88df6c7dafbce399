/**
 * The uses of keys: every Auto Scaling group and EKS node group, the launch template it launches
 * with (by id or name, through mixed_instances_policy), each EBS device's kms_key_id (dynamic
 * blocks expanded), the account's default EBS key where a device names none, and the launch
 * templates no group here names.
 */
import type { Pos } from './hcl/ast.js'
import { LazyObject, Unknown, type UnknownCause, type Value } from './eval/values.js'
import type { BlockValue } from './config/blocks.js'
import type { ResourceInstance } from './config/resource.js'
import { visiblePos } from './config/where.js'
import { DEFAULT_ROLE, keyTargets, safe, type Index, type KeyUse } from './discover.js'

function get(block: BlockValue | ResourceInstance, name: string): Value {
  return safe(
    () =>
      block.get(
        name,
        block instanceof LazyObject && 'pos' in block
          ? (block as BlockValue).pos
          : (block as ResourceInstance).decl.pos
      ),
    error =>
      new Unknown([
        {
          what: name,
          pos: 'pos' in block ? (block as BlockValue).pos : (block as ResourceInstance).decl.pos,
          how: `it could not be evaluated: ${error.message}`
        }
      ])
  )
}

function blocksOf(value: Value): BlockValue[] {
  return Array.isArray(value) ? (value.filter(v => v instanceof LazyObject) as BlockValue[]) : []
}

interface DeviceKey {
  value: Value
  device: string
  pos: Pos
  /** false when the template does not encrypt the device. */
  encrypted: Value
}

/** kms_key_id of each EBS device of a launch template (dynamic blocks expanded). */
export function deviceKeys(template: ResourceInstance): DeviceKey[] {
  const out: DeviceKey[] = []
  for (const mapping of safe(
    () => template.blocks('block_device_mappings'),
    () => []
  )) {
    const device = get(mapping, 'device_name')
    for (const ebs of blocksOf(get(mapping, 'ebs'))) {
      const key = ebs.body.attributes.get('kms_key_id')
      out.push({
        value: get(ebs, 'kms_key_id'),
        device: typeof device === 'string' ? device : 'a device',
        pos: key?.pos ?? ebs.pos,
        encrypted: get(ebs, 'encrypted')
      })
    }
  }
  return out
}

export interface Consumer {
  instance: ResourceInstance
  template?: ResourceInstance
  /** The launch template reference could not be followed. */
  templateUnknown?: UnknownCause[]
  role: Value
}

function templateOf(
  consumer: ResourceInstance,
  index: Index
): Pick<Consumer, 'template' | 'templateUnknown'> {
  const specs = [
    ...consumer.blocks('launch_template'),
    ...consumer
      .blocks('mixed_instances_policy')
      .flatMap(m => blocksOf(get(m, 'launch_template')))
      .flatMap(l => blocksOf(get(l, 'launch_template_specification')))
  ]
  for (const spec of specs) {
    for (const field of ['id', 'launch_template_id', 'name', 'launch_template_name']) {
      if (!spec.body.attributes.has(field)) continue
      const value = get(spec, field)
      const template = index.resolve(value)
      if (template?.type === 'aws_launch_template') return { template }
      if (typeof value === 'string') {
        const byName = index.ofType('aws_launch_template').find(
          t =>
            safe(
              () => t.attribute('name'),
              () => undefined
            ) === value
        )
        if (byName) return { template: byName }
        return {}
      }
      if (value instanceof Unknown && !value.ref) return { templateUnknown: value.causes }
    }
  }
  return {}
}

export function consumers(index: Index): Consumer[] {
  const out: Consumer[] = []
  for (const instance of index.ofType('aws_eks_node_group'))
    out.push({ instance, ...templateOf(instance, index), role: DEFAULT_ROLE })
  for (const instance of index.ofType('aws_autoscaling_group')) {
    const role = safe(
      () => instance.attribute('service_linked_role_arn') ?? null,
      () => null
    )
    out.push({ instance, ...templateOf(instance, index), role: role ?? DEFAULT_ROLE })
  }
  return out
}

export function roleText(role: Value): string {
  if (typeof role === 'string') return role
  if (role instanceof Unknown) return role.text()
  return DEFAULT_ROLE
}

/** The account's default EBS key, when the configuration turns encryption by default on. */
export function ebsDefault(index: Index): { value: Value; instance: ResourceInstance } | undefined {
  const on = index.ofType('aws_ebs_encryption_by_default').some(r => {
    const enabled = safe(
      () => r.attribute('enabled'),
      () => true
    )
    return enabled !== false && enabled !== 'false'
  })
  if (!on) return undefined
  const instance = index.ofType('aws_ebs_default_kms_key')[0]
  return instance ? { value: get(instance, 'key_arn'), instance } : undefined
}

function where(instance: ResourceInstance): { file: string; line: number } {
  return { file: instance.decl.pos.file, line: instance.decl.pos.line }
}

/** Every (key, use) pair of the configuration. */
export function keyUses(index: Index): KeyUse[] {
  const uses: KeyUse[] = []
  const used = new Set<ResourceInstance>()
  const defaults = ebsDefault(index)
  const fromTemplate = (template: ResourceInstance, consumer: string, role: Value, site: Pos) => {
    used.add(template)
    for (const device of deviceKeys(template)) {
      const via = `${template.fullAddress} (${device.device})`
      const shown = visiblePos(template.module, device.pos)
      const base = { consumer, role: roleText(role), file: shown.file, line: shown.line }
      if (device.value === null && device.encrypted !== false) {
        if (defaults && device.encrypted !== null)
          uses.push(
            ...keyTargets(defaults.value, index, defaults.instance.decl.pos).map(target => ({
              target,
              site: {
                ...base,
                via: `${via} encrypts without naming a key, so the account default EBS key (${defaults.instance.fullAddress})`
              }
            }))
          )
        continue
      }
      if (device.encrypted === false && device.value === null) continue
      for (const target of keyTargets(device.value, index, device.pos))
        uses.push({ target, site: { ...base, via } })
    }
    void site
  }
  for (const consumer of consumers(index)) {
    const name = consumer.instance.fullAddress
    if (consumer.template)
      fromTemplate(consumer.template, name, consumer.role, consumer.instance.decl.pos)
    else if (consumer.templateUnknown)
      uses.push({
        target: {
          kind: 'unknown',
          causes: consumer.templateUnknown,
          pos: consumer.instance.decl.pos,
          text: 'the launch template'
        },
        site: {
          consumer: name,
          via: 'a launch template that cannot be named',
          role: roleText(consumer.role),
          ...where(consumer.instance)
        }
      })
    else if (defaults)
      uses.push(
        ...keyTargets(defaults.value, index, defaults.instance.decl.pos).map(target => ({
          target,
          site: {
            consumer: name,
            via: 'the account default EBS key (aws_ebs_default_kms_key), as it uses no launch template',
            role: roleText(consumer.role),
            ...where(consumer.instance)
          }
        }))
      )
  }
  // Launch templates no group here names (their group may be elsewhere) still launch with their key.
  for (const template of index.ofType('aws_launch_template'))
    if (!used.has(template))
      fromTemplate(template, template.fullAddress, DEFAULT_ROLE, template.decl.pos)
  return uses
}
