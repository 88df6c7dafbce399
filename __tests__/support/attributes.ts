/**
 * A resource instance or module output as the evaluator sees one: attributes computed on demand,
 * and an error naming the attribute when it is not there.
 */
import type { Pos } from '../../src/terraform/hcl/ast.js'
import { EvalError, LazyObject, type Value } from '../../src/terraform/eval/values.js'

export class Attributes extends LazyObject {
  constructor(private readonly attrs: Record<string, Value>) {
    super()
  }
  get(name: string, pos: Pos): Value {
    if (!(name in this.attrs)) throw new EvalError(`no attribute "${name}"`, pos)
    return this.attrs[name]
  }
  keys(): string[] {
    return Object.keys(this.attrs)
  }
}
