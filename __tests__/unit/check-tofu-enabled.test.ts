/**
 * OpenTofu's `enabled` meta-argument (OpenTofu 1.11: opentofu.org/docs/language/meta-arguments/enabled):
 * `lifecycle { enabled = false }` on a resource or module call means it is not created — no node
 * launches from a node group or launch template that is not enabled — and the resource evaluates
 * to null. Enabled, or not known here, it is checked like any other.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCheck } from '../../src/terraform/check.js'

const KEY = `resource "aws_kms_key" "ebs" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Root"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}
`

const NODES = (lifecycle: string) => `resource "aws_launch_template" "nodes" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted  = true
      kms_key_id = aws_kms_key.ebs.arn
    }
  }
}

resource "aws_eks_node_group" "nodes" {
  cluster_name = "c"
  launch_template {
    id      = aws_launch_template.nodes.id
    version = "$Latest"
  }
  ${lifecycle}
}
`

const VARIABLE = (value: string) =>
  `variable "create" {\n  type    = bool\n  default = ${value}\n}\n`

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

async function check(files: Record<string, string>) {
  dir = mkdtempSync(join(tmpdir(), 'check-enabled-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return runCheck({ paths: ['.'], cwd: dir })
}

describe('lifecycle { enabled } on the node group (OpenTofu 1.11)', () => {
  it('enabled = false: no node launches from it, so the key it would use fails nothing', async () => {
    const outcome = await check({
      'main.tofu': KEY + NODES('lifecycle {\n    enabled = var.create\n  }') + VARIABLE('false')
    })
    expect(outcome.language).toBe('OpenTofu')
    expect(outcome.result).toBe('success')
    expect(outcome.keys.flatMap(k => k.uses.map(u => u.consumer))).toEqual([])
  })

  it('enabled = true: the node group is checked by its own address, without an index', async () => {
    const outcome = await check({
      'main.tofu': KEY + NODES('lifecycle {\n    enabled = var.create\n  }') + VARIABLE('true')
    })
    expect(outcome.result).toBe('failure')
    expect(outcome.keys).toHaveLength(1)
    expect(outcome.keys[0].status).toBe('missing')
    expect(outcome.keys[0].uses.map(u => u.consumer)).toEqual(['aws_eks_node_group.nodes'])
  })

  it('enabled not known here: checked as if created, never skipped', async () => {
    const outcome = await check({
      'main.tofu':
        KEY +
        NODES('lifecycle {\n    enabled = var.create\n  }') +
        'variable "create" {\n  type = bool\n}\n'
    })
    expect(outcome.result).toBe('failure')
    expect(outcome.keys[0].uses.map(u => u.consumer)).toEqual(['aws_eks_node_group.nodes'])
  })
})

describe('lifecycle { enabled } on a module call', () => {
  it('a disabled call creates nothing, and its outputs are null for whoever reads them', async () => {
    const outcome = await check({
      'main.tofu': `module "nodes" {
  source = "./nodes"
  lifecycle {
    enabled = false
  }
}

output "template" {
  value = module.nodes
}
`,
      'nodes/main.tf': KEY + NODES('')
    })
    expect(outcome.errors).toEqual([])
    expect(outcome.result).toBe('success')
    expect(outcome.keys.flatMap(k => k.uses.map(u => u.consumer))).toEqual([])
  })

  it('an enabled call is checked, its resources named under the call', async () => {
    const outcome = await check({
      'main.tofu': `module "nodes" {
  source = "./nodes"
  lifecycle {
    enabled = true
  }
}
`,
      'nodes/main.tf': KEY + NODES('')
    })
    expect(outcome.result).toBe('failure')
    expect(outcome.keys[0].key).toBe('module.nodes.aws_kms_key.ebs')
    expect(outcome.keys[0].uses.map(u => u.consumer)).toEqual([
      'module.nodes.aws_eks_node_group.nodes'
    ])
  })
})
