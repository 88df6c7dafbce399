/**
 * A namespace of a module (var, local, module, a resource type) as an object whose attributes are
 * evaluated only when an expression reads them.
 */
import type { Pos } from '../hcl/ast.js'
import { LazyObject, type Value } from '../eval/values.js'

export class Names extends LazyObject {
  constructor(
    private readonly lookup: (name: string, pos: Pos) => Value,
    private readonly names: () => string[]
  ) {
    super()
  }
  get(name: string, pos: Pos): Value {
    return this.lookup(name, pos)
  }
  keys(): string[] {
    return this.names()
  }
}
