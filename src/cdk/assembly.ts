/**
 * A CDK cloud assembly (what `cdk synth` writes to cdk.out) as the CloudFormation templates it
 * holds: manifest.json's stack artifacts (properties.templateFile, the account of their
 * environment), stages' nested assemblies (cdk:cloud-assembly, properties.directoryName), and
 * nested stacks (<id>.nested.template.json, linked to their parent's AWS::CloudFormation::Stack
 * by its aws:asset:path metadata) — docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-synth.html and
 * the cloud assembly schema (@aws-cdk/cloud-assembly-schema, artifact-schema).
 */
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { isRefusal, type Workspace } from '../terraform/config/workspace.js'
import type { ParseProblem } from '../model/check.js'
import { isRecord, parseSource, type Raw } from '../cloudformation/source.js'
import { nest, toTemplate, type Template } from '../cloudformation/template.js'

export interface Assembly {
  templates: Template[]
  files: number
  problems: ParseProblem[]
  errors: ParseProblem[]
}

interface Reader {
  cwd: string
  workspace: Workspace
  out: Assembly
  linked: Set<string>
}

function load(reader: Reader, path: string): Record<string, Raw> | undefined {
  const shown = relative(reader.cwd, path) || path
  const read = reader.workspace.read(path)
  if (isRefusal(read)) reader.out.errors.push({ path: shown, message: read.refused })
  if (!('text' in read)) {
    if (!isRefusal(read))
      reader.out.errors.push({
        path: shown,
        message: `${shown} is named by the cloud assembly but does not exist: run cdk synth again`
      })
    return undefined
  }
  reader.out.files++
  const parsed = parseSource(read.text, shown)
  if (parsed.error) {
    reader.out.problems.push({
      path: shown,
      line: parsed.error.line,
      message: parsed.error.message,
      unread: true
    })
    return undefined
  }
  const body = parsed.documents[0]
  return isRecord(body) ? body : undefined
}

/** The nested stacks a template creates, read and linked, then theirs. */
function nested(reader: Reader, dir: string, parent: Template, depth: number): void {
  if (depth > 10) return
  for (const resource of parent.resources.values()) {
    const metadata = isRecord(resource.raw.Metadata) ? resource.raw.Metadata : {}
    const asset = metadata['aws:asset:path']
    if (resource.type !== 'AWS::CloudFormation::Stack' || typeof asset !== 'string') continue
    const path = join(dir, asset)
    reader.linked.add(path)
    const body = load(reader, path)
    if (!body) continue
    const child = toTemplate(
      body,
      relative(reader.cwd, path),
      `${parent.name}/${
        resource.construct
          ?.replace(/\.NestedStack\/.*$/, '')
          .split('/')
          .pop() ?? resource.id
      }`
    )
    nest(parent, resource, child)
    reader.out.templates.push(child)
    nested(reader, dir, child, depth + 1)
  }
}

function stacks(reader: Reader, dir: string, depth: number): void {
  if (depth > 10) return
  const manifest = load(reader, join(dir, 'manifest.json'))
  const artifacts = manifest && isRecord(manifest.artifacts) ? manifest.artifacts : {}
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (!isRecord(artifact)) continue
    const properties = isRecord(artifact.properties) ? artifact.properties : {}
    if (artifact.type === 'cdk:cloud-assembly' && typeof properties.directoryName === 'string')
      stacks(reader, join(dir, properties.directoryName), depth + 1)
    if (artifact.type !== 'aws:cloudformation:stack' || typeof properties.templateFile !== 'string')
      continue
    const path = join(dir, properties.templateFile)
    const body = load(reader, path)
    if (!body) continue
    const template = toTemplate(
      body,
      relative(reader.cwd, path),
      typeof artifact.displayName === 'string' ? artifact.displayName : id
    )
    template.cdk = true
    // aws://<account>/<region>: a concrete account is "this account"; unknown-account stays symbolic.
    const account = /^aws:\/\/(\d{12})\//.exec(String(artifact.environment ?? ''))?.[1]
    if (account) template.account = account
    reader.out.templates.push(template)
    nested(reader, dir, template, 0)
  }
  // Nested templates no parent names (asset metadata off): read on their own.
  let names: string[]
  try {
    names = readdirSync(dir).filter(n => n.endsWith('.nested.template.json'))
  } catch {
    return
  }
  for (const name of names) {
    const path = join(dir, name)
    if (reader.linked.has(path)) continue
    const body = load(reader, path)
    if (!body) continue
    const template = toTemplate(
      body,
      relative(reader.cwd, path),
      name.replace(/\.nested\.template\.json$/, '')
    )
    template.cdk = true
    reader.out.templates.push(template)
  }
}

export function readAssembly(dir: string, cwd: string, workspace: Workspace): Assembly {
  const reader: Reader = {
    cwd,
    workspace,
    out: { templates: [], files: 0, problems: [], errors: [] },
    linked: new Set()
  }
  stacks(reader, dir, 0)
  return reader.out
}
