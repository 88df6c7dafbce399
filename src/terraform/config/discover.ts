/**
 * From a kms_key_id to a key: the index of resource instances, and the key a value names
 * (through aliases, conditionals, module outputs and variables, as evaluated). Values that stay
 * unknown are kept with their causes: a key is never dropped because it could not be named. The
 * uses themselves (groups, launch templates, devices) are in uses.ts.
 */
import type { Pos } from '../hcl/ast.js'
import { Unknown, type UnknownCause, type Value } from '../eval/values.js'
import type { ModuleInstance } from './instance.js'
import type { ResourceInstance } from './resource.js'
import { THIS_ACCOUNT, THIS_PARTITION } from './computed.js'
import { SLR_PATH, type KeyUseSite } from '../model.js'

export const DEFAULT_ROLE = `arn:${THIS_PARTITION}:iam::${THIS_ACCOUNT}:${SLR_PATH}`

export const KEY_TYPES = new Set([
  'aws_kms_key',
  'aws_kms_replica_key',
  'aws_kms_external_key',
  'aws_kms_replica_external_key'
])

export type KeyTarget =
  | { kind: 'key'; instance: ResourceInstance }
  | { kind: 'outside'; value: string; pos?: Pos }
  | { kind: 'unknown'; causes: UnknownCause[]; pos?: Pos; text: string }

export interface KeyUse {
  target: KeyTarget
  site: KeyUseSite
}

/** Every module instance below the roots, depth first. */
export function allInstances(roots: ModuleInstance[]): ModuleInstance[] {
  const out: ModuleInstance[] = []
  const visit = (instance: ModuleInstance, depth: number) => {
    out.push(instance)
    if (depth > 20) return
    for (const child of instance.children()) visit(child, depth + 1)
  }
  for (const root of roots) visit(root, 0)
  return out
}

export class Index {
  readonly byAddress = new Map<string, ResourceInstance>()
  readonly byType = new Map<string, ResourceInstance[]>()

  constructor(instances: ModuleInstance[]) {
    for (const module of instances)
      for (const resource of module.allResources()) {
        this.byAddress.set(`${module.rootDir}|${resource.fullAddress}`, resource)
        const list = this.byType.get(resource.type) ?? []
        list.push(resource)
        this.byType.set(resource.type, list)
      }
  }

  ofType(type: string): ResourceInstance[] {
    return this.byType.get(type) ?? []
  }

  /** The resource instance an unknown attribute belongs to. */
  resolve(value: Value): ResourceInstance | undefined {
    if (!(value instanceof Unknown) || !value.ref) return undefined
    const { module, address, root } = value.ref
    return this.byAddress.get(`${root}|${module ? `${module}.${address}` : address}`)
  }
}

export function safe<T>(fn: () => T, fallback: (error: Error) => T): T {
  try {
    return fn()
  } catch (error) {
    return fallback(error as Error)
  }
}

/** An attribute's value, or an unknown saying where and why it could not be evaluated. */
export function attributeOrUnknown(instance: ResourceInstance, name: string): Value {
  return safe(
    () => instance.attribute(name) ?? null,
    e =>
      new Unknown([
        {
          what: `${instance.fullAddress}.${name}`,
          pos: instance.attributePos(name),
          how: e.message
        }
      ])
  )
}

/** What a kms_key_id (or key_id, target_key_id) value names. */
export function keyTargets(value: Value, index: Index, pos: Pos, depth = 0): KeyTarget[] {
  if (depth > 10) return [{ kind: 'unknown', causes: [], pos, text: 'a chain of aliases' }]
  if (value instanceof Unknown) {
    const instance = index.resolve(value)
    if (instance && KEY_TYPES.has(instance.type)) return [{ kind: 'key', instance }]
    if (instance?.type === 'aws_kms_alias')
      return keyTargets(
        safe(
          () => instance.attribute('target_key_id') ?? null,
          e => new Unknown([{ what: `${instance.fullAddress}.target_key_id`, pos, how: e.message }])
        ),
        index,
        instance.attributePos('target_key_id'),
        depth + 1
      )
    if (value.candidates.length) {
      const known = value.candidates.filter(c => c !== null)
      return [
        ...known.flatMap(c => keyTargets(c, index, pos, depth + 1)),
        { kind: 'unknown', causes: value.causes, pos, text: 'which key a conditional picks' }
      ]
    }
    if (
      value.ref &&
      value.ref.type.startsWith('aws_kms') &&
      value.ref.address.startsWith('data.')
    ) {
      return [
        {
          kind: 'outside',
          value: `${value.ref.module ? `${value.ref.module}.` : ''}${value.ref.address}`,
          pos
        }
      ]
    }
    return [{ kind: 'unknown', causes: value.causes, pos, text: value.text() }]
  }
  if (typeof value === 'string') {
    const alias = /(?:^|:)(alias\/.+)$/.exec(value)?.[1]
    if (alias) {
      for (const candidate of index.ofType('aws_kms_alias')) {
        const name = safe(
          () => candidate.attribute('name'),
          () => undefined
        )
        if (name === alias)
          return keyTargets(
            safe(
              () => candidate.attribute('target_key_id') ?? null,
              () => null
            ),
            index,
            candidate.attributePos('target_key_id'),
            depth + 1
          )
      }
      if (alias === 'alias/aws/ebs') return []
    }
    return [{ kind: 'outside', value, pos }]
  }
  return []
}
