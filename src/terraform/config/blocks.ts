/**
 * Nested blocks as values (`aws_launch_template.x.block_device_mappings[0].ebs[0]`): static
 * blocks, and `dynamic` blocks expanded over their for_each with their iterator.
 */
import type { Body, Pos } from '../hcl/ast.js'
import { entries, evaluate, withNames, type Scope } from '../eval/evaluate.js'
import { LazyObject, Unknown, type Value } from '../eval/values.js'

/** A nested block as a value (`aws_launch_template.x.block_device_mappings[0].ebs[0]`). */
export class BlockValue extends LazyObject {
  constructor(
    readonly body: Body,
    readonly scope: Scope,
    readonly pos: Pos
  ) {
    super()
  }
  get(name: string, pos: Pos): Value {
    const attribute = this.body.attributes.get(name)
    // JSON syntax: an object-shaped property is read as the nested blocks it usually is.
    if (attribute && !this.body.either?.has(name)) return evaluate(attribute.expr, this.scope)
    const nested = expandBlocks(this.body, name, this.scope)
    if (nested.length || this.body.blocks.some(b => b.type === name || b.labels[0] === name))
      return nested
    void pos
    return null
  }
  keys(): string[] {
    return [
      ...new Set([
        ...this.body.attributes.keys(),
        ...this.body.blocks.map(b => (b.type === 'dynamic' ? b.labels[0] : b.type))
      ])
    ]
  }
}

/** Static blocks of a type, and `dynamic` blocks of it expanded with their iterator. */
export function expandBlocks(body: Body, type: string, scope: Scope): BlockValue[] {
  const out: BlockValue[] = []
  for (const block of body.blocks) {
    if (block.type === type) out.push(new BlockValue(block.body, scope, block.pos))
    else if (block.type === 'dynamic' && block.labels[0] === type) {
      const content = block.body.blocks.find(b => b.type === 'content')
      if (!content) continue
      const iteratorExpr = block.body.attributes.get('iterator')?.expr
      const iterator = iteratorExpr?.kind === 'variable' ? iteratorExpr.name : type
      const forEach = block.body.attributes.get('for_each')
      const collection = forEach ? evaluate(forEach.expr, scope) : []
      if (collection instanceof Unknown) {
        // One block whose iterator is unknown: what it sets is unknown for the same reason.
        const unknown = new Unknown(collection.causes)
        out.push(
          new BlockValue(
            content.body,
            withNames(scope, { [iterator]: { key: unknown, value: unknown } }),
            content.pos
          )
        )
        continue
      }
      for (const [key, value] of entries(collection, block.pos))
        out.push(
          new BlockValue(
            content.body,
            withNames(scope, { [iterator]: { key, value } }),
            content.pos
          )
        )
    }
  }
  return out
}
