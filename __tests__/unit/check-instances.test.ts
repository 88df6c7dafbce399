/**
 * Resources expanded by for_each and count: every instance is read and judged, and each is named
 * by its own address — a broken key that is the third of three is found, not only the first.
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
  const dir = mkdtempSync(join(tmpdir(), 'check-instances-'))
  dirs.push(dir)
  writeFileSync(join(dir, 'main.tf'), main)
  return runCheck({ paths: ['.'], cwd: dir })
}

const SLR =
  'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'

/** A key per team; `granted` says which teams' keys have the Auto Scaling statements. */
function perTeam(expansion: string, granted: string): string {
  return `
locals {
  teams   = ["alpha", "bravo", "charlie"]
  granted = ${granted}
}

resource "aws_kms_key" "team" {
  ${expansion}
  description = "node volumes"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid       = "Enable IAM User Permissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      }], contains(local.granted, TEAM) ? [
      {
        Sid       = "Use"
        Effect    = "Allow"
        Principal = { AWS = "${SLR}" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
      },
      {
        Sid       = "Grants"
        Effect    = "Allow"
        Principal = { AWS = "${SLR}" }
        Action    = "kms:CreateGrant"
        Resource  = "*"
        Condition = { Bool = { "kms:GrantIsForAWSResource" = true } }
      }] : [])
  })
}

resource "aws_launch_template" "team" {
  ${expansion}
  name_prefix = "nodes-"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted  = true
      kms_key_id = aws_kms_key.team[INDEX].arn
    }
  }
}

resource "aws_eks_node_group" "team" {
  ${expansion}
  cluster_name    = "prod"
  node_group_name = "nodes-\${TEAM}"
  node_role_arn   = "arn:aws:iam::111122223333:role/eks-node"
  subnet_ids      = ["subnet-0a"]
  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 1
  }
  launch_template {
    id      = aws_launch_template.team[INDEX].id
    version = aws_launch_template.team[INDEX].latest_version
  }
}
`
}

const forEach = (granted: string) =>
  perTeam('for_each = toset(local.teams)', granted)
    .replaceAll('TEAM', 'each.key')
    .replaceAll('[INDEX]', '[each.key]')
const counted = (granted: string) =>
  perTeam('count = length(local.teams)', granted)
    .replaceAll('TEAM', 'local.teams[count.index]')
    .replaceAll('[INDEX]', '[count.index]')

describe('for_each: every instance is checked and named by its address', () => {
  it('the broken key is the last of three: it fails, named aws_kms_key.team["charlie"]', async () => {
    const outcome = await check(forEach('["alpha", "bravo"]'))
    expect(outcome.result).toBe('failure')
    const byAddress = Object.fromEntries(outcome.keys.map(k => [k.key, k.status]))
    expect(byAddress).toEqual({
      'aws_kms_key.team["alpha"]': 'granted',
      'aws_kms_key.team["bravo"]': 'granted',
      'aws_kms_key.team["charlie"]': 'missing'
    })
  })

  it('only the middle one is broken: that one, and no other, is missing', async () => {
    const outcome = await check(forEach('["alpha", "charlie"]'))
    expect(outcome.keys.filter(k => k.status === 'missing').map(k => k.key)).toEqual([
      'aws_kms_key.team["bravo"]'
    ])
  })

  it('all three granted: success with three keys checked', async () => {
    const outcome = await check(forEach('["alpha", "bravo", "charlie"]'))
    expect(outcome.result).toBe('success')
    expect(outcome.keys).toHaveLength(3)
  })
})

describe('count: every index is checked and named by its address', () => {
  it('the broken key is index 2 of 3', async () => {
    const outcome = await check(counted('["alpha", "bravo"]'))
    expect(outcome.result).toBe('failure')
    expect(outcome.keys.map(k => [k.key, k.status])).toEqual([
      ['aws_kms_key.team[0]', 'granted'],
      ['aws_kms_key.team[1]', 'granted'],
      ['aws_kms_key.team[2]', 'missing']
    ])
  })
})
