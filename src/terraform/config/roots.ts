/**
 * Root modules and everything below them, ready to evaluate: which directories are roots (not
 * called as a local module by another), their variable values (TF_VAR_ environment variables,
 * terraform.tfvars, *.auto.tfvars, then var-files, later sources winning, as Terraform applies
 * them: "Variable Definition Precedence"), and every module source
 * loaded ahead, so evaluation itself never waits on the disk.
 */
import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
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
  const text = await readFile(path, 'utf8')
  const shown = display(loader.cwd, path)
  if (path.endsWith('.json')) {
    try {
      for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, Value>))
        values.set(k, () => v)
    } catch (error) {
      loader.problems.push({ path: shown, message: (error as Error).message })
    }
    return values
  }
  const { body, error } = await parseHcl(text, shown)
  if (error) loader.problems.push({ path: shown, line: error.pos.line, message: error.message })
  for (const [name, attribute] of body.attributes)
    values.set(name, () => evaluate(attribute.expr, NO_NAMES))
  return values
}

/** Loads every module source reachable from a root, keyed as modules.json keys them. */
async function preload(
  loader: ConfigLoader,
  root: ModuleConfig,
  config: ModuleConfig,
  key: string,
  sources: Map<string, ModuleConfig | undefined>,
  depth: number
): Promise<void> {
  if (depth > 20) return
  for (const call of config.modules.values()) {
    const childKey = key ? `${key}.${call.name}` : call.name
    if (sources.has(childKey)) continue
    const { config: child } = await loader.resolveCall(root.dir, childKey, config.dir, call)
    sources.set(childKey, child)
    if (child) await preload(loader, root, child, childKey, sources, depth + 1)
  }
}

function environment(
  loader: ConfigLoader,
  root: ModuleConfig,
  sources: Map<string, ModuleConfig | undefined>
): Environment {
  return {
    child: (parent: ModuleInstance, call: ModuleCallDecl) =>
      sources.get(parent.key ? `${parent.key}.${call.name}` : call.name),
    readFile: (path: string) => {
      const absolute = isAbsolute(path) ? path : resolve(root.dir, path)
      try {
        return readFileSync(absolute, 'utf8')
      } catch {
        return undefined
      }
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

/** The root module instances of the configurations found under terraform-paths. */
export async function buildRoots(
  loader: ConfigLoader,
  configs: ModuleConfig[],
  varFiles: string[],
  env: VariableEnvironment = {}
): Promise<ModuleInstance[]> {
  const called = new Set<string>()
  for (const config of configs)
    for (const call of config.modules.values())
      if (isLocalSource(call.source)) called.add(resolve(config.dir, call.source))
  const roots: ModuleInstance[] = []
  for (const config of configs) {
    if (called.has(config.dir)) continue
    const sources = new Map<string, ModuleConfig | undefined>()
    await preload(loader, config, config, '', sources, 0)
    const inputs = await environmentValues(config, env, NO_NAMES, (message, pos) =>
      loader.problems.push({ path: pos.file, line: pos.line, message })
    )
    for (const file of await loader.variableFiles(config.dir, varFiles))
      for (const [name, value] of await readVariableFile(loader, file)) inputs.set(name, value)
    roots.push(
      new ModuleInstance(config, '', '', inputs, environment(loader, config, sources), true)
    )
  }
  return roots
}

export type { Pos }
