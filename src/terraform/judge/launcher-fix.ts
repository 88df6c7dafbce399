/**
 * The fixes for a key Karpenter's controller role or Auto Mode's cluster role cannot use, in
 * both places a user can fix it: the key policy (in the style it is written in), and for
 * Karpenter the controller role's IAM policy — the community karpenter submodule's
 * iam_policy_statements input, or an aws_iam_role_policy.
 */
import { bareLocals, hclValue } from '../../render/hcl.js'
import { policyDocumentHcl } from '../../render/key-policy-hcl.js'
import type { Statement } from '../../model/index.js'
import type { ModuleInstance } from '../config/instance.js'
import type { ResourceInstance } from '../config/resource.js'
import type { PolicyStyle } from '../model.js'

/** An expression for a resource's attribute as `from` can name it: directly, or through the output of the module that declares it. */
export function referenceFrom(
  from: ModuleInstance,
  target: ResourceInstance,
  attribute: string
): string | undefined {
  if (target.module === from) return `${target.address}.${attribute}`
  const child = target.module
  if (child.parent !== from || !child.call) return undefined
  const wanted = `"${target.decl.type}"`
  for (const [name, output] of child.config.outputs) {
    const text = JSON.stringify(output.expr)
    if (
      text.includes(wanted) &&
      text.includes(`"${target.decl.name}"`) &&
      text.includes(`"${attribute}"`)
    )
      return `module.${child.call.name}.${name}`
  }
  return undefined
}

/** The role as the fix writes it. */
export function roleForFix(
  role: string,
  key: ResourceInstance,
  roleResource?: ResourceInstance
): string {
  const reference = roleResource && referenceFrom(key.module, roleResource, 'arn')
  if (reference) return `\${${reference}}`
  return role.replace(/\.arn$/, ' ARN')
}

/**
 * The requirement's kms:ViaService names the Region check assumes; the fix names EC2 in any
 * Region (what the configuration's provider Region is, check does not decide).
 */
export function anyRegion(statement: Statement): Statement {
  const condition = { ...((statement.Condition ?? {}) as Record<string, Record<string, unknown>>) }
  const equals = { ...(condition.StringEquals ?? {}) }
  if (!('kms:ViaService' in equals)) return statement
  delete equals['kms:ViaService']
  if (Object.keys(equals).length) condition.StringEquals = equals
  else delete condition.StringEquals
  return {
    ...statement,
    Condition: { StringLike: { 'kms:ViaService': 'ec2.*.amazonaws.com' }, ...condition }
  } as Statement
}

export function launcherKeyFix(style: PolicyStyle, missing: Statement[], role: string): string {
  const statements = missing.map(s => ({ ...anyRegion(s), Principal: { AWS: role } }))
  switch (style) {
    case 'policy-document':
      return [
        '# Add to the data "aws_iam_policy_document" of the key policy:',
        bareLocals(policyDocumentHcl(statements, true))
      ].join('\n')
    case 'heredoc':
    case 'file':
      return [
        '# Add to the Statement list of the key policy JSON:',
        JSON.stringify(statements, null, 2)
      ].join('\n')
    default:
      return [
        '# Add to the Statement list of the key policy (jsonencode):',
        bareLocals(statements.map(s => hclValue(s, '', true)).join(',\n'))
      ].join('\n')
  }
}

/** What the controller role's IAM policy must allow on this key (EBS through EC2 only, grants only for AWS resources). */
function iamStatements(missing: Statement[]): Statement[] {
  return missing.map(anyRegion).map(s => ({
    Sid: `${String(s.Sid)}Iam`,
    Effect: 'Allow',
    Action: s.Action,
    Resource: '*',
    Condition: s.Condition
  }))
}

function submoduleEntry(statement: Statement, key: string): Record<string, unknown> {
  const condition = Object.entries(statement.Condition ?? {}).flatMap(([test, block]) =>
    Object.entries(block as Record<string, unknown>).map(([variable, values]) => ({
      test,
      variable,
      values: (Array.isArray(values) ? values : [values]).map(String)
    }))
  )
  return { sid: statement.Sid, actions: statement.Action, resources: [key], condition }
}

/**
 * The IAM side of the fix for Karpenter's controller role: in the karpenter submodule's call when
 * the role is the submodule's, else an aws_iam_role_policy on the role.
 */
export function karpenterIamFix(
  missing: Statement[],
  key: ResourceInstance,
  roleResource?: ResourceInstance
): string | undefined {
  if (!roleResource) return undefined
  const keyArn = referenceFrom(key.module, key, 'arn') ?? 'the key ARN'
  const statements = iamStatements(missing)
  const module = roleResource.module
  if (module.call && module.parent && module.config.variables.has('iam_policy_statements'))
    return [
      `# Or let the controller role use the key through its IAM policy: in the call of module.${module.call.name}, add to iam_policy_statements:`,
      `iam_policy_statements = ${hclValue(
        statements.map(s => submoduleEntry(s, `\${${keyArn}}`)),
        '',
        true
      )}`
    ].join('\n')
  const roleName = referenceFrom(key.module, roleResource, 'name')
  if (!roleName) return undefined
  const policy = {
    Version: '2012-10-17',
    Statement: statements.map(s => ({ ...s, Resource: `\${${keyArn}}` }))
  }
  return [
    '# Or let the controller role use the key through its IAM policy:',
    `resource "aws_iam_role_policy" "karpenter_node_volume_key" {`,
    `  role   = ${roleName}`,
    `  policy = jsonencode(${hclValue(policy, '  ', true)})`,
    '}'
  ].join('\n')
}
