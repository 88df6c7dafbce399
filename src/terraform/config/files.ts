/**
 * Which files make up a configuration: Terraform's and OpenTofu's extensions, OpenTofu's
 * precedence between them, and the folders and globs of terraform-paths expanded without
 * following a symbolic link out of the workspace.
 */
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { glob } from 'tinyglobby'
import { Workspace } from './workspace.js'

export function display(cwd: string, path: string): string {
  return relative(cwd, path) || path
}

/** Terraform's .tf / .tf.json, and OpenTofu's .tofu / .tofu.json (opentofu.org/docs/language/files). */
export const isConfigFile = (f: string) => /\.(tf|tofu)(\.json)?$/.test(f)

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
export function filesIn(dir: string, keep: (name: string) => boolean): string[] {
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
