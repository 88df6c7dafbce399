/**
 * Reading a configuration from disk the way `terraform` finds it: the .tf and .tf.json files of
 * each module directory (override files merged last), the module sources that `terraform init`
 * laid out (`.terraform/modules/modules.json`), and the variable files of a root module. With
 * files.ts, the only module here that touches the file system.
 */
import { existsSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import type { Body } from '../hcl/ast.js'
import { HclSyntaxError, parseHcl } from '../hcl/parse.js'
import { parseTfJson } from '../hcl/json.js'
import { applyOverride, isOverrideFile } from './override.js'
import { isRefusal, Workspace } from './workspace.js'
import type { ParseProblem } from '../model.js'
import {
  addFile,
  emptyConfig,
  isLocalSource,
  type ModuleCallDecl,
  type ModuleConfig,
  type ModuleManifest
} from './declarations.js'
import { display, filesIn, isConfigFile, isTofuFile, withoutShadowed } from './files.js'

export type { ParseProblem } from '../model.js'
export type {
  ModuleCallDecl,
  ModuleConfig,
  ModuleManifest,
  ResourceDecl,
  VariableDecl
} from './declarations.js'
export { addFile, emptyConfig, isLocalSource } from './declarations.js'
export { display, findTfFiles, isTofuFile, withoutShadowed } from './files.js'

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
