/**
 * Key policy statements as Terraform: the blocks of a data "aws_iam_policy_document", and the
 * whole snippet a diagnosis shows. Pure; shared by verify's diagnosis and check's fixes.
 */
import type { Statement } from '../model/index.js'
import { hclValue } from './hcl.js'

export function policyDocumentHcl(statements: Statement[], interpolate = false): string {
  return statements
    .map(s => {
      const principal = s.Principal as { AWS: string }
      const actions = Array.isArray(s.Action) ? s.Action : [s.Action]
      const lines = [
        '  statement {',
        `    sid       = ${hclValue(s.Sid, '', interpolate)}`,
        `    effect    = "Allow"`,
        `    actions   = ${hclValue(actions, '', interpolate)}`,
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

/**
 * The statements as Terraform, in both styles a key policy is usually written in; the whole
 * snippet is a valid HCL file (a locals block for jsonencode, a policy document for the other).
 */
export function keyPolicyTerraform(statements: Statement[]): string {
  return [
    '# With policy = jsonencode({ Version = "2012-10-17", Statement = concat([ <your statements> ],',
    '#   local.eks_kms_guard_statements) }) on the aws_kms_key (or aws_kms_key_policy):',
    'locals {',
    `  eks_kms_guard_statements = ${hclValue(statements, '  ')}`,
    '}',
    '',
    '# Or, when the key policy comes from data "aws_iam_policy_document", add these blocks to it:',
    'data "aws_iam_policy_document" "ebs_key" {',
    policyDocumentHcl(statements),
    '}'
  ].join('\n')
}
