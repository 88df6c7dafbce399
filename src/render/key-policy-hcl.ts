/**
 * Key policy statements as Terraform: the blocks of a data "aws_iam_policy_document", and the
 * whole snippet a diagnosis shows. Pure; shared by verify's diagnosis and check's fixes.
 */
import type { Statement } from '../model/index.js'
import { bareLocals, hclValue } from './hcl.js'

export function policyDocumentHcl(statements: Statement[], interpolate = false): string {
  return statements
    .map(s => {
      const principal = s.Principal as { AWS: string }
      const actions = Array.isArray(s.Action) ? s.Action : [s.Action]
      const lines = [
        '  statement {',
        `    sid       = ${hclValue(s.Sid, '', interpolate)}`,
        `    effect    = "Allow"`,
        `    actions   = ${hclValue(actions, '    ', interpolate)}`,
        `    resources = ["*"]`,
        '    principals {',
        '      type        = "AWS"',
        `      identifiers = ${hclValue([principal.AWS], '', interpolate)}`,
        '    }'
      ]
      if (s.Condition)
        lines.push(
          '    condition {',
          '      test     = "Bool"',
          '      variable = "kms:GrantIsForAWSResource"',
          '      values   = ["true"]',
          '    }'
        )
      lines.push('  }')
      return lines.join('\n')
    })
    .join('\n')
}

/** A long string as a join of its path parts, each line within a report's code block. */
function splitArn(arn: string, indent: string): string {
  const name = arn.split('/').pop() ?? ''
  const cut = arn.lastIndexOf('/', arn.length - name.length - 2)
  if (arn.length <= 60 || cut <= 0) return hclValue(arn)
  return `join("/", [\n${indent}  ${hclValue(arn.slice(0, cut))},\n${indent}  ${hclValue(arn.slice(cut + 1))},\n${indent}])`
}

/** The local naming a principal: the Auto Scaling role's, else numbered. */
function localName(arn: string, index: number): string {
  return /:role\/aws-service-role\/autoscaling\.amazonaws\.com\//.test(arn)
    ? 'autoscaling_role_arn'
    : `eks_kms_guard_principal_${index + 1}`
}

/**
 * The statements as Terraform, in both styles a key policy is usually written in; the whole
 * snippet is a valid HCL file (a locals block for jsonencode, a policy document for the other).
 * Each principal's ARN is written once, in a local both styles refer to: an ARN is wider than a
 * report's code block, and one place to change is easier to review.
 */
export function keyPolicyTerraform(statements: Statement[]): string {
  const arns = [...new Set(statements.map(s => (s.Principal as { AWS: string }).AWS))]
  const names = new Map(arns.map((arn, i) => [arn, localName(arn, i)]))
  const referring = statements.map(s => ({
    ...s,
    Principal: { AWS: `\${local.${names.get((s.Principal as { AWS: string }).AWS)}}` }
  }))
  return [
    '# The principals the statements name:',
    'locals {',
    ...arns.map(arn => `  ${names.get(arn)} = ${splitArn(arn, '  ')}`),
    '}',
    '',
    '# On the aws_kms_key (or aws_kms_key_policy), with policy = jsonencode({',
    '#   Version   = "2012-10-17",',
    '#   Statement = concat([ <your statements> ], local.eks_kms_guard_statements) }):',
    'locals {',
    `  eks_kms_guard_statements = ${bareLocals(hclValue(referring, '  ', true))}`,
    '}',
    '',
    '# Or, when the key policy comes from data "aws_iam_policy_document",',
    '# add these blocks to it:',
    'data "aws_iam_policy_document" "ebs_key" {',
    bareLocals(policyDocumentHcl(referring, true)),
    '}'
  ].join('\n')
}
