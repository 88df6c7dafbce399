/**
 * One instance of a resource or data source: its attributes evaluated on demand in its module's
 * scope, nested blocks as values, and what only apply (or the plan) knows as an unknown that
 * names the resource, so a kms_key_id that is `aws_kms_key.ebs.arn` still names its key.
 */
import type { Pos } from '../hcl/ast.js'
import { evaluate, type Scope } from '../eval/evaluate.js'
import { LazyObject, Unknown, type Value } from '../eval/values.js'
import { expandBlocks, type BlockValue } from './blocks.js'
import { computedAttribute } from './computed.js'
import type { ModuleInstance } from './instance.js'
import type { ResourceDecl } from './load.js'

/** Meta-arguments: not attributes of the resource or inputs of the module. */
export const META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on'])

/** One instance of a resource or data source. */
export class ResourceInstance extends LazyObject {
  constructor(
    readonly module: ModuleInstance,
    readonly decl: ResourceDecl,
    /** `aws_kms_key.this[0]`. */
    readonly address: string,
    readonly scope: Scope
  ) {
    super()
  }

  get type(): string {
    return this.decl.type
  }

  /** Module path and address: `module.kms.aws_kms_key.this[0]`. */
  get fullAddress(): string {
    return this.module.path ? `${this.module.path}.${this.address}` : this.address
  }

  attribute(name: string): Value | undefined {
    const attribute = this.decl.body.attributes.get(name)
    return attribute ? evaluate(attribute.expr, this.scope) : undefined
  }

  attributePos(name: string): Pos {
    return this.decl.body.attributes.get(name)?.pos ?? this.decl.pos
  }

  blocks(type: string): BlockValue[] {
    return expandBlocks(this.decl.body, type, this.scope)
  }

  get(name: string, pos: Pos): Value {
    const computed = computedAttribute(this, name, pos)
    if (computed !== undefined) return computed
    const attribute = this.decl.body.attributes.get(name)
    // JSON syntax: an object-shaped property is read as the nested blocks it usually is.
    if (attribute && !this.decl.body.either?.has(name)) return evaluate(attribute.expr, this.scope)
    const blocks = this.blocks(name)
    if (blocks.length) return blocks
    const data = this.decl.mode === 'data'
    return new Unknown(
      [
        {
          what: `${this.fullAddress}.${name}`,
          pos,
          how: data
            ? 'a data source is read from AWS at plan time: pass plan-json (terraform show -json of a plan)'
            : 'it is known only after apply: pass plan-json, or run verify against the account after apply'
        }
      ],
      undefined,
      {
        root: this.module.rootDir,
        module: this.module.path,
        address: this.address,
        type: this.type,
        attribute: name,
        pos
      }
    )
  }

  keys(): string[] {
    return [...this.decl.body.attributes.keys()].filter(k => !META.has(k))
  }
}
