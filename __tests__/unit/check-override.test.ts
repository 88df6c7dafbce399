/**
 * Override files (`override.tf`, `*_override.tf`, and their `.tf.json` forms) merged as
 * https://developer.hashicorp.com/terraform/language/files/override ("Override Files") says:
 * loaded after the other files, one by one in lexical order; an argument replaces the argument
 * of that name; nested blocks replace all blocks of their type; locals merge by name.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runCheck } from '../../src/terraform/check.js'
import type { KeyCheck } from '../../src/terraform/model.js'

const DIRS: string[] = []
afterAll(() => {
  for (const dir of DIRS) rmSync(dir, { recursive: true, force: true })
})

async function check(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'check-override-'))
  DIRS.push(dir)
  // Who "this account" is: the Auto Scaling role is named through it, as a real policy does.
  const all = { 'identity.tf': 'data "aws_caller_identity" "current" {}\n', ...files }
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return runCheck({ paths: ['.'], cwd: dir })
}

const statuses = (keys: KeyCheck[]) => keys.map(k => [k.key, k.status]).sort()

const ROLE =
  'arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
const ROOT = `{ Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }`
const GRANTED = `${ROOT},
    { Sid = "Use", Effect = "Allow", Principal = { AWS = "${ROLE}" }, Action = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource = "*" },
    { Sid = "Grants", Effect = "Allow", Principal = { AWS = "${ROLE}" }, Action = "kms:CreateGrant", Resource = "*", Condition = { Bool = { "kms:GrantIsForAWSResource" = true } } }`

const key = (name: string, statements: string, extra = '') => `resource "aws_kms_key" "${name}" {
  description = "node volumes"
  ${extra}
  policy = jsonencode({ Version = "2012-10-17", Statement = [
    ${statements}
  ] })
}
`
const NODES = `resource "aws_launch_template" "nodes" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      kms_key_id = aws_kms_key.ebs.arn
    }
  }
}
resource "aws_eks_node_group" "workers" {
  launch_template {
    id = aws_launch_template.nodes.id
  }
}
`

describe('an override file replacing the key policy', () => {
  it('override.tf replaces the policy argument: the grant it adds counts, at its lines', async () => {
    const outcome = await check({
      'main.tf': `${key('ebs', ROOT)}${NODES}`,
      'override.tf': `resource "aws_kms_key" "ebs" {\n  policy = jsonencode({ Statement = [\n    ${GRANTED}\n  ] })\n}\n`
    })
    expect(outcome.problems).toEqual([])
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.ebs', 'granted']])
    expect(outcome.keys[0].decidedBy.map(d => [d.name, d.file, d.line])).toEqual([
      ['Use', 'override.tf', 4],
      ['Grants', 'override.tf', 5]
    ])
  })

  it('a keys_override.tf.json that takes the grant away: missing, at the override line', async () => {
    const override = JSON.stringify(
      {
        resource: {
          aws_kms_key: {
            ebs: {
              policy: JSON.stringify({
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { AWS: 'arn:aws:iam::111122223333:root' },
                    Action: 'kms:*',
                    Resource: '*'
                  }
                ]
              })
            }
          }
        }
      },
      null,
      2
    )
    const outcome = await check({
      'main.tf': `${key('ebs', GRANTED)}${NODES}`,
      'keys_override.tf.json': override
    })
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.ebs', 'missing']])
    expect(outcome.keys[0]).toMatchObject({ file: 'keys_override.tf.json', line: 5 })
  })

  it('the other arguments stay (description, count), and override files come after the others whatever their names', async () => {
    // "a_override.tf" sorts before "main.tf", and is still merged after it.
    const outcome = await check({
      'main.tf': `${key('ebs', GRANTED, 'count = 1')}${NODES.replace('aws_kms_key.ebs.arn', 'aws_kms_key.ebs[0].arn')}`,
      'a_override.tf': `resource "aws_kms_key" "ebs" {\n  policy = jsonencode({ Statement = [${ROOT}] })\n}\n`
    })
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.ebs[0]', 'missing']])
  })

  it('several override files: lexical order, the later one wins', async () => {
    const outcome = await check({
      'main.tf': `${key('ebs', ROOT)}${NODES}`,
      'a_override.tf': `resource "aws_kms_key" "ebs" {\n  policy = jsonencode({ Statement = [${ROOT}] })\n}\n`,
      'b_override.tf': `resource "aws_kms_key" "ebs" {\n  policy = jsonencode({ Statement = [\n    ${GRANTED}\n  ] })\n}\n`
    })
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.ebs', 'granted']])
  })
})

describe('nested blocks, locals, variables', () => {
  it('nested blocks of a type replace all of the original’s (a dynamic block of that type too), contents not merged', async () => {
    const outcome = await check({
      'main.tf': `${key('a', ROOT)}${key('b', GRANTED)}
variable "devices" {
  default = ["/dev/xvdb", "/dev/xvdc"]
}
resource "aws_launch_template" "nodes" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      kms_key_id = aws_kms_key.a.arn
    }
  }
  dynamic "block_device_mappings" {
    for_each = var.devices
    content {
      device_name = block_device_mappings.value
      ebs {
        kms_key_id = aws_kms_key.a.arn
      }
    }
  }
}
resource "aws_eks_node_group" "workers" {
  launch_template {
    id = aws_launch_template.nodes.id
  }
}
`,
      'override.tf': `resource "aws_launch_template" "nodes" {
  block_device_mappings {
    ebs {
      kms_key_id = aws_kms_key.b.arn
    }
  }
}
`
    })
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.b', 'granted']])
    // The override's block has no device_name: the original's is not merged into it.
    expect(outcome.keys[0].uses.map(u => u.via)).toEqual(['aws_launch_template.nodes (a device)'])
  })

  it('locals merge name by name; a variable’s default is replaced, its type kept', async () => {
    const outcome = await check({
      'main.tf': `${key('a', ROOT)}${key('b', GRANTED)}
variable "use_b" {
  type    = bool
  default = false
}
locals {
  key   = var.use_b ? aws_kms_key.b.arn : aws_kms_key.a.arn
  other = "kept"
}
resource "aws_launch_template" "nodes" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      kms_key_id = local.other == "kept" ? local.key : null
    }
  }
}
`,
      'override.tf.json': JSON.stringify({ variable: { use_b: { default: true } } })
    })
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.b', 'granted']])
    const local = await check({
      'main.tf': `${key('a', ROOT)}${key('b', GRANTED)}
locals {
  key   = aws_kms_key.a.arn
  other = "kept"
}
resource "aws_launch_template" "nodes" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      kms_key_id = local.other == "kept" ? local.key : null
    }
  }
}
`,
      'override.tf': 'locals {\n  key = aws_kms_key.b.arn\n}\n'
    })
    expect(statuses(local.keys)).toEqual([['aws_kms_key.b', 'granted']])
  })

  it('a module call: its inputs replaced by name, its source too; an output’s value replaced', async () => {
    const outcome = await check({
      'main.tf': `${key('a', ROOT)}${key('b', GRANTED)}
module "nodes" {
  source = "./old"
  key    = aws_kms_key.a.arn
  name   = "nodes"
}
`,
      'nodes/main.tf': `variable "key" {}
variable "name" {}
output "key" {
  value = var.name
}
${NODES.replace('aws_kms_key.ebs.arn', 'var.name == "nodes" ? var.key : null').split('resource "aws_eks_node_group"')[0]}`,
      'nodes_override.tf': `module "nodes" {
  source = "./nodes"
  key    = aws_kms_key.b.arn
}
`
    })
    expect(outcome.problems).toEqual([])
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.b', 'granted']])
    const output = await check({
      'main.tf': `${key('a', ROOT)}${key('b', GRANTED)}
module "keys" {
  source = "./keys"
}
${NODES.replace('aws_kms_key.ebs.arn', 'module.keys.arn')}`,
      'keys/main.tf': 'variable "arn" {}\noutput "arn" {\n  value = var.arn\n}\n',
      'keys/override.tf': 'output "arn" {\n  value = "alias/b"\n}\n',
      'alias.tf': `resource "aws_kms_alias" "b" {
  name          = "alias/b"
  target_key_id = aws_kms_key.b.key_id
}
`
    })
    expect(statuses(output.keys)).toEqual([['aws_kms_key.b', 'granted']])
  })

  it('an override of something never declared is a problem (Terraform: an error), the rest still checked', async () => {
    const outcome = await check({
      'main.tf': `${key('ebs', ROOT)}${NODES}`,
      'override.tf': `resource "aws_kms_key" "other" {\n  policy = "{}"\n}\n`
    })
    expect(outcome.problems).toEqual([
      {
        path: 'override.tf',
        line: 1,
        message:
          'there is no resource "aws_kms_key" "other" to override (the override file declares it)'
      }
    ])
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.ebs', 'missing']])
  })
})
