/**
 * OpenTofu's early evaluation (1.8: opentofu.org/docs/v1.8/intro/whats-new/, "Early
 * variable/locals evaluation"): a module `source` may be an expression of variables and locals —
 * "as long as they are not dependent on resources, data sources or module outputs" — evaluated
 * before anything else, from defaults, tfvars and var-files. Terraform refuses such a source; a
 * configuration that uses one is read as OpenTofu reads it.
 */
import { evaluate } from '../eval/evaluate.js'
import { EvalError, typeName, Unknown } from '../eval/values.js'
import type { ModuleInstance } from './instance.js'
import type { ConfigLoader, ModuleCallDecl } from './load.js'

/** Why a source expression has no value here, or its value. */
function evaluateSource(call: ModuleCallDecl, owner: ModuleInstance | undefined): string | Error {
  if (!owner) return new Error('the module it is written in has no instance to read it from')
  try {
    const value = evaluate(call.sourceExpr!, owner.scope)
    if (typeof value === 'string') return value
    if (value instanceof Unknown)
      return new Error(value.causes.map(c => `${c.what}: ${c.how}`).join('; '))
    return new Error(`it is ${typeName(value)}, not a string`)
  } catch (error) {
    if (error instanceof EvalError) return new Error(error.message)
    throw error
  }
}

/**
 * The call with its source known: as written, or evaluated early. Undefined when it cannot be
 * known statically — said at the call, and the module is a "cannot tell" where it is used.
 */
export function withStaticSource(
  loader: ConfigLoader,
  call: ModuleCallDecl,
  owner: () => ModuleInstance | undefined
): ModuleCallDecl | undefined {
  if (!call.sourceExpr) return call
  const instance = owner()
  const source = evaluateSource(call, instance)
  if (typeof source === 'string') return { ...call, source }
  const address = `${instance?.path ? `${instance.path}.` : ''}module.${call.name}`
  loader.problems.push({
    path: call.pos.file,
    line: call.pos.line,
    message: `the source of ${address} is an expression check could not evaluate before anything else, as OpenTofu does (${source.message}), so nothing in it was read; early evaluation reads only variables and locals: give them values in terraform.tfvars, a *.auto.tfvars file or var-files.`
  })
  return undefined
}

/** The first instance a call makes (count and for_each included), for early evaluation below it. */
export function firstInstance(
  owner: ModuleInstance | undefined,
  call: ModuleCallDecl
): ModuleInstance | undefined {
  if (!owner) return undefined
  try {
    return owner.callInstances(call)[0]
  } catch (error) {
    if (error instanceof EvalError) return undefined
    throw error
  }
}
