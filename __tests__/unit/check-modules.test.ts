/**
 * Local module calls expanded as Terraform expands them — count, for_each over a map or a set,
 * for_each that is unknown — and their outputs reached as `module.x[0]`, `module.x["a"]`; plus
 * the names a configuration can use (path, terraform, data) and those it cannot.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runCheck } from '../../src/terraform/check.js'

const DIRS: string[] = []
afterAll(() => {
  for (const dir of DIRS) rmSync(dir, { recursive: true, force: true })
})

async function check(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'check-modules-'))
  DIRS.push(dir)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return runCheck({ paths: ['.'], cwd: dir })
}

/** A key module whose policy lacks the Auto Scaling statements: every key it makes is missing. */
const KMS_MODULE = {
  'kms/main.tf': `variable "name" {
  type    = string
  default = "ebs"
}
resource "aws_kms_key" "this" {
  description = var.name
  policy = jsonencode({
    Statement = [{
      Sid       = "Root"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}
output "key_arn" {
  value = aws_kms_key.this.arn
}
`
}

const nodes = (kmsKeyId: string) => `
resource "aws_launch_template" "nodes" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted  = true
      kms_key_id = ${kmsKeyId}
    }
  }
}
resource "aws_eks_node_group" "workers" {
  cluster_name  = "prod"
  node_role_arn = "arn:aws:iam::111122223333:role/node"
  subnet_ids    = ["subnet-1"]
  launch_template {
    id      = aws_launch_template.nodes.id
    version = "$Latest"
  }
  scaling_config {
    desired_size = 1
    max_size     = 1
    min_size     = 1
  }
}
`

describe('module calls expanded as Terraform expands them', () => {
  it.each<[string, string, string, string]>([
    ['count', 'count = 2', 'module.kms[1].key_arn', 'module.kms[1].aws_kms_key.this'],
    [
      'for_each over a map',
      'for_each = { blue = "b", green = "g" }\n  name = each.value',
      'module.kms["green"].key_arn',
      'module.kms["green"].aws_kms_key.this'
    ],
    [
      'for_each over a set',
      'for_each = toset(["a"])\n  name = each.key',
      'module.kms["a"].key_arn',
      'module.kms["a"].aws_kms_key.this'
    ],
    ['no count or for_each', '', 'module.kms.key_arn', 'module.kms.aws_kms_key.this']
  ])('%s: the output of the instance named is its key', async (_how, meta, reference, address) => {
    const { keys } = await check({
      ...KMS_MODULE,
      'main.tf': `module "kms" {
  source = "./kms"
  ${meta}
}
${nodes(reference)}`
    })
    expect(keys.map(k => [k.key, k.status])).toEqual([[address, 'missing']])
    expect(keys[0].uses[0].consumer).toBe('aws_eks_node_group.workers')
  })

  it('for_each that is unknown: one instance stands for all, and its key is still checked', async () => {
    const { keys } = await check({
      ...KMS_MODULE,
      'main.tf': `variable "names" { type = set(string) }
module "kms" {
  source   = "./kms"
  for_each = var.names
}
${nodes('module.kms["x"].key_arn')}`
    })
    expect(keys.map(k => [k.key, k.status])).toEqual([
      ['module.kms[?].aws_kms_key.this', 'missing']
    ])
  })
})

describe('names a configuration uses', () => {
  it.each<[string, string]>([
    ['count.index outside count', 'count.index'],
    ['each.key outside for_each', 'each.key'],
    ['a name that is declared nowhere', 'nowhere.arn'],
    ['a module that is not declared', 'module.none.key_arn']
  ])('%s is a cannot-tell that says what is wrong', async (_what, reference) => {
    const { keys, result } = await check({ 'main.tf': nodes(reference) })
    expect(result).toBe('success')
    expect(keys.map(k => k.status)).toEqual(['unknown'])
  })

  it('path.module and terraform.workspace are known: a key chosen by them is found', async () => {
    const { keys } = await check({
      ...KMS_MODULE,
      'main.tf': `module "kms" {
  source = "./kms"
  count  = terraform.workspace == "default" && path.module != "" ? 1 : 0
}
${nodes('module.kms[0].key_arn')}`
    })
    expect(keys.map(k => [k.key, k.status])).toEqual([
      ['module.kms[0].aws_kms_key.this', 'missing']
    ])
  })
})
