/**
 * kms:ReEncrypt* is asked of a key only when a volume's source snapshot is encrypted under a
 * different key (an encrypted golden AMI). A policy granting the Auto Scaling role everything but
 * ReEncrypt* is a warning naming that condition; an error only when the configuration shows the
 * AMI's snapshots are under another key.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCheck } from '../../src/terraform/check.js'
import { annotations } from '../../src/check/report/findings.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

async function check(main: string) {
  const dir = mkdtempSync(join(tmpdir(), 'check-reencrypt-'))
  dirs.push(dir)
  writeFileSync(join(dir, 'main.tf'), main)
  return runCheck({ paths: ['.'], cwd: dir })
}

const SLR =
  'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'

function config(actions: string, image = '"ami-0abc"', extra = ''): string {
  return `
resource "aws_kms_key" "nodes" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Use", Effect = "Allow", Principal = { AWS = "${SLR}" }, Action = ${actions}, Resource = "*" },
      { Effect = "Allow", Principal = { AWS = "${SLR}" }, Action = "kms:CreateGrant", Resource = "*", Condition = { Bool = { "kms:GrantIsForAWSResource" = true } } }
    ]
  })
}
${extra}
resource "aws_launch_template" "nodes" {
  image_id = ${image}
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
  launch_template {
    id = aws_launch_template.nodes.id
  }
}
`
}

const WITHOUT = '["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]'
const WITH =
  '["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]'

describe('everything but kms:ReEncrypt*', () => {
  it('is a warning that names the condition, not a failure', async () => {
    const outcome = await check(config(WITHOUT))
    const [key] = outcome.keys
    expect(key.status).toBe('unknown')
    expect(key.message).toContain('everything but kms:ReEncrypt*')
    expect(key.message).toContain(
      "EBS calls ReEncrypt* only when a volume's source snapshot is encrypted under a different key"
    )
    expect(key.fix).toContain('kms:ReEncrypt*')
    expect(outcome.result).toBe('success')
    expect(annotations(outcome).filter(a => a.level === 'error')).toEqual([])
  })

  it('the guide’s statement with ReEncrypt* is granted', async () => {
    const outcome = await check(config(WITH))
    expect(outcome.keys[0].status).toBe('granted')
  })

  it('is an error when the launch template’s AMI is a copy encrypted under another key', async () => {
    const outcome = await check(
      config(
        WITHOUT,
        'aws_ami_copy.golden.id',
        `
resource "aws_kms_key" "images" {}

resource "aws_ami_copy" "golden" {
  name              = "golden"
  source_ami_id     = "ami-0abc"
  source_ami_region = "us-east-1"
  encrypted         = true
  kms_key_id        = aws_kms_key.images.arn
}
`
      )
    )
    const key = outcome.keys.find(k => k.key === 'aws_kms_key.nodes')!
    expect(key.status).toBe('missing')
    expect(key.message).toContain(
      'aws_launch_template.nodes launches from aws_ami_copy.golden, whose snapshots are encrypted under another key'
    )
    expect(outcome.result).toBe('failure')
  })

  it('an AMI copy encrypted under this same key needs no ReEncrypt*: still the warning', async () => {
    const outcome = await check(
      config(
        WITHOUT,
        'aws_ami_copy.golden.id',
        `
resource "aws_ami_copy" "golden" {
  name              = "golden"
  source_ami_id     = "ami-0abc"
  source_ami_region = "us-east-1"
  encrypted         = true
  kms_key_id        = aws_kms_key.nodes.arn
}
`
      )
    )
    expect(outcome.keys.find(k => k.key === 'aws_kms_key.nodes')?.status).toBe('unknown')
  })
})
