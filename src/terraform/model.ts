/**
 * The resources of a Terraform configuration, per module directory (references resolve within
 * one directory, as Terraform resolves them within one module), with their file and line.
 */
import { blockLine, type Block, type TfFile } from './parse.js'
import { expressionOf } from './expressions.js'

export interface TfResource {
  address: string
  kind: 'resource' | 'data' | 'module'
  type: string
  name: string
  body: Block
  file: TfFile
  line?: number
}

export class TfModule {
  readonly byAddress = new Map<string, TfResource>()
  constructor(readonly dir: string) {}

  ofType(type: string, kind: TfResource['kind'] = 'resource'): TfResource[] {
    return [...this.byAddress.values()].filter(r => r.kind === kind && r.type === type)
  }
}

function first(value: unknown): Block | undefined {
  return Array.isArray(value) ? (value[0] as Block) : undefined
}

export function blocks(value: unknown): Block[] {
  return Array.isArray(value) ? (value as Block[]) : []
}

export function buildModules(files: TfFile[]): TfModule[] {
  const modules = new Map<string, TfModule>()
  for (const file of files) {
    const module = modules.get(file.dir) ?? new TfModule(file.dir)
    modules.set(file.dir, module)
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, instances] of Object.entries(
        (file.body[kind] as Record<string, Record<string, unknown>>) ?? {}
      )) {
        for (const [name, body] of Object.entries(instances)) {
          const block = first(body)
          if (!block) continue
          const address = kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`
          module.byAddress.set(address, {
            address,
            kind,
            type,
            name,
            body: block,
            file,
            line: blockLine(file, kind, [type, name])
          })
        }
      }
    }
    for (const [name, body] of Object.entries(
      (file.body.module as Record<string, unknown>) ?? {}
    )) {
      const block = first(body)
      if (!block) continue
      const source = typeof block.source === 'string' ? block.source : ''
      module.byAddress.set(`module.${name}`, {
        address: `module.${name}`,
        kind: 'module',
        type: source,
        name,
        body: block,
        file,
        line: blockLine(file, 'module', [name])
      })
    }
  }
  return [...modules.values()]
}

export interface Reference {
  address: string
  attribute: string
}

/** `${aws_kms_key.ebs.arn}` → { address: 'aws_kms_key.ebs', attribute: 'arn' } (count/for_each indexes dropped). */
export function parseReference(value: unknown): Reference | undefined {
  if (typeof value !== 'string') return undefined
  const expression = expressionOf(value.trim())
  if (!expression) return undefined
  const match = /^((?:data\.)?[a-z][\w-]*\.[\w-]+|module\.[\w-]+)(?:\[[^\]]*\])?\.([\w-]+)$/.exec(
    expression.trim()
  )
  return match ? { address: match[1], attribute: match[2] } : undefined
}
