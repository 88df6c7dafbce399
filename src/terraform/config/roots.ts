/**
 * Root modules and everything below them, ready to evaluate: which directories are roots (not
 * called as a local module by another), their variable values (TF_VAR_ environment variables,
 * terraform.tfvars, *.auto.tfvars, then var-files, later sources winning, as Terraform applies
 * them: "Variable Definition Precedence"), and every module source
 * loaded ahead, so evaluation itself never waits on the disk.
 */
import { existsSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import type { Pos } from '../hcl/ast.js'
import { parseHcl, parseTemplateText } from '../hcl/parse.js'
import { evaluate, type Scope } from '../eval/evaluate.js'
import { EvalError, type Value } from '../eval/values.js'
import { ModuleInstance, type Environment } from './instance.js'
import { environmentValues, type VariableEnvironment } from './env-vars.js'
import {
  display,
  isLocalSource,
  type ConfigLoader,
  type ModuleCallDecl,
  type ModuleConfig
} from './load.js'
import { isRefusal } from './workspace.js'
import { firstInstance, withStaticSource } from './static-source.js'

const NO_NAMES: Scope = {
  root: (name, pos) => {
    throw new EvalError(`a variable file cannot refer to ${name}`, pos)
  },
  readFile: () => undefined,
  parseTemplate: () => {
    throw new EvalError('no templates in variable files')
  }
}

async function readVariableFile(
  loader: ConfigLoader,
  path: string
): Promise<Map<string, () => Value>> {
  const values = new Map<string, () => Value>()
  if (!existsSync(path)) {
    loader.problems.push({
      path: display(loader.cwd, path),
      message: 'the variable file does not exist'
    })
    return values
  }
  const text = loader.readText(path)
  if (text === undefined) return values
  const shown = display(loader.cwd, path)
  if (path.endsWith('.json')) {
    try {
      for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, Value>))
        values.set(k, () => v)
    } catch {
      // Node's JSON message quotes the text: say where, not what.
      loader.problems.push({ path: shown, message: 'not valid JSON', unread: true })
    }
    return values
  }
  const { body, error } = await parseHcl(text, shown)
  if (error)
    loader.problems.push({
      path: shown,
      line: error.pos.line,
      message: error.message,
      unread: true
    })
  for (const [name, attribute] of body.attributes)
    values.set(name, () => evaluate(attribute.expr, NO_NAMES))
  return values
}

/**
 * Loads every module source reachable from a root, keyed as modules.json keys them. A call whose
 * source is a directory already on the path from the root (`source = "./"`, or two modules that
 * call each other) is a cycle: Terraform cannot install such a configuration (`terraform init`
 * nests the module into itself until the path is too long: hashicorp/terraform#27159, #31557,
 * #22648). It is a configuration error at the call, and the cycle is not followed.
 */
async function preload(
  loader: ConfigLoader,
  root: ModuleConfig,
  config: ModuleConfig,
  key: string,
  sources: Map<string, ModuleConfig | undefined>,
  chain: { dir: string; name: string }[],
  cycles: Set<string>,
  /** The instance of `config` that early evaluation reads variables and locals from. */
  owner: () => ModuleInstance | undefined,
  /** Folders reached through a source evaluated early: modules, not roots. */
  early: Set<string>
): Promise<void> {
  loader.workspace.checkDeadline()
  for (const written of config.modules.values()) {
    const childKey = key ? `${key}.${written.name}` : written.name
    if (sources.has(childKey)) continue
    const call = withStaticSource(loader, written, owner)
    if (!call) {
      sources.set(childKey, undefined)
      continue
    }
    const { config: child } = await loader.resolveCall(root.dir, childKey, config.dir, call)
    const loop = child && chain.findIndex(c => c.dir === child.dir)
    if (child && loop !== undefined && loop >= 0) {
      const path = [...chain.slice(loop + 1).map(c => c.name), call.name]
        .map(n => `module.${n}`)
        .join(' → ')
      loader.errors.push({
        path: call.pos.file,
        line: call.pos.line,
        message:
          loop === chain.length - 1
            ? `module "${call.name}" calls the module it is written in (source = "${call.source}"): Terraform refuses a module that calls itself, so this configuration cannot be applied. Point source at another directory.`
            : `module "${call.name}" (source = "${call.source}") closes a cycle of module calls (${display(loader.cwd, child.dir) || '.'} calls itself through ${path}): Terraform refuses module cycles, so this configuration cannot be applied.`
      })
      sources.set(childKey, undefined)
      cycles.add(childKey)
      continue
    }
    sources.set(childKey, child)
    if (child && written.sourceExpr) early.add(child.dir)
    if (child)
      await preload(
        loader,
        root,
        child,
        childKey,
        sources,
        [...chain, { dir: child.dir, name: call.name }],
        cycles,
        () => firstInstance(owner(), written),
        early
      )
  }
}

function environment(
  loader: ConfigLoader,
  root: ModuleConfig,
  sources: Map<string, ModuleConfig | undefined>,
  cycles: Set<string>
): Environment {
  return {
    child: (parent: ModuleInstance, call: ModuleCallDecl) =>
      sources.get(parent.key ? `${parent.key}.${call.name}` : call.name),
    cyclic: (parent: ModuleInstance, call: ModuleCallDecl) =>
      cycles.has(parent.key ? `${parent.key}.${call.name}` : call.name),
    // file(), templatefile(): under the workspace only; elsewhere the value is unknown, with why.
    readFile: (path: string) => {
      const read = loader.workspace.read(isAbsolute(path) ? path : resolve(root.dir, path))
      return 'text' in read ? read.text : isRefusal(read) ? read : undefined
    },
    parseTemplate: (text: string, file: string) => {
      try {
        return parseTemplateText(
          text,
          display(loader.cwd, isAbsolute(file) ? file : resolve(root.dir, file))
        )
      } catch (error) {
        throw new EvalError(`the template ${file} does not parse: ${(error as Error).message}`)
      }
    },
    display: (dir: string) => display(loader.cwd, dir)
  }
}

/** Whether `from` reaches `to` through local module calls among the loaded configurations. */
function callsBack(configs: ModuleConfig[], from: string, to: string): boolean {
  const byDir = new Map(configs.map(c => [c.dir, c]))
  const seen = new Set<string>()
  const stack = [from]
  while (stack.length) {
    const dir = stack.pop() as string
    if (dir === to) return true
    if (seen.has(dir)) continue
    seen.add(dir)
    for (const call of byDir.get(dir)?.modules.values() ?? [])
      if (isLocalSource(call.source)) stack.push(resolve(dir, call.source))
  }
  return false
}

/** The root module instances of the configurations found under terraform-paths. */
export async function buildRoots(
  loader: ConfigLoader,
  configs: ModuleConfig[],
  varFiles: string[],
  env: VariableEnvironment = {}
): Promise<ModuleInstance[]> {
  // A directory another one calls is a module, not a root; a call to itself does not count, so a
  // self-calling module is still checked (and its cycle reported) instead of vanishing.
  const called = new Set<string>()
  for (const config of configs)
    for (const call of config.modules.values()) {
      const dir = resolve(config.dir, call.source)
      if (isLocalSource(call.source) && dir !== config.dir && !callsBack(configs, dir, config.dir))
        called.add(dir)
    }
  const roots: ModuleInstance[] = []
  const early = new Set<string>()
  for (const config of configs) {
    if (called.has(config.dir)) continue
    const sources = new Map<string, ModuleConfig | undefined>()
    const cycles = new Set<string>()
    const inputs = await environmentValues(config, env, NO_NAMES, (message, pos) =>
      loader.problems.push({ path: pos.file, line: pos.line, message })
    )
    for (const file of await loader.variableFiles(config.dir, varFiles))
      for (const [name, value] of await readVariableFile(loader, file)) inputs.set(name, value)
    // The root exists before its module sources are loaded: early evaluation reads its variables.
    const root = new ModuleInstance(
      config,
      '',
      '',
      inputs,
      environment(loader, config, sources, cycles),
      true
    )
    await preload(
      loader,
      config,
      config,
      '',
      sources,
      [{ dir: config.dir, name: '' }],
      cycles,
      () => root,
      early
    )
    roots.push(root)
  }
  // A folder another root calls through a source evaluated early is that root's module.
  return roots.filter(root => !early.has(root.config.dir))
}

export type { Pos }
