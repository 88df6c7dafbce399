/**
 * Override files (`override.tf`, `*_override.tf` and their `.tf.json` forms), merged into a
 * module's declarations after all its other files, as
 * https://developer.hashicorp.com/terraform/language/files/override defines: a top-level block
 * merges into the block with the same header; an argument replaces the argument of that name;
 * nested blocks of a type (or `dynamic` blocks of it) replace all the original's blocks of that
 * type; `lifecycle` merges argument by argument; `locals` merge value by value. An override
 * for something never declared is an error in Terraform, and a problem here.
 */
import { basename } from 'node:path'
import type { Block, Body, Expr, Pos } from '../hcl/ast.js'
import type { ModuleConfig } from './load.js'
import { moduleSource } from './declarations.js'

/** Terraform's rule for which files are overrides. */
export function isOverrideFile(path: string): boolean {
  // override.tofu, *_override.tofu(.json) too (opentofu.org/docs/language/files/override).
  return /^(?:.*_)?override\.(?:tf|tofu)(?:\.json)?$/.test(basename(path))
}

export function literalString(expr: Expr | undefined): string | undefined {
  if (!expr) return undefined
  if (expr.kind === 'literal' && typeof expr.value === 'string') return expr.value
  if (expr.kind === 'template' && expr.parts.every(p => typeof p === 'string'))
    return expr.parts.join('')
  return undefined
}

const blockType = (block: Block): string =>
  block.type === 'dynamic' ? (block.labels[0] ?? 'dynamic') : block.type

/** One body merged into another: arguments replace, nested block types replace wholesale. */
export function mergeBody(base: Body, over: Body, mergeLifecycle = false): Body {
  const attributes = new Map(base.attributes)
  for (const [name, attribute] of over.attributes) attributes.set(name, attribute)
  const replaced = new Set(over.blocks.map(blockType))
  // A JSON property read as blocks in the base is replaced by the override's blocks too.
  for (const name of replaced)
    if (base.either?.has(name) && !over.attributes.has(name)) attributes.delete(name)
  const kept = base.blocks.filter(b => !replaced.has(blockType(b)))
  let added = over.blocks
  if (mergeLifecycle) {
    const baseLifecycle = base.blocks.find(b => b.type === 'lifecycle')
    const overLifecycle = over.blocks.find(b => b.type === 'lifecycle')
    if (baseLifecycle && overLifecycle)
      added = added.map(b =>
        b === overLifecycle ? { ...b, body: mergeBody(baseLifecycle.body, b.body) } : b
      )
  }
  const either = new Set([
    ...[...(base.either ?? [])].filter(n => !replaced.has(n) || over.either?.has(n)),
    ...(over.either ?? [])
  ])
  const body: Body = { attributes, blocks: [...kept, ...added] }
  if (either.size) body.either = either
  return body
}

export type Report = (message: string, pos: Pos) => void

/** Merges one override file's blocks into the module's declarations. */
export function applyOverride(config: ModuleConfig, body: Body, report: Report): void {
  for (const block of body.blocks) {
    const [first, second] = block.labels
    const missing = (what: string) =>
      report(`there is no ${what} to override (the override file declares it)`, block.pos)
    switch (block.type) {
      case 'variable': {
        const decl = config.variables.get(first)
        if (!decl) {
          missing(`variable "${first}"`)
          break
        }
        const type = block.body.attributes.get('type')?.expr
        const value = block.body.attributes.get('default')?.expr
        const nullable = block.body.attributes.get('nullable')?.expr
        config.variables.set(first, {
          ...decl,
          type: type ?? decl.type,
          default: value ?? decl.default,
          nullable: nullable ?? decl.nullable
        })
        break
      }
      case 'locals':
        for (const [name, attribute] of block.body.attributes) {
          if (!config.locals.has(name))
            report(`there is no local.${name} to override`, attribute.pos)
          else config.locals.set(name, attribute)
        }
        break
      case 'output': {
        const value = block.body.attributes.get('value')
        if (!config.outputs.has(first)) missing(`output "${first}"`)
        else if (value) config.outputs.set(first, value)
        break
      }
      case 'resource':
      case 'data': {
        const key = block.type === 'data' ? `data.${first}.${second}` : `${first}.${second}`
        const decl = config.resources.get(key)
        if (!decl) missing(`${block.type} "${first}" "${second}"`)
        else config.resources.set(key, { ...decl, body: mergeBody(decl.body, block.body, true) })
        break
      }
      case 'module': {
        const decl = config.modules.get(first)
        if (!decl) {
          missing(`module "${first}"`)
          break
        }
        const merged = mergeBody(decl.body, block.body)
        config.modules.set(first, {
          ...decl,
          body: merged,
          ...(merged.attributes.has('source')
            ? moduleSource(merged.attributes.get('source')?.expr)
            : { source: decl.source, sourceExpr: decl.sourceExpr }),
          version: literalString(merged.attributes.get('version')?.expr)
        })
        break
      }
    }
  }
}
