/**
 * OpenTofu 1.8's early evaluation (opentofu.org/docs/v1.8/intro/whats-new/): a module `source` may
 * be written with variables and locals — from defaults, terraform.tfvars or var-files, never from
 * resources or module outputs. check reads the module it names; a source it cannot evaluate is
 * said at the call, and the module is a "cannot tell" (keys-cannot-tell), as any module whose
 * source is not here — never a silent pass.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runCheck } from '../../src/terraform/check.js'

/** A key the Auto Scaling role may not use, and a node group launching with it. */
const NODES = `resource "aws_kms_key" "ebs" {
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

resource "aws_launch_template" "nodes" {
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
}
`

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

async function check(files: Record<string, string>, varFiles?: string[], paths = ['.']) {
  dir = mkdtempSync(join(tmpdir(), 'check-early-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return runCheck({ paths, cwd: dir, varFiles })
}

describe('a module source written with variables and locals', () => {
  it('a variable’s default, through a local: the module is read and its key judged', async () => {
    const outcome = await check({
      'main.tofu': `variable "flavour" {\n  default = "nodes"\n}\n\nlocals {\n  source = "./modules/\${var.flavour}"\n}\n\nmodule "workers" {\n  source = local.source\n}\n`,
      'modules/nodes/main.tf': NODES
    })
    expect(outcome.language).toBe('OpenTofu')
    expect(outcome.result).toBe('failure')
    expect(outcome.keys.map(k => [k.key, k.status])).toEqual([
      ['module.workers.aws_kms_key.ebs', 'missing']
    ])
  })

  it('terraform.tfvars and var-files win over the default, as tofu init reads them', async () => {
    const files = {
      'main.tofu': `variable "flavour" {\n  default = "none"\n}\n\nmodule "workers" {\n  source = "./modules/\${var.flavour}"\n}\n`,
      'terraform.tfvars': 'flavour = "absent"\n',
      'prod.tfvars': 'flavour = "nodes"\n',
      'modules/nodes/main.tf': NODES
    }
    const outcome = await check(files, ['prod.tfvars'])
    expect(outcome.keys.map(k => k.key)).toEqual(['module.workers.aws_kms_key.ebs'])
    expect(outcome.result).toBe('failure')
  })

  it('below the root: a child passes the source of its own child as an input', async () => {
    const outcome = await check({
      'main.tofu': `module "platform" {\n  source = "./platform"\n  inner  = "./nodes"\n}\n`,
      'platform/main.tofu': `variable "inner" {}\n\nmodule "workers" {\n  source = var.inner\n}\n`,
      'platform/nodes/main.tf': NODES
    })
    expect(outcome.keys.map(k => k.key)).toEqual(['module.platform.module.workers.aws_kms_key.ebs'])
  })

  it('a source from a resource (not early-evaluable): said at the call, and the module a cannot-tell', async () => {
    const outcome = await check(
      {
        'main.tofu': `resource "random_pet" "p" {}\n\nmodule "workers" {\n  source = "./modules/\${random_pet.p.id}"\n}\n`,
        'modules/nodes/main.tf': NODES
      },
      undefined,
      ['main.tofu']
    )
    expect(outcome.problems).toContainEqual(
      expect.objectContaining({
        path: 'main.tofu',
        line: 3,
        message: expect.stringMatching(
          /source of module\.workers is an expression check could not evaluate/
        )
      })
    )
    expect(outcome.keys.map(k => [k.key, k.status])).toEqual([['module.workers', 'unknown']])
  })
})
