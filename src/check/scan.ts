/**
 * The YAML and JSON files under check's paths, each told by its content: a CloudFormation
 * template, an eksctl ClusterConfig, or a CDK cloud assembly (a folder whose manifest.json lists
 * artifacts, read as a whole, not as loose templates). Read through the workspace's sandbox.
 */
import { existsSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { glob } from 'tinyglobby'
import { isRefusal, type Workspace } from '../terraform/config/workspace.js'
import type { ParseProblem } from '../model/check.js'
import { parseSource, type Raw } from '../cloudformation/source.js'
import { isTemplate } from '../cloudformation/template.js'
import { isClusterConfig } from '../eksctl/read.js'

export interface Found {
  templates: { file: string; body: Record<string, Raw> }[]
  clusters: { file: string; body: Record<string, Raw> }[]
  assemblies: string[]
  problems: ParseProblem[]
  errors: ParseProblem[]
}

const DATA_FILE = /\.(ya?ml|json|template)$/i

async function candidates(paths: string[], cwd: string, workspace: Workspace): Promise<string[]> {
  const patterns: string[] = []
  const files: string[] = []
  for (const raw of paths) {
    const absolute = isAbsolute(raw) ? raw : resolve(cwd, raw)
    const info = existsSync(absolute) ? statSync(absolute) : undefined
    if (info?.isFile()) files.push(absolute)
    else if (info?.isDirectory() && !workspace.isDirectoryInside(absolute)) continue
    else patterns.push(`${raw.replace(/\/+$/, '')}/**/*.{yaml,yml,json,template}`, raw)
  }
  const matched = patterns.length
    ? await glob(patterns, {
        cwd,
        absolute: true,
        ignore: [
          '**/.terraform/**',
          '**/node_modules/**',
          '**/.git/**',
          '**/*.tf.json',
          '**/*.tofu.json'
        ],
        dot: false,
        followSymbolicLinks: false,
        deep: workspace.limits.globDepth
      })
    : []
  return [...new Set([...files, ...matched])].filter(f => DATA_FILE.test(f)).sort()
}

function isAssemblyManifest(body: Raw): boolean {
  return (
    !!body &&
    typeof body === 'object' &&
    !Array.isArray(body) &&
    typeof body.artifacts === 'object' &&
    typeof body.version === 'string'
  )
}

/** Files that are never a template or a ClusterConfig: not read at all. */
const NOT_IAC =
  /(^|\/)(package(-lock)?\.json|tsconfig[^/]*\.json|composer\.(json|lock)|cdk(\.context)?\.json|renovate\.json|\.eslintrc[^/]*|[^/]*\.schema\.json|pnpm-lock\.yaml|\.pre-commit-config\.yaml|docker-compose[^/]*\.ya?ml|\.?codecov\.ya?ml|mkdocs\.ya?ml)$/i

/** Names a template or ClusterConfig usually has: a file of such a name that cannot be read is said. */
const LIKELY_IAC = /(template|stack|cfn|cloudformation|eksctl|cluster|nodegroup|infra)/i

export async function scan(
  paths: string[],
  cwd: string,
  workspace: Workspace,
  cdkOut: string[]
): Promise<Found> {
  const found: Found = { templates: [], clusters: [], assemblies: [], problems: [], errors: [] }
  const shown = (f: string) => relative(cwd, f) || f
  const assemblyDirs = cdkOut.map(d => resolve(cwd, d))
  const texts = new Map<string, string>()
  const files = (await candidates(paths, cwd, workspace)).filter(f => !NOT_IAC.test(f))
  const unreadable: string[] = []
  for (const file of files.slice(0, workspace.limits.files)) {
    workspace.checkDeadline()
    const read = workspace.read(file)
    // Any YAML or JSON file is looked at; one that cannot be read matters only if it may be one of ours.
    if (isRefusal(read) && LIKELY_IAC.test(shown(file)))
      unreadable.push(`${shown(file)} (${read.refused})`)
    if (!('text' in read)) continue
    if (file.endsWith('manifest.json')) {
      const { documents } = parseSource(read.text, shown(file))
      if (isAssemblyManifest(documents[0] ?? null)) assemblyDirs.push(dirname(file))
    } else if (/Resources|ClusterConfig/.test(read.text)) texts.set(file, read.text)
  }
  if (unreadable.length)
    found.problems.push({
      path: shown(unreadable[0].replace(/ \(.*$/, '')),
      message: `not read, so a CloudFormation template or eksctl file there would not be checked: ${unreadable.slice(0, 5).join('; ')}${unreadable.length > 5 ? ` and ${unreadable.length - 5} more` : ''}. Name the folders to read with paths.`
    })
  const inAssembly = (f: string) => assemblyDirs.some(d => !relative(d, f).startsWith('..'))
  for (const [file, text] of texts) {
    if (inAssembly(file)) continue
    const parsed = parseSource(text, shown(file))
    if (parsed.error) {
      if (/AWSTemplateFormatVersion|eksctl\.io/.test(text))
        found.problems.push({
          path: shown(file),
          line: parsed.error.line,
          message: parsed.error.message,
          unread: true
        })
      continue
    }
    for (const document of parsed.documents) {
      if (isTemplate(document)) found.templates.push({ file: shown(file), body: document })
      else if (isClusterConfig(document)) found.clusters.push({ file: shown(file), body: document })
    }
  }
  // A stage's assembly is read through the assembly that holds it, once.
  const unique = [...new Set(assemblyDirs)]
  found.assemblies = unique.filter(
    d =>
      existsSync(join(d, 'manifest.json')) &&
      !unique.some(o => o !== d && !relative(o, d).startsWith('..'))
  )
  return found
}
