/**
 * Which KMS keys node launches use, read from a set of templates: each EKS managed node group and
 * Auto Scaling group, the launch templates it launches from (its own, and each Mixed Instances
 * override's), their EBS devices' KmsKeyId, and the service-linked role its launches run as.
 */
import { SLR_PATH, type KeyUseSite } from '../model/check.js'
import { THIS_ACCOUNT, THIS_PARTITION } from '../terraform/config/computed.js'
import { Unknown, type UnknownCause, type Value } from '../terraform/eval/values.js'
import type { Pos } from '../terraform/hcl/ast.js'
import { evaluate, NO_VALUE } from './intrinsics.js'
import { namedCondition } from './conditions.js'
import { isRecord, keyPos, posOf, type Raw } from './source.js'
import { resourceName, type Resource, type Template } from './template.js'

export type Target =
  | { kind: 'key'; template: Template; resource: Resource }
  | { kind: 'outside'; value: string; pos?: Pos }
  | { kind: 'unknown'; causes: UnknownCause[]; pos?: Pos; text: string }

export interface Use {
  target: Target
  site: KeyUseSite
}

export const KEY_TYPES = new Set(['AWS::KMS::Key', 'AWS::KMS::ReplicaKey'])

/** A resource that exists: one whose Condition is false is not created (conditions-section-structure.html). */
export function exists(t: Template, resource: Resource): boolean {
  const name = resource.raw.Condition
  return typeof name !== 'string' || namedCondition(name, t, resource.pos) !== false
}

function templateOf(
  templates: Template[],
  ref: { root?: string; module: string }
): Template | undefined {
  return templates.find(t => t.file === ref.root && t.name === ref.module)
}

/** The keys a KmsKeyId value names: a key resource, an alias of one, a literal key, or unknown. */
export function keyTargets(
  value: Value,
  t: Template,
  templates: Template[],
  pos: Pos,
  depth = 0
): Target[] {
  // AWS::NoValue (an Fn::If branch without a key): the device names no key.
  if (value === null || value === undefined || value === NO_VALUE || depth > 10) return []
  if (value instanceof Unknown) {
    if (value.candidates.length)
      return value.candidates.flatMap(c => keyTargets(c, t, templates, pos, depth + 1))
    const ref = value.ref
    const owner = ref && templateOf(templates, ref)
    const resource = ref && owner?.resources.get(ref.address)
    if (owner && resource && KEY_TYPES.has(resource.type))
      return [{ kind: 'key', template: owner, resource }]
    if (owner && resource?.type === 'AWS::KMS::Alias')
      return keyTargets(
        evaluate(resource.properties.TargetKeyId, owner, resource.pos),
        owner,
        templates,
        pos,
        depth + 1
      )
    return [{ kind: 'unknown', causes: value.causes, pos, text: value.text() }]
  }
  if (typeof value !== 'string')
    return [{ kind: 'unknown', causes: [], pos, text: JSON.stringify(value) }]
  const alias = /(?:^|:)(alias\/.+)$/.exec(value)?.[1]
  if (alias)
    for (const resource of t.resources.values())
      if (
        resource.type === 'AWS::KMS::Alias' &&
        evaluate(resource.properties.AliasName, t, resource.pos) === alias
      )
        return keyTargets(
          evaluate(resource.properties.TargetKeyId, t, resource.pos),
          t,
          templates,
          pos,
          depth + 1
        )
  return [{ kind: 'outside', value, pos }]
}

/** The launch templates a LaunchTemplateSpecification names (Id / LaunchTemplateId, Name / LaunchTemplateName). */
interface Placed {
  template: Template
  resource: Resource
}

function launchTemplates(
  spec: Raw | undefined,
  t: Template,
  templates: Template[],
  pos: Pos
): (Placed | Target)[] {
  if (!isRecord(spec)) return []
  const at = posOf(spec, pos)
  const id = evaluate(spec.Id ?? spec.LaunchTemplateId, t, at)
  const name = evaluate(spec.Name ?? spec.LaunchTemplateName, t, at)
  const found: (Placed | Target)[] = []
  for (const value of id instanceof Unknown && id.candidates.length ? id.candidates : [id]) {
    const owner =
      value instanceof Unknown && value.ref ? templateOf(templates, value.ref) : undefined
    const resource =
      value instanceof Unknown && value.ref ? owner?.resources.get(value.ref.address) : undefined
    if (owner && resource?.type === 'AWS::EC2::LaunchTemplate')
      found.push({ template: owner, resource })
    else if (typeof value === 'string') found.push({ kind: 'outside', value, pos: at })
    else if (value instanceof Unknown)
      found.push({ kind: 'unknown', causes: value.causes, pos: at, text: value.text() })
  }
  if (typeof name === 'string') {
    const named = [...t.resources.values()].find(
      r =>
        r.type === 'AWS::EC2::LaunchTemplate' &&
        evaluate(r.properties.LaunchTemplateName, t, r.pos) === name
    )
    found.push(named ? { template: t, resource: named } : { kind: 'outside', value: name, pos: at })
  } else if (name instanceof Unknown)
    found.push({ kind: 'unknown', causes: name.causes, pos: at, text: name.text() })
  return found
}

function roleText(value: Value, t: Template): string {
  if (typeof value === 'string') return value
  if (value instanceof Unknown) return value.parts ? value.parts.join('${…}') : '${…}'
  return `arn:${THIS_PARTITION}:iam::${t.account ?? THIS_ACCOUNT}:${SLR_PATH}`
}

interface Launcher {
  resource: Resource
  specs: Raw[]
  role: string
}

/**
 * EKS managed node groups always launch as AWSServiceRoleForAutoScaling (the group's ASG is
 * EKS's); an Auto Scaling group as its ServiceLinkedRoleARN when set
 * (aws-resource-autoscaling-autoscalinggroup.html#cfn-autoscaling-autoscalinggroup-servicelinkedrolearn).
 */
function launchers(t: Template): Launcher[] {
  const list: Launcher[] = []
  for (const resource of t.resources.values()) {
    if (!exists(t, resource)) continue
    const p = resource.properties
    if (resource.type === 'AWS::EKS::Nodegroup')
      list.push({ resource, specs: [p.LaunchTemplate ?? null], role: roleText(null, t) })
    if (resource.type === 'AWS::AutoScaling::AutoScalingGroup') {
      const mixed =
        isRecord(p.MixedInstancesPolicy) && isRecord(p.MixedInstancesPolicy.LaunchTemplate)
          ? p.MixedInstancesPolicy.LaunchTemplate
          : {}
      const overrides = Array.isArray(mixed.Overrides) ? mixed.Overrides : []
      const specs = [
        p.LaunchTemplate ?? null,
        mixed.LaunchTemplateSpecification ?? null,
        ...overrides.map(o => (isRecord(o) ? (o.LaunchTemplateSpecification ?? null) : null))
      ]
      const role =
        p.ServiceLinkedRoleARN === undefined
          ? null
          : evaluate(p.ServiceLinkedRoleARN, t, keyPos(p, 'ServiceLinkedRoleARN', resource.pos))
      list.push({ resource, specs, role: roleText(role, t) })
    }
  }
  return list
}

/** The EBS devices of a launch template, each with the key value it names and where. */
function devices(t: Template, lt: Resource): { name: string; key: Value; pos: Pos }[] {
  const data = lt.properties.LaunchTemplateData
  const mappings = isRecord(data) ? data.BlockDeviceMappings : undefined
  const raw = Array.isArray(mappings) ? mappings : []
  return raw.flatMap(device => {
    if (!isRecord(device) || !isRecord(device.Ebs) || device.Ebs.KmsKeyId === undefined) return []
    const pos = keyPos(device.Ebs, 'KmsKeyId', lt.pos)
    const name = typeof device.DeviceName === 'string' ? device.DeviceName : 'a block device'
    return [{ name, key: evaluate(device.Ebs.KmsKeyId, t, pos), pos }]
  })
}

export function keyUses(templates: Template[]): Use[] {
  const uses: Use[] = []
  const launched = new Set<Resource>()
  for (const t of templates) {
    for (const launcher of launchers(t)) {
      const consumer = resourceName(t, launcher.resource)
      for (const spec of launcher.specs)
        for (const found of launchTemplates(spec, t, templates, launcher.resource.pos)) {
          if ('kind' in found) {
            if (found.kind !== 'outside' || !found.value.startsWith('lt-')) continue
            uses.push({
              target: {
                kind: 'unknown',
                causes: [
                  {
                    what: `launch template ${found.value}`,
                    pos: found.pos,
                    how: `it is not in this template: run \`aws ec2 describe-launch-template-versions --launch-template-id ${found.value} --query 'LaunchTemplateVersions[].LaunchTemplateData.BlockDeviceMappings[].Ebs.KmsKeyId'\` and verify that key`
                  }
                ],
                pos: found.pos,
                text: found.value
              },
              site: {
                consumer,
                via: `launch template ${found.value}`,
                role: launcher.role,
                file: found.pos?.file,
                line: found.pos?.line
              }
            })
            continue
          }
          launched.add(found.resource)
          for (const device of devices(found.template, found.resource))
            for (const target of keyTargets(device.key, found.template, templates, device.pos))
              uses.push({
                target,
                site: {
                  consumer,
                  via: `${resourceName(found.template, found.resource)} ${device.name}`,
                  role: launcher.role,
                  file: device.pos.file,
                  line: device.pos.line
                }
              })
        }
    }
  }
  for (const t of templates)
    for (const lt of t.resources.values()) {
      if (lt.type !== 'AWS::EC2::LaunchTemplate' || launched.has(lt) || !exists(t, lt)) continue
      for (const device of devices(t, lt))
        for (const target of keyTargets(device.key, t, templates, device.pos))
          uses.push({
            target,
            site: {
              consumer: '(no group in this template)',
              via: `${resourceName(t, lt)} ${device.name}`,
              role: roleText(null, t),
              file: device.pos.file,
              line: device.pos.line,
              orphan: true
            }
          })
    }
  return uses
}
