/**
 * An aws_kms_grant is judged like a key policy statement naming its grantee: the same account
 * rules (a literal account id, a variable's default, data.aws_caller_identity, a custom-suffix
 * role), its operations as the statement's actions, and its constraints as conditions on the
 * encryption context EBS sends — which cannot be told before a launch.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCheck } from '../../src/terraform/check.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

async function check(main: string) {
  const dir = mkdtempSync(join(tmpdir(), 'check-grants-'))
  dirs.push(dir)
  writeFileSync(join(dir, 'main.tf'), main)
  return runCheck({ paths: ['.'], cwd: dir })
}

const ROLE_PATH = 'role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
const ALL = `["Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "DescribeKey", "CreateGrant"]`

/** A key whose policy lets only the account root in, a grant, and a group launching with it. */
function config(
  grantee: string,
  options: { root?: string; operations?: string; extra?: string; role?: string } = {}
) {
  return `
variable "account_id" {
  default = "111122223333"
}
data "aws_caller_identity" "current" {}

resource "aws_kms_key" "nodes" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "${options.root ?? 'arn:aws:iam::111122223333:root'}" }, Action = "kms:*", Resource = "*" }]
  })
}

resource "aws_kms_grant" "asg" {
  name              = "asg"
  key_id            = aws_kms_key.nodes.key_id
  grantee_principal = "${grantee}"
  operations        = ${options.operations ?? ALL}
${options.extra ?? ''}
}

resource "aws_launch_template" "nodes" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted  = true
      kms_key_id = aws_kms_key.nodes.arn
    }
  }
}

resource "aws_autoscaling_group" "nodes" {
  max_size = 1
  min_size = 1
${options.role ? `  service_linked_role_arn = "${options.role}"\n` : ''}  launch_template {
    id = aws_launch_template.nodes.id
  }
}
`
}

describe('a grant naming the service-linked role is counted under the policy’s account rules', () => {
  it.each([
    ['a literal account id', `arn:aws:iam::111122223333:${ROLE_PATH}`],
    ['a variable with a default', `arn:aws:iam::\${var.account_id}:${ROLE_PATH}`],
    [
      'data.aws_caller_identity',
      `arn:aws:iam::\${data.aws_caller_identity.current.account_id}:${ROLE_PATH}`
    ]
  ])('%s: granted, decided by the grant', async (_how, grantee) => {
    const outcome = await check(config(grantee))
    const [key] = outcome.keys
    expect(key.status).toBe('granted')
    expect(key.decidedBy).toEqual([
      expect.objectContaining({ kind: 'grant', name: 'aws_kms_grant.asg', file: 'main.tf' })
    ])
    expect(outcome.result).toBe('success')
  })

  it('a grant and a policy statement naming the same grantee get the same verdict', async () => {
    const slr = `arn:aws:iam::111122223333:${ROLE_PATH}`
    const root = 'arn:aws:iam::${data.aws_caller_identity.current.account_id}:root'
    const byGrant = await check(config(slr, { root }))
    const byStatement = await check(
      config('arn:aws:iam::444455556666:role/unrelated', { root }).replace(
        'Action = "kms:*", Resource = "*" }]',
        `Action = "kms:*", Resource = "*" }, { Effect = "Allow", Principal = { AWS = "${slr}" }, Action = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"], Resource = "*" }]`
      )
    )
    expect(byGrant.keys[0].status).toBe(byStatement.keys[0].status)
  })

  it('a custom-suffix role the group names', async () => {
    const role = `arn:aws:iam::111122223333:${ROLE_PATH}_nodes`
    const outcome = await check(config(role, { role }))
    expect(outcome.keys[0].status).toBe('granted')
    // The default role is not the group's: the same grant does not cover a group on the default role.
    const other = await check(config(role))
    expect(other.keys[0].status).toBe('missing')
  })

  it('the role of another account is not this account’s: missing', async () => {
    const outcome = await check(config(`arn:aws:iam::444455556666:${ROLE_PATH}`))
    expect(outcome.keys[0].status).toBe('missing')
    expect(outcome.result).toBe('failure')
  })
})

describe('a grant’s operations and constraints', () => {
  it('without CreateGrant: the grants requirement is missing, the use one is decided by the grant', async () => {
    const outcome = await check(
      config(`arn:aws:iam::\${var.account_id}:${ROLE_PATH}`, {
        operations: `["Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "DescribeKey"]`
      })
    )
    const [key] = outcome.keys
    expect(key.status).toBe('missing')
    expect(key.message).toContain(
      'kms:CreateGrant (with kms:GrantIsForAWSResource), and no aws_kms_grant gives it that'
    )
    expect(key.decidedBy.map(d => d.name)).toEqual(['aws_kms_grant.asg'])
  })

  it('an encryption-context constraint: cannot tell (EBS’s context is the volume’s, not known before a launch)', async () => {
    const outcome = await check(
      config(`arn:aws:iam::111122223333:${ROLE_PATH}`, {
        extra: `  constraints {\n    encryption_context_equals = { Department = "Finance" }\n  }`
      })
    )
    const [key] = outcome.keys
    expect(key.status).toBe('unknown')
    expect(outcome.result).toBe('success')
  })
})
