/**
 * Where to point users: a position they can see, and the cause for a module whose source is
 * not here.
 */
import type { Pos } from '../hcl/ast.js'
import type { UnknownCause } from '../eval/values.js'
import type { ModuleInstance } from './instance.js'
import { resolve } from 'node:path'
import { isLocalSource, type ModuleCallDecl } from './load.js'

/**
 * A position users can see: inside a module source that `terraform init` downloaded
 * (.terraform/), the call in the configuration that leads there instead (its `attribute` when
 * it sets one).
 */
export function visiblePos(module: ModuleInstance, pos: Pos, attribute?: string): Pos {
  if (!/(^|\/)\.terraform\//.test(pos.file)) return pos
  let outer: ModuleInstance | undefined = module
  let call: ModuleCallDecl | undefined
  while (outer?.parent) {
    call = outer.call
    if (!/(^|\/)\.terraform\//.test(outer.parent.config.files[0] ?? '')) {
      const direct = outer.parent === module.parent ? attribute : undefined
      return (direct && call?.body.attributes.get(direct)?.pos) || call?.pos || pos
    }
    outer = outer.parent
  }
  return pos
}

/**
 * Where check looked for a module's source, as Terraform would: a local path — which must begin
 * with `./` or `../` (developer.hashicorp.com/terraform/language/modules/sources, "Local Paths";
 * a Windows path such as `.\\modules\\x` is not one) — is the folder itself; any other source is
 * what `terraform init` installed, listed in .terraform/modules/modules.json under the call's key.
 */
export function lookedFor(module: ModuleInstance, call: ModuleCallDecl): string {
  if (call.sourceExpr && !call.source)
    return 'the value of its source expression, which could not be evaluated early'
  if (isLocalSource(call.source))
    return `the folder ${module.env.display(resolve(module.config.dir, call.source)) || '.'}`
  const key = module.key ? `${module.key}.${call.name}` : call.name
  const windows = /\\/.test(call.source)
    ? ' (a path with backslashes is not a local path to Terraform: write it with forward slashes, starting ./ or ../)'
    : ''
  return `the entry "${key}" of .terraform/modules/modules.json, which terraform init writes${windows}`
}

export function missingSource(
  call: ModuleCallDecl,
  pos: Pos,
  module?: ModuleInstance
): UnknownCause {
  return {
    what: `module ${call.name} (${call.source || 'a source expression'})`,
    pos: pos ?? call.pos,
    how: `its source is not here${module ? ` (looked for ${lookedFor(module, call)})` : ''}; run \`terraform init -backend=false\` before check`
  }
}
