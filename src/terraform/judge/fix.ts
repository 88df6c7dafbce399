/**
 * The fix, as Terraform in the style the key's policy is already written in, naming the role
 * only through what that module declares (or declaring what it needs first), so it passes
 * `terraform validate` when pasted.
 */
import { bareLocals, hclValue } from '../../render/hcl.js'
import { policyDocumentHcl } from '../../render/key-policy-hcl.js'
import type { Statement } from '../../model/index.js'
import type { ModuleInstance } from '../config/instance.js'
import type { ResourceInstance } from '../config/resource.js'
import { DEFAULT_ROLE } from '../config/discover.js'
import { fixForJson } from './fix-json.js'
import type { PolicyStyle } from '../model.js'

function declared(module: ModuleInstance, type: string): string | undefined {
  const decl = [...module.config.resources.values()].find(r => r.mode === 'data' && r.type === type)
  if (!decl) return undefined
  const indexed = decl.body.attributes.has('count') ? '[0]' : ''
  return `data.${type}.${decl.name}${indexed}`
}

/** How the fix names the role, and what it must declare to do so. */
export function roleExpression(
  module: ModuleInstance,
  role: string,
  index: { ofType(type: string): ResourceInstance[] }
): { expression: string; declarations: string[] } {
  // A custom-suffix role declared in this module is named by its resource.
  const linked = index
    .ofType('aws_iam_service_linked_role')
    .find(r => r.module === module && safeGet(r) === role)
  if (linked) return { expression: `\${${linked.address}.arn}`, declarations: [] }
  const declarations: string[] = []
  let partition = declared(module, 'aws_partition')
  let account = declared(module, 'aws_caller_identity')
  if (!partition) {
    declarations.push('data "aws_partition" "current" {}')
    partition = 'data.aws_partition.current'
  }
  if (!account) {
    declarations.push('data "aws_caller_identity" "current" {}')
    account = 'data.aws_caller_identity.current'
  }
  const path = role.replace(/^arn:[^:]+:iam::[^:]*:/, '')
  return {
    expression: `arn:\${${partition}.partition}:iam::\${${account}.account_id}:${path}`,
    declarations
  }
}

/**
 * A locals block naming the role's ARN once, split at its `:` parts so each line fits a report's
 * code block; none for a short expression or a style whose statements are not HCL.
 */
function namedRole(expression: string, style: PolicyStyle): string[] | undefined {
  if (expression.length <= 60 || !['jsonencode', 'policy-document'].includes(style))
    return undefined
  const parts = expression.split(/(?<=:iam::)|(?<=:)(?=role\/)/)
  return [
    '# The Auto Scaling service-linked role, named once:',
    'locals {',
    '  autoscaling_role_arn = join("", [',
    ...parts.map(part => `    ${JSON.stringify(part)},`),
    '  ])',
    '}'
  ]
}

function safeGet(r: ResourceInstance): unknown {
  try {
    return r.get('arn', r.decl.pos)
  } catch {
    return undefined
  }
}

export function fixFor(
  style: PolicyStyle,
  missing: Statement[],
  module: ModuleInstance,
  role: string,
  index: { ofType(type: string): ResourceInstance[] },
  /** The policy is written in a .tf.json file: the fix is in JSON syntax. */
  jsonSyntax = false
): string {
  const { expression, declarations } = roleExpression(
    module,
    role === '' ? DEFAULT_ROLE : role,
    index
  )
  const statements = missing.map(s => ({ ...s, Principal: { AWS: expression } }))
  if (jsonSyntax)
    return fixForJson(style, statements, declarations, module.path || 'the root module', expression)
  // In HCL the role's ARN (wider than a report's code block) is named once, in a local.
  const named = namedRole(expression, style)
  const hclStatements = named
    ? missing.map(s => ({ ...s, Principal: { AWS: '${local.autoscaling_role_arn}' } }))
    : statements
  const prelude = [
    ...(declarations.length
      ? [
          `# In ${module.path || 'the root module'}, declare what the statements name:`,
          ...declarations,
          ''
        ]
      : []),
    ...(named ? [...named, ''] : [])
  ]
  switch (style) {
    case 'policy-document':
      return [
        ...prelude,
        '# Add to the data "aws_iam_policy_document" of the key policy:',
        bareLocals(policyDocumentHcl(hclStatements, true))
      ].join('\n')
    case 'heredoc':
    case 'file':
      return [
        ...prelude,
        '# Add to the Statement list of the key policy JSON:',
        JSON.stringify(statements, null, 2)
      ].join('\n')
    case 'none':
      return [
        ...prelude,
        '# The key has no policy, so it gets the default one (root only). Set one that keeps the root',
        '# statement and adds the Auto Scaling service-linked role:',
        `policy = jsonencode(${hclValue({ Version: '2012-10-17', Statement: [{ Sid: 'EnableIAMUserPermissions', Effect: 'Allow', Principal: { AWS: expression.replace(/:role\/.*$/, ':root') }, Action: 'kms:*', Resource: '*' }, ...statements] }, '', true)})`
      ].join('\n')
    case 'kms-module':
      return [
        ...prelude,
        '# In the call of the KMS module that creates this key:',
        `key_service_roles_for_autoscaling = [${JSON.stringify(expression)}]`
      ].join('\n')
    default:
      return [
        ...prelude,
        '# Add to the Statement list of the key policy (jsonencode):',
        bareLocals(hclStatements.map(s => hclValue(s, '', true)).join(',\n'))
      ].join('\n')
  }
}
