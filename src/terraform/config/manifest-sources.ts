/**
 * Where check finds node class manifests: kubectl_manifest (yaml_body: a heredoc, file() or
 * templatefile()), kubernetes_manifest (manifest: an HCL object or yamldecode(...)), and YAML
 * files in the checked paths. Every file is read through the workspace sandbox: check runs on
 * untrusted pull requests.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import type { Expr, Pos } from '../hcl/ast.js'
import { evaluate, type Scope } from '../eval/evaluate.js'
import { EvalError, isObject, JsonDoc, LazyObject, Unknown, type Value } from '../eval/values.js'
import type { ParseProblem } from '../model.js'
import type { Index } from './discover.js'
import { display } from './load.js'
import type { ResourceInstance } from './resource.js'
import { isRefusal, type Workspace } from './workspace.js'
import {
  hole,
  nodeClassKeys,
  nodeClassesInYaml,
  type NodeClassKey,
  type UnreadManifest
} from './manifests.js'

/** At most this many YAML files are read from the checked paths. */
const YAML_FILES = 500

function attempt(expr: Expr, instance: ResourceInstance, scope: Scope = instance.scope): Value {
  try {
    return evaluate(expr, scope)
  } catch (error) {
    return new Unknown([
      {
        what: `${instance.fullAddress}`,
        pos: expr.pos,
        how: `it could not be evaluated: ${(error as Error).message}`
      }
    ])
  }
}

interface Found {
  keys: NodeClassKey[]
  unread: UnreadManifest[]
  problems: ParseProblem[]
}

type Part = string | Expr | { kind: 'tif' | 'tfor' }

/** A template's text with its interpolations as holes, each hole's value kept (a key reference still names its key). */
function withHoles(
  parts: Part[],
  scope: Scope,
  instance: ResourceInstance
): { text: string; holes: Value[] } | undefined {
  if (parts.some(p => typeof p !== 'string' && (p.kind === 'tif' || p.kind === 'tfor')))
    return undefined
  const holes: Value[] = []
  let text = ''
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part
      continue
    }
    const value = attempt(part as Expr, instance, scope)
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      text += String(value)
    else {
      text += hole(holes.length)
      holes.push(value)
    }
  }
  return { text, holes }
}

/** templatefile() of a file check can read: its template evaluated with the call's variables, holes kept. */
function templateFile(
  expr: Expr,
  instance: ResourceInstance
): { text: string; holes: Value[] } | undefined {
  if (expr.kind !== 'call' || expr.name !== 'templatefile' || expr.args.length !== 2)
    return undefined
  const path = attempt(expr.args[0], instance)
  const vars = attempt(expr.args[1], instance)
  if (typeof path !== 'string' || !isObject(vars)) return undefined
  const text = instance.scope.readFile(path)
  if (typeof text !== 'string') return undefined
  const template = instance.scope.parseTemplate(text, path)
  if (template.kind !== 'template') return undefined
  const scope: Scope = {
    ...instance.scope,
    root: (name, at) => {
      if (name in vars) return vars[name]
      throw new EvalError(`the template ${path} uses "${name}", which is not passed to it`, at)
    }
  }
  return withHoles(template.parts as Part[], scope, instance)
}

/** A YAML text given by an expression: a heredoc or template's interpolations kept as values. */
function fromYamlExpr(expr: Expr, instance: ResourceInstance, what: string, out: Found): void {
  const pos = expr.pos
  const notYaml = (problem?: string) => {
    if (problem)
      out.problems.push({
        path: pos.file,
        line: pos.line,
        message: `${what} is not YAML: ${problem}`
      })
  }
  const heredoc =
    expr.kind === 'template' ? withHoles(expr.parts as Part[], instance.scope, instance) : undefined
  if (heredoc) {
    // A heredoc's text starts on the line after its opener.
    const line = heredoc.text.includes('\n') ? pos.line + 1 : pos.line
    const read = nodeClassesInYaml(heredoc.text, pos.file, line, heredoc.holes)
    out.keys.push(...read.keys)
    return notYaml(read.problem)
  }
  const template = templateFile(expr, instance)
  if (template) {
    const read = nodeClassesInYaml(template.text, pos.file, pos.line, template.holes, pos)
    out.keys.push(...read.keys)
    return notYaml(read.problem)
  }
  const value = attempt(expr, instance)
  if (typeof value === 'string') {
    const read = nodeClassesInYaml(value, pos.file, pos.line, [], pos)
    out.keys.push(...read.keys)
    return notYaml(read.problem)
  }
  if (value instanceof Unknown && value.parts) {
    const holes = value.parts.slice(1).map(() => new Unknown(value.causes))
    const text = value.parts.map((p, i) => (i ? hole(i - 1) : '') + p).join('')
    out.keys.push(...nodeClassesInYaml(text, pos.file, pos.line, holes, pos).keys)
    return
  }
  if (value instanceof Unknown) out.unread.push({ what, pos, causes: value.causes })
}

/** A value with its lazy objects forced, for reading as a manifest. */
function plain(value: Value, pos: Pos, depth = 0): unknown {
  if (depth > 20) return null
  if (value instanceof LazyObject) value = value.force(pos)
  if (Array.isArray(value)) return value.map(v => plain(v, pos, depth + 1))
  if (value instanceof JsonDoc) return plain(value.value, pos, depth + 1)
  if (value && typeof value === 'object' && !(value instanceof Unknown))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, pos, depth + 1)]))
  return value
}

export function manifestsInResources(index: Index): Found {
  const out: Found = { keys: [], unread: [], problems: [] }
  for (const instance of index.ofType('kubectl_manifest')) {
    const attribute = instance.decl.body.attributes.get('yaml_body')
    if (attribute)
      fromYamlExpr(attribute.expr, instance, `${instance.fullAddress}'s yaml_body`, out)
  }
  for (const instance of index.ofType('kubernetes_manifest')) {
    const attribute = instance.decl.body.attributes.get('manifest')
    if (!attribute) continue
    const expr = attribute.expr
    const what = `${instance.fullAddress}'s manifest`
    // yamldecode is read here, where the YAML's holes can keep their values.
    if (expr.kind === 'call' && expr.name === 'yamldecode' && expr.args.length === 1) {
      fromYamlExpr(expr.args[0], instance, what, out)
      continue
    }
    const value = attempt(expr, instance)
    if (value instanceof Unknown) {
      out.unread.push({ what, pos: expr.pos, causes: value.causes })
      continue
    }
    out.keys.push(...nodeClassKeys(plain(value, expr.pos), () => attribute.pos))
  }
  return out
}

function yamlFilesUnder(dir: string, depth: number, out: string[]): void {
  let entries: Dirent[]
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules' || out.length >= YAML_FILES)
      continue
    const path = join(dir, entry.name)
    if ((entry.isFile() || entry.isSymbolicLink()) && /\.ya?ml$/.test(entry.name)) out.push(path)
    else if (entry.isDirectory() && depth > 1) yamlFilesUnder(path, depth - 1, out)
  }
}

/** EC2NodeClass and NodeClass documents in the YAML files of the checked paths (folders walked, as for .tf files). */
export function manifestsInFiles(paths: string[], cwd: string, workspace: Workspace): Found {
  const out: Found = { keys: [], unread: [], problems: [] }
  const files: string[] = []
  for (const raw of paths) {
    const absolute = isAbsolute(raw) ? raw : resolve(cwd, raw)
    let directory: boolean
    try {
      directory = statSync(absolute).isDirectory()
    } catch {
      continue
    }
    if (directory && workspace.isDirectoryInside(absolute))
      yamlFilesUnder(absolute, workspace.limits.globDepth, files)
    else if (!directory && /\.ya?ml$/.test(absolute)) files.push(absolute)
  }
  for (const path of [...new Set(files)]) {
    workspace.checkDeadline()
    const read = workspace.read(path)
    const file = display(cwd, path)
    if (isRefusal(read)) {
      out.problems.push({ path: file, message: `not read: ${read.refused}` })
      continue
    }
    if (!('text' in read)) continue
    const found = nodeClassesInYaml(read.text, file)
    out.keys.push(...found.keys)
    // A Helm template or other text that is not YAML: unread, said when a launcher is found.
    if (found.problem && found.keys.length === 0)
      out.unread.push({
        what: file,
        pos: { file, line: 1 },
        causes: [
          {
            what: `the node class in ${file}`,
            pos: { file, line: 1 },
            how: `it is not YAML check can read (${found.problem}), e.g. a Helm template rendered only at install: run verify against the cluster`
          }
        ]
      })
  }
  return out
}
