/**
 * What a module directory declares (variables, locals, outputs, resources, module calls), as
 * read from its parsed files, and the manifest `terraform init` writes of where modules are.
 */
import type { Attribute, Block, Body, Expr, Pos } from '../hcl/ast.js'
import { literalString } from './override.js'

export interface VariableDecl {
  name: string
  type?: Expr
  default?: Expr
  /** `nullable`: the expression written, if any (Terraform's default is true). */
  nullable?: Expr
  pos: Pos
}

export interface ResourceDecl {
  mode: 'managed' | 'data'
  type: string
  name: string
  body: Body
  pos: Pos
}

export interface ModuleCallDecl {
  name: string
  /** The source as written; '' when it is an expression (then sourceExpr). */
  source: string
  /**
   * A source written as an expression of variables and locals: OpenTofu 1.8 evaluates it before
   * anything else ("early evaluation", opentofu.org/docs/v1.8/intro/whats-new/).
   */
  sourceExpr?: Expr
  version?: string
  body: Body
  pos: Pos
}

/** One module directory: its declarations, by kind. */
export interface ModuleConfig {
  dir: string
  files: string[]
  variables: Map<string, VariableDecl>
  locals: Map<string, Attribute>
  outputs: Map<string, Attribute>
  /** `type.name` for managed resources, `data.type.name` for data sources. */
  resources: Map<string, ResourceDecl>
  modules: Map<string, ModuleCallDecl>
}

/** `.terraform/modules/modules.json`, as `terraform init` writes it. */
export interface ModuleManifest {
  /** The root module directory the manifest belongs to. */
  root: string
  /** By key: "" (root), "eks", "eks.eks_managed_node_group". */
  entries: Map<string, { source: string; version?: string; dir: string }>
}

export function addFile(config: ModuleConfig, body: Body): void {
  for (const block of body.blocks) {
    const [first, second] = block.labels
    switch (block.type) {
      case 'variable':
        config.variables.set(first, {
          name: first,
          type: block.body.attributes.get('type')?.expr,
          default: block.body.attributes.get('default')?.expr,
          nullable: block.body.attributes.get('nullable')?.expr,
          pos: block.pos
        })
        break
      case 'locals':
        for (const [name, attribute] of block.body.attributes) config.locals.set(name, attribute)
        break
      case 'output': {
        const value = block.body.attributes.get('value')
        if (value) config.outputs.set(first, value)
        break
      }
      case 'resource':
        config.resources.set(`${first}.${second}`, declaration('managed', block))
        break
      case 'data':
        config.resources.set(`data.${first}.${second}`, declaration('data', block))
        break
      case 'module':
        config.modules.set(first, {
          name: first,
          ...moduleSource(block.body.attributes.get('source')?.expr),
          version: literalString(block.body.attributes.get('version')?.expr),
          body: block.body,
          pos: block.pos
        })
        break
    }
  }
}

function declaration(mode: ResourceDecl['mode'], block: Block): ResourceDecl {
  return { mode, type: block.labels[0], name: block.labels[1], body: block.body, pos: block.pos }
}

export function emptyConfig(dir: string): ModuleConfig {
  return {
    dir,
    files: [],
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    resources: new Map(),
    modules: new Map()
  }
}

export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../')
}

/** A module call's source: the text when it is one, else the expression to evaluate early. */
export function moduleSource(expr: Expr | undefined): { source: string; sourceExpr?: Expr } {
  const text = literalString(expr)
  return text !== undefined || !expr ? { source: text ?? '' } : { source: '', sourceExpr: expr }
}
