/**
 * A CloudFormation template as check reads it: its sections, the file it came from, and — for a
 * nested stack — the parent stack that creates it and the parameters the parent passes
 * (docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-nested-stacks.html).
 */
import { dirname, join, normalize } from 'node:path'
import type { Pos } from '../terraform/hcl/ast.js'
import { isRecord, posOf, type Raw } from './source.js'

export interface Resource {
  id: string
  type: string
  properties: Record<string, Raw>
  raw: Record<string, Raw>
  pos: Pos
  /** The CDK construct that wrote it (Metadata aws:cdk:path), when the template is synthesized. */
  construct?: string
}

export interface Template {
  file: string
  /** How findings name it: the file, or the CDK stack. */
  name: string
  body: Record<string, Raw>
  resources: Map<string, Resource>
  parameters: Record<string, Raw>
  conditions: Record<string, Raw>
  mappings: Record<string, Raw>
  outputs: Record<string, Raw>
  parent?: { template: Template; resource: string; parameters: Record<string, Raw> }
  /** Nested stacks by the logical id of their AWS::CloudFormation::Stack resource. */
  children: Map<string, Template>
  /** CDK: the stack's account and region when its environment names them. */
  account?: string
  /** CDK: the stack was synthesized by the CDK (fixes are shown as CDK code too). */
  cdk?: boolean
}

const TYPE = /^(AWS|Custom|Alexa)::/

/**
 * A template is a document with a top-level Resources map whose entries have a Type of an
 * AWS::, Custom:: or Alexa:: resource — told by content, whatever the file's extension
 * (docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html: Resources is
 * the one required section).
 */
export function isTemplate(document: Raw): document is Record<string, Raw> {
  if (!isRecord(document) || !isRecord(document.Resources)) return false
  return Object.values(document.Resources).some(
    r => isRecord(r) && typeof r.Type === 'string' && TYPE.test(r.Type)
  )
}

const section = (value: Raw | undefined): Record<string, Raw> => (isRecord(value) ? value : {})

export function toTemplate(body: Record<string, Raw>, file: string, name = file): Template {
  const resources = new Map<string, Resource>()
  for (const [id, raw] of Object.entries(section(body.Resources))) {
    if (!isRecord(raw) || typeof raw.Type !== 'string') continue
    const metadata = section(raw.Metadata)
    resources.set(id, {
      id,
      type: raw.Type,
      properties: section(raw.Properties),
      raw,
      pos: posOf(raw, { file, line: 1 }),
      construct: typeof metadata['aws:cdk:path'] === 'string' ? metadata['aws:cdk:path'] : undefined
    })
  }
  return {
    file,
    name,
    body,
    resources,
    parameters: section(body.Parameters),
    conditions: section(body.Conditions),
    mappings: section(body.Mappings),
    outputs: section(body.Outputs),
    children: new Map()
  }
}

/** Links a nested stack to the parent resource that creates it. */
export function nest(parent: Template, resource: Resource, child: Template): void {
  child.parent = {
    template: parent,
    resource: resource.id,
    parameters: section(resource.properties.Parameters)
  }
  child.account ??= parent.account
  child.cdk ||= parent.cdk
  parent.children.set(resource.id, child)
}

/** How a resource is named in findings: its logical id and type, and its construct under CDK. */
export function resourceName(template: Template, resource: Resource): string {
  const where = template.parent || template.cdk ? `${template.name}/` : ''
  return `${where}${resource.id} (${resource.type}${resource.construct ? `, construct ${resource.construct.replace(/\/Resource$/, '')}` : ''})`
}

/**
 * Plain CloudFormation nested stacks: a parent's AWS::CloudFormation::Stack whose TemplateURL is a
 * local file (as `aws cloudformation package` takes it) is linked to that template when it was
 * read, so the child's parameters take what the parent passes.
 */
export function linkNested(templates: Template[]): void {
  const byFile = new Map(templates.map(t => [normalize(t.file), t]))
  for (const parent of templates)
    for (const resource of parent.resources.values()) {
      const url = resource.properties.TemplateURL
      if (resource.type !== 'AWS::CloudFormation::Stack' || typeof url !== 'string') continue
      if (/^[a-z]+:\/\//i.test(url)) continue
      const child = byFile.get(normalize(join(dirname(parent.file), url)))
      if (child && child !== parent && !child.parent) nest(parent, resource, child)
    }
}
