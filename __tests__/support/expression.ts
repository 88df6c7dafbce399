/**
 * One HCL expression evaluated as check evaluates it, in a scope that declares nothing (or only
 * the names a test gives), with every lazy part forced: what `terraform console` would print.
 */
import { parseExpression, parseTemplateText } from '../../src/terraform/hcl/parse.js'
import { evaluate, type Scope } from '../../src/terraform/eval/evaluate.js'
import type { Pos } from '../../src/terraform/hcl/ast.js'
import { EvalError, forceDeep, type Value } from '../../src/terraform/eval/values.js'

/** A scope whose root names are only `roots` (var, local, …); any other is "not declared". */
export function scopeOf(roots: Record<string, (pos: Pos) => Value> = {}): Scope {
  return {
    root: (name, pos): Value => {
      const root = roots[name]
      if (root) return root(pos)
      throw new EvalError(`"${name}" is not declared`, pos)
    },
    readFile: () => undefined,
    parseTemplate: (text, file) => parseTemplateText(text, file)
  }
}

/** The value of `source`, written in `file` on line 1. */
export async function valueOf(source: string, file: string, scope = scopeOf()): Promise<Value> {
  return forceDeep(evaluate(await parseExpression(source, file), scope), { file, line: 1 })
}
