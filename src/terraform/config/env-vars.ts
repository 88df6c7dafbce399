/**
 * Root-module variable values from `TF_VAR_<name>` environment variables, as
 * https://developer.hashicorp.com/terraform/language/values/variables ("Environment Variables",
 * "Complex-typed Values") defines them: only for declared variables, the name matched exactly;
 * the text taken as a literal string, unless the declared type is not a primitive one (list,
 * set, map, object, tuple — and `any`, as Terraform's own decodeVariableType parses every
 * non-primitive type), when it is parsed like a value in a .tfvars file. The environment is
 * given, never read here, so evaluation stays pure.
 */
import type { Expr, Pos } from '../hcl/ast.js'
import { hclParser, parseExpressionText } from '../hcl/parse.js'
import { evaluate, type Scope } from '../eval/evaluate.js'
import type { Value } from '../eval/values.js'
import type { ModuleConfig } from './load.js'

export type VariableEnvironment = Readonly<Record<string, string | undefined>>

const PRIMITIVE = new Set(['string', 'number', 'bool'])

/** Terraform's parsing mode: literal for no type and for string, number and bool. */
function parsedAsHcl(type: Expr | undefined): boolean {
  if (!type) return false
  return !(type.kind === 'variable' && PRIMITIVE.has(type.name))
}

export async function environmentValues(
  config: ModuleConfig,
  env: VariableEnvironment,
  scope: Scope,
  report: (message: string, pos: Pos) => void
): Promise<Map<string, () => Value>> {
  const values = new Map<string, () => Value>()
  for (const [name, decl] of config.variables) {
    const text = env[`TF_VAR_${name}`]
    if (text === undefined) continue
    if (!parsedAsHcl(decl.type)) {
      values.set(name, () => text)
      continue
    }
    await hclParser()
    try {
      const expr = parseExpressionText(text, `TF_VAR_${name}`, 1)
      values.set(name, () => evaluate(expr, scope))
    } catch (error) {
      // Terraform stops here; check says so at the declaration and goes on without the value.
      report(
        `TF_VAR_${name} does not parse as a value of var.${name}'s type: ${(error as Error).message}`,
        decl.pos
      )
    }
  }
  return values
}
