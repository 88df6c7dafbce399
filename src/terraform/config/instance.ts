/**
 * A module instance, evaluated on demand as Terraform would: its variables (given by the caller,
 * from variable files, or defaults), locals, outputs, resources expanded by count/for_each, and
 * child module instances. Nothing is evaluated until something asks for it, so a configuration
 * with hundreds of resources costs only the path from each node group to its key.
 */
import type { Expr, Pos } from '../hcl/ast.js'
import { evaluate, withNames, type Scope } from '../eval/evaluate.js'
import { convert } from '../eval/types.js'
import { EvalError, Unknown, type Value } from '../eval/values.js'
import type { ModuleCallDecl, ModuleConfig, ResourceDecl, VariableDecl } from './load.js'
import { META, ResourceInstance } from './resource.js'
import { missingSource } from './where.js'
import { expand } from './expand.js'
import { Names } from './names.js'

/** What instances share: the loaded sources, files, templates. */
export interface Environment {
  /** The module source for a call, when it is here. */
  child(parent: ModuleInstance, call: ModuleCallDecl): ModuleConfig | undefined
  /** A call that closes a cycle of module calls (a configuration error, reported once). */
  cyclic?(parent: ModuleInstance, call: ModuleCallDecl): boolean
  readFile(path: string): string | { refused: string } | undefined
  parseTemplate(text: string, file: string): Expr
  /** For display: a directory relative to the working directory. */
  display(dir: string): string
}

/**
 * var, local, module, data and a resource type are namespaces, not values: Terraform refuses one
 * used whole (`keys(var)`, `values(aws_kms_key)`), asking for one of its names
 * (hashicorp/terraform internal/addrs/parse_ref.go, "cannot be accessed directly").
 */
function whole(namespace: string): () => string[] {
  return () => {
    throw new EvalError(
      `"${namespace}" cannot be used as a whole: Terraform needs one of its names, as ${namespace}.<name>`
    )
  }
}

export class ModuleInstance {
  private readonly localCache = new Map<string, Value>()
  private readonly evaluating = new Set<string>()
  private readonly resourceCache = new Map<string, ResourceInstance[]>()
  private childCache?: ModuleInstance[]
  readonly scope: Scope

  constructor(
    readonly config: ModuleConfig,
    /** '' for a root module, `module.eks.module.node_group["a"]` below it. */
    readonly path: string,
    /** Manifest key of this module ('' for a root, `eks.node_group`). */
    readonly key: string,
    /** Values given for the variables (by the caller, or by variable files for a root). */
    readonly inputs: Map<string, () => Value>,
    readonly env: Environment,
    readonly root: boolean,
    /** The call that made it, for messages. */
    readonly call?: ModuleCallDecl,
    readonly parent?: ModuleInstance
  ) {
    this.scope = this.makeScope({})
  }

  /** The root module's directory: resources of different roots never meet. */
  get rootDir(): string {
    return this.parent ? this.parent.rootDir : this.config.dir
  }

  makeScope(extra: Record<string, Value>): Scope {
    const base: Scope = {
      root: (name, pos) => this.rootName(name, pos),
      readFile: path => this.env.readFile(path),
      parseTemplate: (text, file) => this.env.parseTemplate(text, file)
    }
    return Object.keys(extra).length ? withNames(base, extra) : base
  }

  private rootName(name: string, pos: Pos): Value {
    switch (name) {
      case 'var':
        return new Names((n, p) => this.variable(n, p), whole(name))
      case 'local':
        return new Names((n, p) => this.local(n, p), whole(name))
      case 'module':
        return new Names((n, p) => this.moduleValue(n, p), whole(name))
      case 'data':
        return new Names((type, p) => this.typeNames(`data.${type}`, p), whole(name))
      case 'path':
        return { module: this.config.dir, root: this.config.dir, cwd: this.config.dir }
      case 'terraform':
        return { workspace: 'default' }
      case 'count':
      case 'each':
      case 'self':
        throw new EvalError(
          `${name} is used outside a resource or module with ${name === 'self' ? 'a provisioner' : name === 'count' ? 'count' : 'for_each'}`,
          pos
        )
    }
    if ([...this.config.resources.keys()].some(k => k.startsWith(`${name}.`)))
      return this.typeNames(name, pos)
    throw new EvalError(`"${name}" is not declared in this module`, pos)
  }

  private typeNames(prefix: string, _pos: Pos): Value {
    return new Names((n, p) => this.resourceValue(`${prefix}.${n}`, p), whole(prefix))
  }

  variable(name: string, pos: Pos): Value {
    const decl = this.config.variables.get(name)
    if (!decl) throw new EvalError(`var.${name} is not declared in this module`, pos)
    const given = this.inputs.get(name)
    if (given) {
      const value = given()
      // An explicit null stays null unless the variable says `nullable = false`; only then does
      // the default replace it (developer.hashicorp.com/terraform/language/values/variables,
      // "Disallowing null input values": nullable defaults to true).
      if (value !== null || !decl.default || !this.notNullable(decl))
        return convert(value, decl.type)
    }
    if (decl.default) return convert(evaluate(decl.default, this.scope), decl.type)
    const where = this.root
      ? `give it a value in terraform.tfvars, a *.auto.tfvars file, a file in the var-files input or TF_VAR_${name} in the step's environment, or pass plan-json`
      : `set ${name} in the call of ${this.path}`
    return new Unknown([
      { what: `var.${name}${this.path ? ` of ${this.path}` : ''} (no value)`, pos, how: where }
    ])
  }

  /** `nullable = false`, written as a literal or anything that evaluates to false. */
  private notNullable(decl: VariableDecl): boolean {
    if (!decl.nullable) return false
    try {
      return evaluate(decl.nullable, this.scope) === false
    } catch {
      return false
    }
  }

  local(name: string, pos: Pos): Value {
    if (this.localCache.has(name)) return this.localCache.get(name) as Value
    const attribute = this.config.locals.get(name)
    if (!attribute) throw new EvalError(`local.${name} is not declared in this module`, pos)
    if (this.evaluating.has(`local.${name}`))
      throw new EvalError(`local.${name} refers to itself`, pos)
    this.evaluating.add(`local.${name}`)
    try {
      const value = evaluate(attribute.expr, this.scope)
      this.localCache.set(name, value)
      return value
    } finally {
      this.evaluating.delete(`local.${name}`)
    }
  }

  /** Instances of a resource, expanded by count or for_each. */
  private instances(address: string, decl: ResourceDecl): ResourceInstance[] {
    const cached = this.resourceCache.get(address)
    if (cached) return cached
    const result = expand(decl.body, this.scope).map(
      ({ suffix, names }) =>
        new ResourceInstance(this, decl, `${address}${suffix}`, this.makeScope(names))
    )
    this.resourceCache.set(address, result)
    return result
  }

  private resourceValue(address: string, pos: Pos): Value {
    const decl = this.config.resources.get(address)
    if (!decl) throw new EvalError(`${address} is not declared in this module`, pos)
    const list = this.instances(address, decl)
    if (decl.body.attributes.has('count')) return list
    if (decl.body.attributes.has('for_each')) {
      // for_each unknown: the one instance stands for each, whatever key is asked for.
      if (list.length === 1 && list[0].address.endsWith('[?]'))
        return new Names(
          () => list[0],
          () => ['?']
        )
      const map: Record<string, Value> = {}
      for (const instance of list)
        map[JSON.parse(instance.address.slice(address.length + 1, -1)) as string] = instance
      return map
    }
    // Disabled (lifecycle { enabled = false }): the resource is null.
    return list[0] ?? null
  }

  /** Child module instances, expanded by count or for_each. */
  children(): ModuleInstance[] {
    if (this.childCache) return this.childCache
    this.childCache = []
    for (const call of this.config.modules.values()) {
      // A call Terraform refuses to expand (a null for_each, a count that is not a whole number)
      // has no instances to visit; an expression reading module.<name> is told why.
      try {
        this.childCache.push(...this.callInstances(call))
      } catch {
        continue
      }
    }
    return this.childCache
  }

  private callCache = new Map<string, ModuleInstance[]>()

  callInstances(call: ModuleCallDecl): ModuleInstance[] {
    const cached = this.callCache.get(call.name)
    if (cached) return cached
    const config = this.env.child(this, call)
    const key = this.key ? `${this.key}.${call.name}` : call.name
    const base = `${this.path ? `${this.path}.` : ''}module.${call.name}`
    const instances: ModuleInstance[] = []
    if (config) {
      const make = (suffix: string, extra: Record<string, Value>) => {
        const scope = this.makeScope(extra)
        const inputs = new Map<string, () => Value>()
        for (const [name, attribute] of call.body.attributes) {
          if (META.has(name)) continue
          let cache: { value: Value } | undefined
          inputs.set(name, () => (cache ??= { value: evaluate(attribute.expr, scope) }).value)
        }
        return new ModuleInstance(
          config,
          `${base}${suffix}`,
          key,
          inputs,
          this.env,
          false,
          call,
          this
        )
      }
      for (const { suffix, names } of expand(call.body, this.scope))
        instances.push(make(suffix, names))
    }
    this.callCache.set(call.name, instances)
    return instances
  }

  /** `module.x`: its outputs (a list or map of them under count / for_each). */
  private moduleValue(name: string, pos: Pos): Value {
    const call = this.config.modules.get(name)
    if (!call) throw new EvalError(`module.${name} is not declared in this module`, pos)
    const config = this.env.child(this, call)
    if (!config) return new Unknown([missingSource(call, pos, this)])
    const list = this.callInstances(call)
    const outputs = (instance: ModuleInstance) =>
      new Names(
        (n, p) => instance.output(n, p),
        () => [...instance.config.outputs.keys()]
      )
    if (call.body.attributes.has('count')) return list.map(outputs)
    if (call.body.attributes.has('for_each')) {
      // for_each unknown: the one instance stands for each, whatever key is asked for.
      if (list.length === 1 && list[0].path.endsWith('[?]'))
        return new Names(
          () => outputs(list[0]),
          () => ['?']
        )
      const map: Record<string, Value> = {}
      for (const instance of list) {
        const suffix = instance.path.slice(instance.path.lastIndexOf('['))
        map[JSON.parse(suffix.slice(1, -1)) as string] = outputs(instance)
      }
      return map
    }
    return list.length ? outputs(list[0]) : null
  }

  output(name: string, pos: Pos): Value {
    const attribute = this.config.outputs.get(name)
    if (!attribute) throw new EvalError(`${this.path} has no output "${name}"`, pos)
    return evaluate(attribute.expr, this.scope)
  }

  /** Every managed resource instance of this module (not of its children). */
  allResources(): ResourceInstance[] {
    const out: ResourceInstance[] = []
    for (const [address, decl] of this.config.resources) {
      if (decl.mode === 'data') continue
      // A resource Terraform refuses to expand has no instances; what reads it is told why.
      try {
        out.push(...this.instances(address, decl))
      } catch {
        continue
      }
    }
    return out
  }
}
