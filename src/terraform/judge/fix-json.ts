/**
 * The fix for a key policy written in a `.tf.json` file, in Terraform's JSON syntax (HCL would
 * not paste there): the statements as JSON, a policy document's `statement` blocks as JSON
 * objects, declarations as `"data"` objects. A generated file (CDKTF's cdk.tf.json) is fixed in
 * its source, where the same structure is written.
 */
import type { Statement } from '../../model/index.js'
import type { PolicyStyle } from '../model.js'

const json = (value: unknown) => JSON.stringify(value, null, 2)

/** `data "aws_partition" "current" {}` → `{ "data": { "aws_partition": { "current": {} } } }`. */
function declarationsJson(declarations: string[]): string {
  const data: Record<string, Record<string, object>> = {}
  for (const text of declarations) {
    const [, type, name] = /^data "([^"]+)" "([^"]+)"/.exec(text) ?? []
    if (type) data[type] = { ...data[type], [name]: {} }
  }
  return json({ data })
}

/** A statement as the JSON form of an aws_iam_policy_document `statement` block. */
function documentStatement(s: Statement): Record<string, unknown> {
  const principal = s.Principal as { AWS: string }
  const block: Record<string, unknown> = {
    sid: s.Sid,
    effect: 'Allow',
    actions: Array.isArray(s.Action) ? s.Action : [s.Action],
    resources: ['*'],
    principals: [{ type: 'AWS', identifiers: [principal.AWS] }]
  }
  if (s.Condition)
    block.condition = [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }]
  return block
}

export function fixForJson(
  style: PolicyStyle,
  statements: Statement[],
  declarations: string[],
  where: string,
  role: string
): string {
  const prelude = declarations.length
    ? [
        `# In ${where}, declare what the statements name (merge into the file's "data"):`,
        declarationsJson(declarations),
        ''
      ]
    : []
  switch (style) {
    case 'policy-document':
      return [
        ...prelude,
        '# Add to the "statement" list of the data "aws_iam_policy_document" of the key policy:',
        json(statements.map(documentStatement))
      ].join('\n')
    case 'kms-module':
      return [
        ...prelude,
        '# In the call of the KMS module that creates this key:',
        `"key_service_roles_for_autoscaling": ${JSON.stringify([role])}`
      ].join('\n')
    case 'none':
      return [
        ...prelude,
        '# The key has no policy, so it gets the default one (root only). Set one that keeps the root',
        '# statement and adds the Auto Scaling service-linked role:',
        `"policy": ${JSON.stringify(
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'EnableIAMUserPermissions',
                Effect: 'Allow',
                Principal: { AWS: role.replace(/:role\/.*$/, ':root') },
                Action: 'kms:*',
                Resource: '*'
              },
              ...statements
            ]
          })
        )}`
      ].join('\n')
    default:
      return [...prelude, '# Add to the Statement list of the key policy:', json(statements)].join(
        '\n'
      )
  }
}
