/**
 * Where to point users: a position they can see, and the cause for a module whose source is
 * not here.
 */
import type { Pos } from '../hcl/ast.js'
import type { UnknownCause } from '../eval/values.js'
import type { ModuleInstance } from './instance.js'
import type { ModuleCallDecl } from './load.js'

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

export function missingSource(call: ModuleCallDecl, pos: Pos): UnknownCause {
  return {
    what: `module ${call.name} (${call.source})`,
    pos: pos ?? call.pos,
    how: 'its source is not here; run `terraform init -backend=false` before check'
  }
}
