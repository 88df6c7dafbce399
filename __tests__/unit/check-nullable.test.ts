/**
 * An explicit null given to a module input stays null unless the variable says
 * `nullable = false` (developer.hashicorp.com/terraform/language/values/variables, "Disallowing
 * null input values"): check must judge the key the configuration actually uses.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runCheck } from '../../src/terraform/check.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

async function check(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'check-nullable-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return runCheck({ paths: ['.'], cwd: dir })
}

/** A module whose launch template encrypts with its input key, or the account's default key when null. */
function nodesModule(nullable: string): string {
  return `
variable "kms_key_id" {
  default = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555"
${nullable}
}

resource "aws_launch_template" "nodes" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted  = true
      kms_key_id = var.kms_key_id
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

const ROOT = `
module "nodes" {
  source     = "./modules/nodes"
  kms_key_id = null
}
`

describe('an explicit null passed to a module input', () => {
  it('stays null (nullable defaults to true): the default key is not the one used', async () => {
    const outcome = await check({ 'main.tf': ROOT, 'modules/nodes/main.tf': nodesModule('') })
    expect(outcome.keys.map(k => k.key)).not.toContain(
      'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555'
    )
  })

  it('takes the default when the variable says nullable = false', async () => {
    const outcome = await check({
      'main.tf': ROOT,
      'modules/nodes/main.tf': nodesModule('  nullable = false')
    })
    expect(outcome.keys.map(k => [k.key, k.status])).toEqual([
      ['arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555', 'outside']
    ])
  })
})
