/**
 * check on configurations in Terraform's JSON syntax (`*.tf.json`), as CDKTF synthesises them
 * and as people generate them. Each rule is the one of
 * https://developer.hashicorp.com/terraform/language/syntax/json ("JSON Configuration Syntax");
 * the fixtures are written here.
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

async function check(files: Record<string, string | object>) {
  const dir = mkdtempSync(join(tmpdir(), 'check-tf-json-'))
  DIRS.push(dir)
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(
      join(dir, name),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2)
    )
  }
  return runCheck({ paths: ['.'], cwd: dir })
}

/** The 1-based line of the first line of `text` that contains `needle` (after `after`). */
function lineOf(text: string, needle: string, after = ''): number {
  const lines = text.split('\n')
  const start = after ? lines.findIndex(l => l.includes(after)) : 0
  const index = lines.findIndex((l, i) => i >= start && l.includes(needle))
  if (index < 0) throw new Error(`${needle} is not in the text`)
  return index + 1
}

const statuses = (keys: KeyCheck[]) => keys.map(k => [k.key, k.status]).sort()

// As CDKTF renders `${dataAwsCallerIdentity.accountId}` inside a TypeScript template string.
const ACCOUNT = '${data.aws_caller_identity.current.account_id}'
const ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`
const ROOT = {
  Sid: 'Root',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*'
}
const USE = {
  Sid: 'AutoScalingUse',
  Effect: 'Allow',
  Principal: { AWS: ROLE },
  Action: [
    'kms:Encrypt',
    'kms:Decrypt',
    'kms:ReEncrypt*',
    'kms:GenerateDataKey*',
    'kms:DescribeKey'
  ],
  Resource: '*'
}
const GRANTS = {
  Sid: 'AutoScalingGrants',
  Effect: 'Allow',
  Principal: { AWS: ROLE },
  Action: 'kms:CreateGrant',
  Resource: '*',
  Condition: { Bool: { 'kms:GrantIsForAWSResource': true } }
}

const metadata = (path: string) => ({ metadata: { path, uniqueId: path.split('/').pop() } })

/**
 * The shape `cdktf synth` writes: a "//" metadata object at the root and in every resource,
 * nested blocks as objects or arrays of objects, references as "${…}" strings, the key policy as
 * JSON.stringify'd text (CDKTF users write `policy: JSON.stringify({...})`).
 */
function cdktfStack(statements: object[]) {
  return {
    '//': { metadata: { backend: 'local', stackName: 'nodes', version: '0.20.0' }, outputs: {} },
    data: { aws_caller_identity: { current: { '//': metadata('nodes/current') } } },
    provider: { aws: [{ region: 'eu-west-1' }] },
    resource: {
      aws_kms_key: {
        ebs: {
          '//': metadata('nodes/ebs'),
          description: 'node volumes',
          enable_key_rotation: true,
          policy: JSON.stringify({ Version: '2012-10-17', Statement: statements })
        }
      },
      aws_launch_template: {
        nodes: {
          '//': metadata('nodes/nodes'),
          name_prefix: 'nodes-',
          block_device_mappings: [
            {
              device_name: '/dev/xvda',
              ebs: { encrypted: 'true', volume_size: 50, kms_key_id: '${aws_kms_key.ebs.arn}' }
            }
          ]
        }
      },
      aws_eks_node_group: {
        workers: {
          '//': metadata('nodes/workers'),
          cluster_name: 'prod',
          node_role_arn: 'arn:aws:iam::111122223333:role/node',
          subnet_ids: ['subnet-1'],
          launch_template: { id: '${aws_launch_template.nodes.id}', version: '$Latest' },
          scaling_config: { desired_size: 1, max_size: 1, min_size: 1 }
        }
      }
    },
    terraform: {
      backend: { local: { path: 'terraform.nodes.tfstate' } },
      required_providers: { aws: { source: 'aws', version: '5.40.0' } }
    }
  }
}

describe('a CDKTF-shaped cdk.tf.json', () => {
  const missing = JSON.stringify(cdktfStack([ROOT]), null, 2)

  it('finds the missing grant at the line of the "policy" property, and the use at "kms_key_id"', async () => {
    const outcome = await check({ 'cdk.tf.json': missing })
    expect(outcome.problems).toEqual([])
    expect(outcome.result).toBe('failure')
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.ebs', 'missing']])
    const [key] = outcome.keys
    expect(key).toMatchObject({ file: 'cdk.tf.json', line: lineOf(missing, '"policy"') })
    expect(key.uses).toEqual([
      expect.objectContaining({
        consumer: 'aws_eks_node_group.workers',
        via: 'aws_launch_template.nodes (/dev/xvda)',
        file: 'cdk.tf.json',
        line: lineOf(missing, '"kms_key_id"')
      })
    ])
    // The fix is JSON syntax (HCL would not paste into a .tf.json file or a CDKTF object).
    expect(key.fix).toContain('"data": {')
    const statements = key.fix!.slice(key.fix!.indexOf('\n[') + 1)
    expect(JSON.parse(statements)).toEqual([
      expect.objectContaining({ Sid: 'EksKmsGuardAutoScalingUse' }),
      expect.objectContaining({ Sid: 'EksKmsGuardAutoScalingGrants' })
    ])
  })

  it('passes with the Auto Scaling statements added, each decided at the policy line', async () => {
    const fixed = JSON.stringify(cdktfStack([ROOT, USE, GRANTS]), null, 2)
    const outcome = await check({ 'cdk.tf.json': fixed })
    expect(outcome.result).toBe('success')
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.ebs', 'granted']])
    expect(outcome.keys[0].decidedBy.map(d => [d.name, d.line])).toEqual([
      ['AutoScalingUse', lineOf(fixed, '"policy"')],
      ['AutoScalingGrants', lineOf(fixed, '"policy"')]
    ])
  })
})

describe('the JSON syntax rules', () => {
  const stack = (key: object, extra: object = {}) => ({
    data: { aws_caller_identity: { current: {} } },
    resource: {
      aws_kms_key: { ebs: key },
      aws_launch_template: {
        nodes: {
          block_device_mappings: {
            device_name: '/dev/xvda',
            ebs: { kms_key_id: '${aws_kms_key.ebs.arn}' }
          }
        }
      },
      aws_eks_node_group: {
        workers: { launch_template: { id: '${aws_launch_template.nodes.id}' } }
      },
      ...extra
    }
  })

  it('a string that is one interpolation is that value: jsonencode of an object with the statements', async () => {
    // doc, "Expression Mapping": "If the given template consists only of a single interpolation
    // sequence, the result of its expression is taken directly".
    // HCL object syntax: bare names before "=" (a quoted "kms:…" key with ":" is HCL too).
    const hcl = (s: object) => JSON.stringify(s).replace(/"([A-Za-z]+)":/g, '$1 = ')
    const policy = `\${jsonencode({ Version = "2012-10-17", Statement = [${[ROOT, USE, GRANTS].map(hcl).join(', ')}] })}`
    const { keys } = await check({ 'main.tf.json': stack({ policy }) })
    expect(keys[0]).toMatchObject({ status: 'granted', style: 'jsonencode' })
  })

  it('an aws_iam_policy_document with statement and principals blocks as arrays of objects', async () => {
    const statement = (s: typeof USE | typeof GRANTS) => ({
      sid: s.Sid,
      actions: Array.isArray(s.Action) ? s.Action : [s.Action],
      resources: ['*'],
      principals: [{ type: 'AWS', identifiers: [ROLE] }],
      ...('Condition' in s
        ? { condition: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }] }
        : {})
    })
    const config = stack({ policy: '${data.aws_iam_policy_document.key.json}' })
    const outcome = await check({
      'main.tf.json': {
        ...config,
        data: {
          ...config.data,
          aws_iam_policy_document: { key: { statement: [statement(USE), statement(GRANTS)] } }
        }
      }
    })
    expect(outcome.keys[0]).toMatchObject({ status: 'granted', style: 'policy-document' })
  })

  it('"//" properties are comments; numbers and bools are literals (count = 0 declares no instance)', async () => {
    const outcome = await check({
      'main.tf.json': {
        '//': 'generated by a script: do not edit',
        ...stack({
          '//': 'the key of the node volumes',
          policy: JSON.stringify({ Statement: [ROOT] })
        }),
        variable: { spare: { type: 'bool', default: false } }
      }
    })
    expect(outcome.problems).toEqual([])
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.ebs', 'missing']])
    const none = await check({
      'main.tf.json': stack({ count: 0, policy: JSON.stringify({ Statement: [ROOT] }) })
    })
    // No instance of the key: the reference cannot name one, so nothing is "missing".
    expect(none.keys.some(k => k.status === 'missing')).toBe(false)
  })

  it('a block type given as an array: several blocks (two keys under "resource" as an array)', async () => {
    const outcome = await check({
      'main.tf.json': {
        data: { aws_caller_identity: { current: {} } },
        resource: [
          { aws_kms_key: { ebs: { policy: JSON.stringify({ Statement: [ROOT] }) } } },
          {
            aws_launch_template: {
              nodes: {
                block_device_mappings: [
                  { device_name: '/dev/xvda', ebs: [{ kms_key_id: '${aws_kms_key.ebs.arn}' }] },
                  { device_name: '/dev/xvdb', ebs: [{ kms_key_id: '${aws_kms_key.ebs.arn}' }] }
                ]
              }
            }
          },
          {
            aws_eks_node_group: {
              workers: { launch_template: { id: '${aws_launch_template.nodes.id}' } }
            }
          }
        ]
      }
    })
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.ebs', 'missing']])
    expect(outcome.keys[0].uses.map(u => u.via).sort()).toEqual([
      'aws_launch_template.nodes (/dev/xvda)',
      'aws_launch_template.nodes (/dev/xvdb)'
    ])
  })

  it('variable blocks: "type" is a type expression in a string, "default" literal JSON (no templates)', async () => {
    // doc, "variable blocks": "Strings within this value are taken literally and not interpreted
    // as string templates." So this default is the text itself, not a reference to the key.
    const outcome = await check({
      'main.tf.json': {
        variable: {
          key: { type: 'string', default: '${aws_kms_key.ebs.arn}' },
          devices: { type: 'list(string)', default: ['/dev/xvda'] }
        },
        resource: {
          aws_kms_key: { ebs: { policy: JSON.stringify({ Statement: [ROOT] }) } },
          aws_launch_template: {
            nodes: {
              dynamic: {
                block_device_mappings: {
                  for_each: '${var.devices}',
                  iterator: 'dev',
                  content: { device_name: '${dev.value}', ebs: { kms_key_id: '${var.key}' } }
                }
              }
            }
          }
        }
      }
    })
    expect(outcome.problems).toEqual([])
    expect(statuses(outcome.keys)).toEqual([['${aws_kms_key.ebs.arn}', 'outside']])
    expect(outcome.keys[0].uses[0].via).toBe('aws_launch_template.nodes (/dev/xvda)')
  })

  it('a module call: source literal, inputs as expressions, the key inside the module', async () => {
    const outcome = await check({
      'main.tf.json': {
        data: { aws_caller_identity: { current: {} } },
        module: { kms: { source: './kms', statements: [ROOT] } },
        resource: {
          aws_launch_template: {
            nodes: {
              block_device_mappings: {
                device_name: '/dev/xvda',
                ebs: { kms_key_id: '${module.kms.arn}' }
              }
            }
          },
          aws_eks_node_group: {
            workers: { launch_template: { id: '${aws_launch_template.nodes.id}' } }
          }
        }
      },
      'kms/main.tf.json': {
        variable: { statements: { type: 'list(any)' } },
        resource: {
          aws_kms_key: {
            this: {
              policy: '${jsonencode({ Version = "2012-10-17", Statement = var.statements })}'
            }
          }
        },
        output: { arn: { value: '${aws_kms_key.this.arn}', description: 'the ${literal} text' } }
      }
    })
    expect(outcome.problems).toEqual([])
    expect(statuses(outcome.keys)).toEqual([['module.kms.aws_kms_key.this', 'missing']])
  })

  it('.tf and .tf.json files of one module are one configuration', async () => {
    const outcome = await check({
      'keys.tf': `resource "aws_kms_key" "ebs" {\n  policy = jsonencode({ Statement = [] })\n}\n`,
      'nodes.tf.json': {
        resource: {
          aws_launch_template: {
            nodes: {
              block_device_mappings: {
                device_name: '/dev/xvda',
                ebs: { kms_key_id: '${aws_kms_key.ebs.arn}' }
              }
            }
          },
          aws_eks_node_group: {
            workers: { launch_template: { id: '${aws_launch_template.nodes.id}' } }
          }
        }
      }
    })
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.ebs', 'missing']])
    expect(outcome.filesRead).toBe(2)
  })
})

describe('the fix, in JSON syntax, in the style the policy is written in', () => {
  const nodes = {
    aws_launch_template: {
      nodes: {
        block_device_mappings: {
          device_name: '/dev/xvda',
          ebs: { kms_key_id: '${aws_kms_key.ebs.arn}' }
        }
      }
    },
    aws_eks_node_group: { workers: { launch_template: { id: '${aws_launch_template.nodes.id}' } } }
  }

  it('a key without a policy: a "policy" property that keeps the root statement', async () => {
    const { keys } = await check({
      'main.tf.json': { resource: { aws_kms_key: { ebs: { description: 'none' } }, ...nodes } }
    })
    expect(keys[0]).toMatchObject({ status: 'missing', style: 'none' })
    const property = keys[0].fix!.split('\n').find(l => l.startsWith('"policy": '))!
    const policy = JSON.parse(JSON.parse(property.slice('"policy": '.length)) as string) as {
      Statement: { Sid: string }[]
    }
    expect(policy.Statement.map(s => s.Sid)).toEqual([
      'EnableIAMUserPermissions',
      'EksKmsGuardAutoScalingUse',
      'EksKmsGuardAutoScalingGrants'
    ])
  })

  it('a policy document: "statement" objects with principals and the grant condition', async () => {
    const { keys } = await check({
      'main.tf.json': {
        data: {
          aws_caller_identity: { current: {} },
          aws_partition: { current: {} },
          aws_iam_policy_document: {
            key: {
              statement: [
                {
                  sid: 'Root',
                  actions: ['kms:*'],
                  resources: ['*'],
                  principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCOUNT}:root`] }]
                }
              ]
            }
          }
        },
        resource: {
          aws_kms_key: { ebs: { policy: '${data.aws_iam_policy_document.key.json}' } },
          ...nodes
        }
      }
    })
    expect(keys[0]).toMatchObject({ status: 'missing', style: 'policy-document' })
    const fix = keys[0].fix!
    // Both data sources are declared already: nothing to declare first.
    expect(fix.startsWith('# Add to the "statement" list')).toBe(true)
    const blocks = JSON.parse(fix.slice(fix.indexOf('\n') + 1)) as {
      sid: string
      condition?: unknown
    }[]
    expect(blocks.map(b => [b.sid, !!b.condition])).toEqual([
      ['EksKmsGuardAutoScalingUse', false],
      ['EksKmsGuardAutoScalingGrants', true]
    ])
  })
})

describe('what cannot be read is said, at its line', () => {
  it('a string that does not parse as a template: a problem at its line, and the key a cannot-tell', async () => {
    const text = JSON.stringify(
      {
        resource: {
          aws_kms_key: { ebs: { policy: JSON.stringify({ Statement: [ROOT] }) } },
          aws_launch_template: {
            nodes: {
              block_device_mappings: {
                device_name: '/dev/xvda',
                ebs: { kms_key_id: '${aws_kms_key.ebs.arn' }
              }
            }
          }
        }
      },
      null,
      2
    )
    const outcome = await check({ 'main.tf.json': text })
    const unread = outcome.keys.filter(k => k.unread)
    expect(unread).toEqual([
      expect.objectContaining({
        status: 'unknown',
        file: 'main.tf.json',
        line: lineOf(text, '"kms_key_id"')
      })
    ])
    expect(unread[0].message).toContain('does not parse as a string template')
    const key = outcome.keys.find(k => k.uses.some(u => u.via.includes('/dev/xvda')))
    expect(key?.status).toBe('unknown')
    // Terraform refuses the file: a check that did not read all of it does not pass.
    expect(outcome.result).toBe('failure')
  })

  it('invalid JSON: a problem at the line it breaks on', async () => {
    const outcome = await check({
      'main.tf.json': '{\n  "resource": {\n    "aws_kms_key": ,\n  }\n}\n'
    })
    const unread = outcome.keys.filter(k => k.unread)
    expect(unread).toEqual([expect.objectContaining({ file: 'main.tf.json', line: 3 })])
    expect(unread[0].message).toMatch(/could not be read \(not valid JSON/)
    expect(outcome.result).toBe('failure')
  })

  it('a top-level property that is no block type is a problem (Terraform rejects the file)', async () => {
    const outcome = await check({ 'main.tf.json': { resources: { aws_kms_key: { a: {} } } } })
    expect(outcome.keys.filter(k => k.unread)[0]).toMatchObject({
      file: 'main.tf.json',
      line: 2,
      message: expect.stringContaining('(unsupported top-level block type "resources")')
    })
  })
})
