/**
 * The uses of keys: every Auto Scaling group and EKS node group, the launch template it launches
 * with (by id or name, through mixed_instances_policy), each EBS device's kms_key_id (dynamic
 * blocks expanded), the account's default EBS key where a device names none, and the launch
 * templates no group here names.
 */
import type { Pos } from '../hcl/ast.js'
import { LazyObject, Unknown, type UnknownCause, type Value } from '../eval/values.js'
import type { BlockValue } from './blocks.js'
import type { ResourceInstance } from './resource.js'
import { visiblePos } from './where.js'
import { referrersOf } from './references.js'
import {
  DEFAULT_ROLE,
  keyTargets,
  safe,
  type Index,
  type KeyTarget,
  type KeyUse
} from './discover.js'

function get(block: BlockValue | ResourceInstance, name: string): Value {
  const isBlock = block instanceof LazyObject && 'pos' in block
  const blockPos = isBlock ? (block as BlockValue).pos : (block as ResourceInstance).decl.pos
  return safe(
    () => block.get(name, blockPos),
    error =>
      new Unknown([
        {
          what: name,
          // The attribute's own line: that is what the user edits.
          pos: isBlock
            ? ((block as BlockValue).body.attributes.get(name)?.pos ?? blockPos)
            : (block as ResourceInstance).attributePos(name),
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

/**
 * The account's EBS encryption defaults as the configuration declares them. The default key
 * (aws_ebs_default_kms_key) encrypts every volume encrypted without naming a key; encryption by
 * default (aws_ebs_encryption_by_default) encrypts every new volume, whatever `encrypted` says.
 * Neither declared: the account's settings are outside this configuration.
 */
export interface EbsDefaults {
  key?: { value: Value; instance: ResourceInstance }
  byDefault: boolean | 'unknown'
}

export function ebsDefaults(index: Index): EbsDefaults {
  const toggles = index.ofType('aws_ebs_encryption_by_default')
  const byDefault =
    toggles.length === 0
      ? ('unknown' as const)
      : toggles.some(r => {
          const enabled = safe(
            () => r.attribute('enabled'),
            () => true
          )
          return enabled !== false && enabled !== 'false'
        })
  const instance = index.ofType('aws_ebs_default_kms_key')[0]
  return { key: instance ? { value: get(instance, 'key_arn'), instance } : undefined, byDefault }
}

/** Which key a volume encrypted without a kms_key_id gets: the default key, unknown, or none of ours. */
function defaultKeyTargets(
  defaults: EbsDefaults,
  encrypted: Value,
  index: Index,
  what: string
): KeyTarget[] {
  if (!defaults.key) return []
  const explicit = encrypted === true || encrypted === 'true'
  if (explicit || defaults.byDefault === true)
    return keyTargets(defaults.key.value, index, defaults.key.instance.decl.pos)
  if (defaults.byDefault === false) return []
  return [
    {
      kind: 'unknown',
      text: `the account default EBS key (${defaults.key.instance.fullAddress})`,
      pos: defaults.key.instance.decl.pos,
      causes: [
        {
          what: `whether ${what} is encrypted with the account default EBS key`,
          pos: defaults.key.instance.decl.pos,
          how: 'EBS encryption by default is not declared in this configuration (aws_ebs_encryption_by_default): declare it, or set encrypted = true or kms_key_id on the device'
        }
      ]
    }
  ]
}

function where(instance: ResourceInstance): { file: string; line: number } {
  return { file: instance.decl.pos.file, line: instance.decl.pos.line }
}

/** Every (key, use) pair of the configuration. */
export function keyUses(index: Index): KeyUse[] {
  const uses: KeyUse[] = []
  const used = new Set<ResourceInstance>()
  const defaults = ebsDefaults(index)
  const fromTemplate = (
    template: ResourceInstance,
    consumer: string,
    role: Value,
    orphan = false
  ) => {
    used.add(template)
    const devices = deviceKeys(template)
    const shownTemplate = visiblePos(template.module, template.decl.pos)
    const site = (via: string, file: string, line: number) => ({
      consumer,
      via,
      role: roleText(role),
      file,
      line,
      ...(orphan ? { orphan: true } : {})
    })
    if (devices.length === 0) {
      // No block device of its own: the AMI's root volume, encrypted only by the account defaults.
      for (const target of defaultKeyTargets(
        defaults,
        null,
        index,
        `${template.fullAddress}'s root volume`
      ))
        uses.push({
          target,
          site: site(
            `${template.fullAddress} (the AMI's root volume, no block_device_mappings), so the account default EBS key (${defaults.key!.instance.fullAddress})`,
            shownTemplate.file,
            shownTemplate.line
          )
        })
      return
    }
    for (const device of devices) {
      const via = `${template.fullAddress} (${device.device})`
      const shown = visiblePos(template.module, device.pos)
      if (device.value === null) {
        for (const target of defaultKeyTargets(defaults, device.encrypted, index, via))
          uses.push({
            target,
            site: site(
              `${via}, which names no key, so the account default EBS key (${defaults.key!.instance.fullAddress})`,
              shown.file,
              shown.line
            )
          })
        continue
      }
      for (const target of keyTargets(device.value, index, device.pos))
        uses.push({ target, site: site(via, shown.file, shown.line) })
    }
  }
  for (const consumer of consumers(index)) {
    const name = consumer.instance.fullAddress
    if (consumer.template) fromTemplate(consumer.template, name, consumer.role)
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
    else
      for (const target of defaultKeyTargets(defaults, null, index, `${name}'s volumes`))
        uses.push({
          target,
          site: {
            consumer: name,
            via: `the account default EBS key (${defaults.key!.instance.fullAddress}), as it uses no launch template`,
            role: roleText(consumer.role),
            ...where(consumer.instance)
          }
        })
  }
  // A launch template no group here launches from: an output, a module call or a local may hand
  // it to a group elsewhere, and so may its name. One that only other resources here name (an
  // aws_instance, or a group with count = 0) launches no Auto Scaling instance.
  for (const template of index.ofType('aws_launch_template')) {
    if (used.has(template)) continue
    const referrers = referrersOf(
      template.module.config,
      template.decl.type + '.' + template.decl.name
    )
    if (referrers.resources.length > 0 && !referrers.handedOn) continue
    fromTemplate(template, template.fullAddress, DEFAULT_ROLE, true)
  }
  return uses
}
