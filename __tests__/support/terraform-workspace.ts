/**
 * Small Terraform configurations for check's tests: a KMS key whose policy grants the Auto Scaling
 * service-linked role when an expression says so, and a launch template and node group that use a
 * key reference. Each configuration is written into its own temporary folder and checked as the
 * action checks a workspace.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCheck } from '../../src/terraform/check.js'
import type { CheckOutcome, KeyCheck } from '../../src/terraform/check.js'

export const SLR =
  'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'

/** The policy: root access, plus the role's statements when `grant` is true. */
export function policy(grant: string): string {
  return `jsonencode({
    Version = "2012-10-17"
    Statement = concat([{
      Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*"
    }], ${grant} ? [{
      Sid = "Use", Effect = "Allow", Principal = { AWS = "${SLR}" }
      Action = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource = "*"
    }, {
      Sid = "Grants", Effect = "Allow", Principal = { AWS = "${SLR}" }, Action = "kms:CreateGrant", Resource = "*"
      Condition = { Bool = { "kms:GrantIsForAWSResource" = true } }
    }] : [])
  })`
}

/** `resource "aws_kms_key" "<name>"` with its meta-arguments on line 2; its policy starts on line 3. */
export function key(meta: string, grant = 'true', name = 'team'): string {
  return `resource "aws_kms_key" "${name}" {\n  ${meta}\n  policy = ${policy(grant)}\n}\n`
}

/**
 * A launch template whose root volume uses `ref`, and a node group launching from it; `meta`
 * (count or for_each) expands both, the group using the template of its own instance.
 */
export function nodes(ref: string, meta = ''): string {
  const own = meta.includes('for_each')
    ? '[each.key]'
    : meta.includes('count')
      ? '[count.index]'
      : ''
  return `resource "aws_launch_template" "nodes" {
  ${meta}
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted  = true
      kms_key_id = ${ref}
    }
  }
}
resource "aws_eks_node_group" "nodes" {
  ${meta}
  cluster_name = "c"
  launch_template {
    id      = aws_launch_template.nodes${own}.id
    version = "$Latest"
  }
}
`
}

/** The line of `text` (1-based) on which `needle` first appears. */
export function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle)
  if (at < 0) throw new Error(`${needle} is not in the configuration`)
  return text.slice(0, at).split('\n').length
}

const dirs: string[] = []

export function removeFolders(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** Writes the files (main.tf and any others) into a new folder and checks it. */
export async function check(files: string | Record<string, string>): Promise<CheckOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'check-workspace-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(
    typeof files === 'string' ? { 'main.tf': files } : files
  )) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return runCheck({ paths: ['.'], cwd: dir })
}

/** Each key's address and status, in the order check reports them. */
export function statuses(outcome: CheckOutcome): [string, string][] {
  return outcome.keys.map(k => [k.key, k.status])
}

/** The one key check reports, failing the test when there is not exactly one. */
export function only(outcome: CheckOutcome): KeyCheck {
  if (outcome.keys.length !== 1)
    throw new Error(`expected one key, got ${JSON.stringify(statuses(outcome))}`)
  return outcome.keys[0]
}
