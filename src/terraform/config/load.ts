/**
 * Reading a configuration from disk the way `terraform` finds it: the .tf and .tf.json files of
 * each module directory (override files merged last), the module sources that `terraform init` laid out (`.terraform/modules/modules.json`),
 * and the variable files of a root module. The only module here that touches the file system.
 */
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { glob } from 'tinyglobby'
import type { Attribute, Block, Body, Expr, Pos } from '../hcl/ast.js'
import { HclSyntaxError, parseHcl } from '../hcl/parse.js'
import { parseTfJson } from '../hcl/json.js'
import { applyOverride, isOverrideFile, literalString } from './override.js'
import { isRefusal, Workspace } from './workspace.js'
import type { ParseProblem } from '../model.js'

export type { ParseProblem } from '../model.js'

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
  source: string
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

export function display(cwd: string, path: string): string {
  return relative(cwd, path) || path
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
          source: literalString(block.body.attributes.get('source')?.expr) ?? '',
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

/** Terraform's .tf / .tf.json, and OpenTofu's .tofu / .tofu.json (opentofu.org/docs/language/files). */
const isConfigFile = (f: string) => /\.(tf|tofu)(\.json)?$/.test(f)

/** A file in OpenTofu's own extensions: a configuration holding one is read as OpenTofu reads it. */
export const isTofuFile = (f: string) => /\.tofu(\.json)?$/.test(f)

/**
 * OpenTofu's extension precedence: "When both .tf and .tofu files with the same base name are
 * present in a directory, OpenTofu will prioritize the .tofu file and ignore the .tf file"
 * (opentofu.org/docs/language/files, "Extension Precedence"; override files alike,
 * opentofu.org/docs/language/files/override). foo.tofu shadows foo.tf, foo.tofu.json shadows
 * foo.tf.json; foo.tf and foo.tofu.json both load. Terraform reads no .tofu file.
 */
export function withoutShadowed(files: string[]): string[] {
  const present = new Set(files)
  return files.filter(file => {
    const match = /^(.*)\.tf(\.json)?$/.exec(file)
    return !match || !present.has(`${match[1]}.tofu${match[2] ?? ''}`)
  })
}

/**
 * The configuration files under `dir`, down to `depth` folders, regular files and symbolic links
 * alike, following no link: a link that leads out of the workspace is refused by name when read,
 * never walked into (`root -> /`, `up -> ..`). Folders and files whose names start with a dot
 * (.terraform, .git) and node_modules are left out, as the glob leaves them out. A walk, not a
 * glob: a glob's pattern does not match every name a folder may have (a new line in it).
 */
function configFilesUnder(dir: string, depth: number, out: string[] = []): string[] {
  let entries: Dirent[]
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return out
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    if ((entry.isFile() || entry.isSymbolicLink()) && isConfigFile(entry.name)) out.push(path)
    else if (entry.isDirectory() && depth > 1) configFilesUnder(path, depth - 1, out)
  }
  return out
}

/** The regular files and symbolic links in one folder whose names pass `keep` (links not followed). */
function filesIn(dir: string, keep: (name: string) => boolean): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter(e => (e.isFile() || e.isSymbolicLink()) && !e.name.startsWith('.') && keep(e.name))
      .map(e => join(dir, e.name))
      .sort()
  } catch {
    return []
  }
}

/**
 * Expands folders and globs into .tf and .tf.json files (never in .terraform/ or node_modules/).
 * Globs never follow a symbolic link to a folder (`root -> /`, `up -> ..` would walk the runner's
 * disk or loop) and descend at most the workspace's glob depth; a symlinked file is listed, and
 * refused when read if it leads out of the workspace.
 */
export async function findTfFiles(
  paths: string[],
  cwd: string,
  workspace = new Workspace(cwd)
): Promise<string[]> {
  const patterns: string[] = []
  const walked: string[] = []
  for (const raw of paths) {
    const absolute = isAbsolute(raw) ? raw : resolve(cwd, raw)
    const info = existsSync(absolute) ? statSync(absolute) : undefined
    // A folder is walked only when it is in the workspace (terraform-paths: a link to / is not).
    if (info?.isDirectory()) {
      if (workspace.isDirectoryInside(absolute))
        configFilesUnder(absolute, workspace.limits.globDepth, walked)
    } else if (info?.isFile()) walked.push(absolute)
    else if (/\.(tf|tofu)(\.json)?$/.test(raw)) patterns.push(raw)
    else {
      // A glob of folders (envs/*): the configuration files in and under each one it matches.
      const base = raw.replace(/\/+$/, '')
      patterns.push(
        raw,
        `${base}/**/*.tf`,
        `${base}/**/*.tf.json`,
        `${base}/**/*.tofu`,
        `${base}/**/*.tofu.json`
      )
    }
  }
  const files = !patterns.length
    ? []
    : await glob(patterns, {
        cwd,
        absolute: true,
        ignore: ['**/.terraform/**', '**/node_modules/**'],
        dot: false,
        followSymbolicLinks: false,
        deep: workspace.limits.globDepth
      })
  return [...new Set([...files, ...walked])].filter(isConfigFile).sort()
}

/** Loads module directories (each once), parsing every .tf file in them. */
export class ConfigLoader {
  readonly configs = new Map<string, ModuleConfig>()
  readonly problems: ParseProblem[] = []
  readonly manifests = new Map<string, ModuleManifest | undefined>()
  /**
   * Configuration errors: files refused by the sandbox (outside the workspace, not a regular
   * file, over a cap) and module calls Terraform refuses (cycles). Each fails the check: what was
   * not read may hold a failing key.
   */
  readonly errors: ParseProblem[] = []
  /** Whether a folder read holds an OpenTofu file (.tofu, .tofu.json): then OpenTofu is the reader. */
  tofu = false

  constructor(
    readonly cwd: string,
    readonly workspace = new Workspace(cwd)
  ) {}

  /** The text of a file under the workspace, or undefined with the refusal recorded. */
  readText(file: string, line?: number, what = ''): string | undefined {
    const read = this.workspace.read(file)
    if ('text' in read) return read.text
    this.errors.push({
      path: display(this.cwd, file),
      line,
      message: isRefusal(read)
        ? `${what}${read.refused}`
        : `${what}${display(this.cwd, file)} could not be read`
    })
    return undefined
  }

  async loadFiles(files: string[]): Promise<ModuleConfig[]> {
    const byDir = new Map<string, string[]>()
    for (const file of files) byDir.set(dirname(file), [...(byDir.get(dirname(file)) ?? []), file])
    const loaded: ModuleConfig[] = []
    for (const [dir, list] of byDir) {
      if (this.configs.has(dir)) continue
      const config = emptyConfig(dir)
      this.configs.set(dir, config)
      loaded.push(config)
      // The folder's own listing decides shadowing, whichever of its files terraform-paths named.
      const kept = new Set(withoutShadowed([...filesIn(dir, isConfigFile), ...list]))
      await this.addFiles(
        config,
        list.filter(f => kept.has(f))
      )
    }
    return loaded
  }

  /**
   * A module directory's files: the others first, then the override files one by one in
   * lexical order of their names (Terraform: "Override Files").
   */
  private async addFiles(config: ModuleConfig, files: string[]): Promise<void> {
    if (files.some(isTofuFile)) this.tofu = true
    const overrides = files
      .filter(isOverrideFile)
      .sort((a, b) => (basename(a) < basename(b) ? -1 : basename(a) > basename(b) ? 1 : 0))
    for (const file of files.filter(f => !isOverrideFile(f))) {
      const body = await this.parseFile(config, file)
      if (body) addFile(config, body)
    }
    for (const file of overrides) {
      const body = await this.parseFile(config, file)
      if (body)
        applyOverride(config, body, (message, pos) =>
          this.problems.push({ path: pos.file, line: pos.line, message })
        )
    }
  }

  /** One file, by its syntax (.tf.json is JSON); a problem is recorded, the readable rest kept. */
  private async parseFile(config: ModuleConfig, file: string): Promise<Body | undefined> {
    const shown = display(this.cwd, file)
    const source = this.readText(file)
    if (source === undefined) return undefined
    try {
      const { body, error } = file.endsWith('.json')
        ? await parseTfJson(source, shown)
        : await parseHcl(source, shown)
      if (error)
        this.problems.push({
          path: shown,
          line: error.pos.line,
          message: error.message,
          unread: true
        })
      config.files.push(shown)
      return body
    } catch (error) {
      this.problems.push({
        path: shown,
        line: error instanceof HclSyntaxError ? error.pos.line : undefined,
        // Said where, never what: a message that quotes the file could carry what it should not.
        message: error instanceof HclSyntaxError ? error.message : 'the file could not be parsed',
        unread: true
      })
      return undefined
    }
  }

  /** A module directory that was not under terraform-paths (a module source). */
  async loadDir(dir: string, call?: ModuleCallDecl): Promise<ModuleConfig | undefined> {
    const known = this.configs.get(dir)
    if (known) return known
    const where = this.workspace.resolveInside(dir)
    if (isRefusal(where)) {
      this.errors.push({
        path: call?.pos.file ?? display(this.cwd, dir),
        line: call?.pos.line,
        message: `the source of module ${call?.name ?? dir}: ${where.refused}`
      })
      return undefined
    }
    if (!this.workspace.isDirectoryInside(dir)) return undefined
    this.workspace.checkDeadline()
    const files = withoutShadowed(filesIn(dir, isConfigFile))
    const config = emptyConfig(dir)
    this.configs.set(dir, config)
    await this.addFiles(config, files)
    return config
  }

  manifest(root: string): ModuleManifest | undefined {
    if (this.manifests.has(root)) return this.manifests.get(root)
    let manifest: ModuleManifest | undefined
    const path = join(root, '.terraform', 'modules', 'modules.json')
    try {
      if (!existsSync(path)) throw new Error('no manifest')
      const text = this.readText(path)
      if (text === undefined) throw new Error('refused')
      const json = JSON.parse(text) as {
        Modules?: { Key: string; Source: string; Version?: string; Dir: string }[]
      }
      manifest = {
        root,
        entries: new Map(
          (json.Modules ?? []).map(m => [
            m.Key,
            { source: m.Source, version: m.Version, dir: resolve(root, m.Dir) }
          ])
        )
      }
    } catch {
      manifest = undefined
    }
    this.manifests.set(root, manifest)
    return manifest
  }

  /** Where a module call's source is: local paths directly, the rest through modules.json. */
  async resolveCall(
    root: string,
    key: string,
    parentDir: string,
    call: ModuleCallDecl
  ): Promise<{ config?: ModuleConfig; dir?: string }> {
    const entry = this.manifest(root)?.entries.get(key)
    if (entry) {
      const config = await this.loadDir(entry.dir, call)
      if (config) return { config, dir: entry.dir }
    }
    if (isLocalSource(call.source)) {
      const dir = resolve(parentDir, call.source)
      return { config: await this.loadDir(dir, call), dir }
    }
    return {}
  }

  /**
   * terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars and *.auto.tfvars.json together
   * in lexical order of their names, then the var-files in order (Terraform: "Variable
   * Definition Precedence"; later files win).
   */
  async variableFiles(root: string, varFiles: string[]): Promise<string[]> {
    const found = filesIn(
      root,
      name => /^terraform\.tfvars(\.json)?$/.test(name) || /\.auto\.tfvars(\.json)?$/.test(name)
    )
    const rank = (p: string) =>
      ['terraform.tfvars', 'terraform.tfvars.json', basename(p)].indexOf(basename(p))
    const auto = found.sort((a, b) => {
      const [x, y] = [basename(a), basename(b)]
      return rank(a) - rank(b) || (x < y ? -1 : x > y ? 1 : 0)
    })
    return [...auto, ...varFiles.map(f => (isAbsolute(f) ? f : resolve(this.cwd, f)))]
  }
}
