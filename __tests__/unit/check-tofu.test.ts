/**
 * OpenTofu's files: .tofu and .tofu.json are read, and a .tofu file shadows the .tf file of the
 * same name in the same folder, override files included (opentofu.org/docs/language/files,
 * "Extension Precedence"; .../files/override). check says which language it read.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runCheck } from '../../src/terraform/check.js'
import { checkDiagnosis } from '../../src/check/report/findings.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

async function check(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'check-tofu-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return runCheck({ paths: ['.'], cwd: dir })
}

const SLR =
  'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'

const ROLE_STATEMENTS = `,
      { Effect = "Allow", Principal = { AWS = "${SLR}" }, Action = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource = "*" },
      { Effect = "Allow", Principal = { AWS = "${SLR}" }, Action = "kms:CreateGrant", Resource = "*", Condition = { Bool = { "kms:GrantIsForAWSResource" = true } } }`

/** The key, fixed (the role's statements) or broken (root only). */
function key(fixed: boolean): string {
  return `
resource "aws_kms_key" "nodes" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }${fixed ? ROLE_STATEMENTS : ''}
    ]
  })
}
`
}

const NODES = `
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
  launch_template {
    id = aws_launch_template.nodes.id
  }
}
`

describe('OpenTofu files', () => {
  it('a broken main.tofu beside a fixed main.tf: OpenTofu applies main.tofu, so the check fails', async () => {
    const outcome = await check({
      'main.tf': key(true),
      'main.tofu': key(false),
      'nodes.tf': NODES
    })
    expect(outcome.keys.map(k => k.status)).toEqual(['missing'])
    expect(outcome.keys[0].file).toBe('main.tofu')
    expect(outcome.language).toBe('OpenTofu')
    expect(outcome.result).toBe('failure')
  })

  it('a fixed main.tofu beside a broken main.tf passes', async () => {
    const outcome = await check({
      'main.tf': key(false),
      'main.tofu': key(true),
      'nodes.tf': NODES
    })
    expect(outcome.keys.map(k => k.status)).toEqual(['granted'])
    expect(outcome.result).toBe('success')
    expect(checkDiagnosis(outcome).openQuestions.join(' ')).toContain('Read as OpenTofu')
  })

  it('a folder with only .tofu files is read', async () => {
    const outcome = await check({ 'main.tofu': key(false), 'nodes.tofu': NODES })
    expect(outcome.inputError).toBeUndefined()
    expect(outcome.filesRead).toBe(2)
    expect(outcome.keys.map(k => k.status)).toEqual(['missing'])
  })

  it('.tofu.json is read, and shadows the .tf.json of the same name', async () => {
    const json = (fixed: boolean) =>
      JSON.stringify({
        resource: {
          aws_kms_key: {
            nodes: {
              policy: JSON.stringify({
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { AWS: 'arn:aws:iam::111122223333:root' },
                    Action: 'kms:*',
                    Resource: '*'
                  },
                  ...(fixed
                    ? [
                        {
                          Effect: 'Allow',
                          Principal: { AWS: SLR },
                          Action: [
                            'kms:Encrypt',
                            'kms:Decrypt',
                            'kms:ReEncrypt*',
                            'kms:GenerateDataKey*',
                            'kms:DescribeKey'
                          ],
                          Resource: '*'
                        },
                        {
                          Effect: 'Allow',
                          Principal: { AWS: SLR },
                          Action: 'kms:CreateGrant',
                          Resource: '*',
                          Condition: { Bool: { 'kms:GrantIsForAWSResource': true } }
                        }
                      ]
                    : [])
                ]
              })
            }
          }
        }
      })
    const outcome = await check({
      'key.tf.json': json(true),
      'key.tofu.json': json(false),
      'nodes.tf': NODES
    })
    expect(outcome.keys.map(k => [k.status, k.file])).toEqual([['missing', 'key.tofu.json']])
  })

  it('an override .tofu shadows the override .tf of the same name', async () => {
    const outcome = await check({
      'main.tf': key(true),
      'main_override.tf': key(true),
      'main_override.tofu': key(false),
      'nodes.tf': NODES
    })
    expect(outcome.keys.map(k => k.status)).toEqual(['missing'])
  })

  it('a foo.tf and a foo.tofu.json both load (shadowing is per extension pair)', async () => {
    const outcome = await check({
      'nodes.tf': NODES,
      'nodes.tofu.json': JSON.stringify({ locals: { unrelated: 1 } }),
      'main.tf': key(false)
    })
    expect(outcome.keys.map(k => k.status)).toEqual(['missing'])
  })

  it('a configuration without .tofu files is read as Terraform reads it', async () => {
    const outcome = await check({ 'main.tf': key(true), 'nodes.tf': NODES })
    expect(outcome.language).toBe('Terraform')
  })
})
