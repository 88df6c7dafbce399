/**
 * check on small configurations written here, one Terraform shape each: how a launch template
 * names its key (aliases, conditionals, data sources, the account's EBS default), how a group
 * names its launch template, aws_iam_policy_document as the AWS provider renders it, and module
 * calls whose source is not here.
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

async function check(files: Record<string, string>, varFiles?: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'check-config-'))
  DIRS.push(dir)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return runCheck({ paths: ['.'], cwd: dir, varFiles })
}

const byKey = (keys: KeyCheck[]) => Object.fromEntries(keys.map(k => [k.key, k]))
const statuses = (keys: KeyCheck[]) => keys.map(k => [k.key, k.status]).sort()

const ROLE =
  'arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
const ROOT_STATEMENT = `{
      Sid       = "Root"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }`
const USE_STATEMENT = `{
      Sid       = "Use"
      Effect    = "Allow"
      Principal = { AWS = "${ROLE}" }
      Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
      Resource  = "*"
    }`
const GRANT_STATEMENT = `{
      Sid       = "Grants"
      Effect    = "Allow"
      Principal = { AWS = "${ROLE}" }
      Action    = "kms:CreateGrant"
      Resource  = "*"
      Condition = { Bool = { "kms:GrantIsForAWSResource" = true } }
    }`

const key = (name: string, statements = [ROOT_STATEMENT, USE_STATEMENT, GRANT_STATEMENT]) => `
resource "aws_kms_key" "${name}" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [${statements.join(', ')}] })
}
`
const template = (kmsKeyId: string, extra = '', ebsExtra = 'encrypted = true') => `
resource "aws_launch_template" "nodes" {
  ${extra}
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      ${ebsExtra}
      ${kmsKeyId ? `kms_key_id = ${kmsKeyId}` : ''}
    }
  }
}
`
const nodeGroup = (launchTemplate = 'id = aws_launch_template.nodes.id') => `
resource "aws_eks_node_group" "workers" {
  cluster_name  = "prod"
  node_role_arn = "arn:aws:iam::111122223333:role/node"
  subnet_ids    = ["subnet-1"]
  ${launchTemplate ? `launch_template {\n    ${launchTemplate}\n    version = "$Latest"\n  }` : ''}
  scaling_config {
    desired_size = 1
    max_size     = 1
    min_size     = 1
  }
}
`
const IDENTITY = 'data "aws_caller_identity" "current" {}\n'

describe('how a launch template names its key', () => {
  it('through an aws_kms_alias resource, to the key its target_key_id names', async () => {
    const { keys } = await check({
      'main.tf': `${IDENTITY}${key('ebs')}
resource "aws_kms_alias" "ebs" {
  name          = "alias/ebs"
  target_key_id = aws_kms_key.ebs.key_id
}
${template('aws_kms_alias.ebs.arn')}${nodeGroup()}`
    })
    expect(statuses(keys)).toEqual([['aws_kms_key.ebs', 'granted']])
    expect(keys[0].uses[0]).toMatchObject({
      consumer: 'aws_eks_node_group.workers',
      via: 'aws_launch_template.nodes (/dev/xvda)'
    })
  })

  it('by the alias name as text, to the aliased key; alias/aws/ebs (the AWS managed key) needs no policy', async () => {
    const alias = `resource "aws_kms_alias" "ebs" {
  name          = "alias/ebs"
  target_key_id = aws_kms_key.ebs.key_id
}
`
    const named = await check({
      'main.tf': `${IDENTITY}${key('ebs', [ROOT_STATEMENT])}${alias}${template('"alias/ebs"')}${nodeGroup()}`
    })
    expect(statuses(named.keys)).toEqual([['aws_kms_key.ebs', 'missing']])
    const managed = await check({
      'main.tf': `${IDENTITY}${template('"alias/aws/ebs"')}${nodeGroup()}`
    })
    expect(managed.keys).toEqual([])
    expect(managed.result).toBe('success')
  })

  it('a key ARN as text, or a data source key, is outside this configuration', async () => {
    const arn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
    const text = await check({ 'main.tf': `${template(`"${arn}"`)}${nodeGroup()}` })
    expect(statuses(text.keys)).toEqual([[arn, 'outside']])
    const data = await check({
      'main.tf': `data "aws_kms_key" "ebs" {
  key_id = "alias/ebs"
}
${template('data.aws_kms_key.ebs.arn')}${nodeGroup()}`
    })
    expect(statuses(data.keys)).toEqual([['data.aws_kms_key.ebs', 'outside']])
  })

  it('a conditional whose condition is unknown: both keys are checked, and which one is picked is a cannot-tell', async () => {
    const { keys } = await check({
      'main.tf': `${IDENTITY}variable "use_a" { type = bool }
${key('a')}${key('b', [ROOT_STATEMENT])}${template('var.use_a ? aws_kms_key.a.arn : aws_kms_key.b.arn')}${nodeGroup()}`
    })
    const found = byKey(keys)
    expect(found['aws_kms_key.a'].status).toBe('granted')
    expect(found['aws_kms_key.b'].status).toBe('missing')
    const open = keys.filter(k => k.status === 'unknown')
    expect(open).toHaveLength(1)
    expect(open[0].unknowns.map(c => c.what)).toContain('var.use_a (no value)')
  })

  it('encrypted without a kms_key_id uses the account default EBS key, when encryption by default is on', async () => {
    const { keys } = await check({
      'main.tf': `${IDENTITY}${key('default', [ROOT_STATEMENT])}
resource "aws_ebs_encryption_by_default" "on" {
  enabled = true
}
resource "aws_ebs_default_kms_key" "this" {
  key_arn = aws_kms_key.default.arn
}
${template('')}${nodeGroup()}`
    })
    expect(statuses(keys)).toEqual([['aws_kms_key.default', 'missing']])
    expect(keys[0].uses[0].via).toContain('which names no key, so the account default EBS key')
  })

  it('a node group without a launch template uses the account default EBS key', async () => {
    const { keys } = await check({
      'main.tf': `${IDENTITY}${key('default')}
resource "aws_ebs_encryption_by_default" "on" {}
resource "aws_ebs_default_kms_key" "this" {
  key_arn = aws_kms_key.default.arn
}
${nodeGroup('')}`
    })
    expect(statuses(keys)).toEqual([['aws_kms_key.default', 'granted']])
    expect(keys[0].uses[0].via).toContain('as it uses no launch template')
  })

  it('encryption by default switched off: an unencrypted device without a key is no use of any key', async () => {
    const { keys } = await check({
      'main.tf': `${key('default')}
resource "aws_ebs_encryption_by_default" "off" {
  enabled = false
}
resource "aws_ebs_default_kms_key" "this" {
  key_arn = aws_kms_key.default.arn
}
${template('', '', 'encrypted = false')}${nodeGroup()}`
    })
    expect(keys).toEqual([])
  })
})

describe('how a group names its launch template', () => {
  it('a node group by the template’s name', async () => {
    const { keys } = await check({
      'main.tf': `${IDENTITY}${key('ebs')}${template('aws_kms_key.ebs.arn', 'name = "nodes"')}${nodeGroup('name = "nodes"')}`
    })
    expect(keys[0].uses.map(u => u.consumer)).toEqual(['aws_eks_node_group.workers'])
  })

  it('an Auto Scaling group through mixed_instances_policy, with its own service-linked role', async () => {
    const { keys } = await check({
      'main.tf': `${IDENTITY}${key('ebs')}${template('aws_kms_key.ebs.arn')}
resource "aws_autoscaling_group" "spot" {
  max_size                = 1
  min_size                = 1
  service_linked_role_arn = "arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_spot"
  mixed_instances_policy {
    launch_template {
      launch_template_specification {
        launch_template_id = aws_launch_template.nodes.id
      }
    }
  }
}
`
    })
    const [only] = keys
    expect(only.status).toBe('missing')
    expect(only.uses).toEqual([
      expect.objectContaining({
        consumer: 'aws_autoscaling_group.spot',
        role: 'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_spot'
      })
    ])
    expect(only.message).toContain('AWSServiceRoleForAutoScaling_spot')
  })

  it('a launch template id from a variable with no value: cannot tell which template, and says why', async () => {
    const { keys, result } = await check({
      'main.tf': `variable "lt_id" { type = string }
${nodeGroup('id = var.lt_id')}`
    })
    expect(result).toBe('success')
    expect(keys).toHaveLength(1)
    expect(keys[0]).toMatchObject({ status: 'unknown' })
    expect(keys[0].uses[0].via).toBe('a launch template that cannot be named')
    expect(keys[0].unknowns.map(c => c.what)).toContain('var.lt_id (no value)')
  })
})

describe('aws_iam_policy_document, as the AWS provider renders it', () => {
  const withDocument = (document: string, extra = '') => ({
    'main.tf': `${IDENTITY}
data "aws_iam_policy_document" "ebs" {
${document}
}
resource "aws_kms_key" "ebs" {
  policy = data.aws_iam_policy_document.ebs.json
}
${template('aws_kms_key.ebs.arn')}${nodeGroup()}${extra}`
  })
  const statement = (sid: string, actions: string, principal = ROLE, more = '') => `
  statement {
    sid     = "${sid}"
    actions = ${actions}
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["${principal}"]
    }
    ${more}
  }`
  const USE_ACTIONS =
    '["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]'
  const GRANT_CONDITION = `condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = [true]
    }`

  it('source_policy_documents first, then its own statements: together they grant', async () => {
    const { keys } = await check(
      withDocument(`
  source_policy_documents = [jsonencode({ Statement = [${USE_STATEMENT}] })]
  ${statement('Grants', '["kms:CreateGrant"]', ROLE, GRANT_CONDITION)}`)
    )
    expect(keys[0].status).toBe('granted')
    expect(keys[0].decidedBy.map(d => d.name).sort()).toEqual(['Grants', 'Use'])
  })

  it('override_policy_documents replace a statement with the same Sid: a Deny there blocks the role', async () => {
    const { keys } = await check(
      withDocument(`
  ${statement('Use', USE_ACTIONS)}
  ${statement('Grants', '["kms:CreateGrant"]', ROLE, GRANT_CONDITION)}
  override_policy_documents = [jsonencode({ Statement = [{
    Sid = "Grants", Effect = "Deny", Principal = { AWS = "${ROLE}" }, Action = "kms:CreateGrant", Resource = "*"
  }] })]`)
    )
    expect(keys[0].status).toBe('denied')
    expect(keys[0].message).toContain('A Deny statement')
  })

  it('principals of one type in two blocks are one list; type "*" is every principal', async () => {
    const twoBlocks = await check(
      withDocument(`
  statement {
    sid       = "Both"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    principals {
      type        = "AWS"
      identifiers = ["${ROLE}"]
    }
  }`)
    )
    expect(twoBlocks.keys[0]).toMatchObject({ status: 'granted', decidedBy: [{ name: 'Both' }] })
    const everyone = await check(
      withDocument(`
  statement {
    sid       = "Everyone"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }`)
    )
    expect(everyone.keys[0]).toMatchObject({ status: 'granted', decidedBy: [{ name: 'Everyone' }] })
  })

  it('a source document that is not JSON is a cannot-tell that says so', async () => {
    const { keys } = await check(withDocument('  source_json = "not json"'))
    expect(keys[0].status).toBe('unknown')
    expect(keys[0].unknowns).toEqual([
      expect.objectContaining({ what: 'a source policy document', how: 'it is not JSON' })
    ])
  })

  it.each([
    ['a source document', 'source_policy_documents = [var.doc]'],
    ['an override document', 'override_policy_documents = var.docs'],
    [
      'a principal type',
      statement('Use', USE_ACTIONS).replace('"AWS"', 'var.type') +
        statement('Grants', '["kms:CreateGrant"]', ROLE, GRANT_CONDITION)
    ],
    [
      'a condition variable',
      statement(
        'Grants',
        '["kms:CreateGrant"]',
        ROLE,
        GRANT_CONDITION.replace('"kms:GrantIsForAWSResource"', 'var.name')
      ) + statement('Use', USE_ACTIONS)
    ]
  ])('%s from a variable with no value: cannot tell, naming the variable', async (_what, body) => {
    const { keys } = await check(
      withDocument(
        body,
        '\nvariable "doc" { type = string }\nvariable "docs" { type = list(string) }\nvariable "type" { type = string }\nvariable "name" { type = string }\n'
      )
    )
    expect(keys[0].status).toBe('unknown')
    expect(keys[0].unknowns.map(c => c.what).join(' ')).toMatch(/var\.(doc|docs|type|name)/)
  })
})

describe('module calls whose source is not here', () => {
  it.each([
    ['by its source', 'source = "./modules/ebs-key"'],
    ['by the name of an input', 'source = "./modules/x"\n  kms_key_arn = "k"'],
    ['by a key it is given', 'source = "./modules/x"\n  thing = aws_kms_key.ebs.arn'],
    [
      'by an input whose object names a key',
      'source = "./modules/x"\n  settings = { disks = { ebs = "x" } }'
    ]
  ])(
    'one that could create node groups or keys (%s) is a cannot-tell naming terraform init',
    async (_how, body) => {
      const { keys } = await check({
        'main.tf': `module "mystery" {
  ${body}
}
${key('ebs')}`
      })
      const mystery = byKey(keys)['module.mystery']
      expect(mystery).toMatchObject({ status: 'unknown', file: 'main.tf', line: 1 })
      expect(mystery.message).toContain('run `terraform init -backend=false` before check')
    }
  )

  it('one that has nothing to do with node groups or keys is a warning naming where it was looked for', async () => {
    const { keys, problems } = await check({
      'main.tf': `module "dns" {
  source = "./modules/dns"
  zone   = "example.com"
  names  = ["a", "b"]
  broken = undeclared.value
}
`
    })
    expect(keys).toEqual([])
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'main.tf',
        line: 1,
        message: expect.stringContaining(
          'the source of module.dns (./modules/dns) is not here (looked for the folder modules/dns)'
        )
      })
    ])
  })
})

describe('variable files, as terraform plan -var-file reads them', () => {
  const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
  const main = `variable "key_arn" { type = string }
${template('var.key_arn')}${nodeGroup()}`
  const keyOf = (outcome: Awaited<ReturnType<typeof check>>) =>
    outcome.keys.map(k => [k.key, k.status])

  it('terraform.tfvars and *.auto.tfvars are read without being named; -var-file files after them win', async () => {
    expect(
      keyOf(await check({ 'main.tf': main, 'terraform.tfvars': `key_arn = "${ARN}"\n` }))
    ).toEqual([[ARN, 'outside']])
    expect(
      keyOf(
        await check(
          {
            'main.tf': main,
            'a.auto.tfvars': `key_arn = "${ARN}-auto"\n`,
            'prod.tfvars.json': JSON.stringify({ key_arn: `${ARN}-json` })
          },
          ['prod.tfvars.json']
        )
      )
    ).toEqual([[`${ARN}-json`, 'outside']])
  })

  it.each<[string, Record<string, string>, string[], object]>([
    [
      'a variable file that does not exist',
      {},
      ['missing.tfvars'],
      { path: 'missing.tfvars', message: 'the variable file does not exist' }
    ],
    [
      'a JSON variable file that is not JSON',
      { 'bad.tfvars.json': '{' },
      ['bad.tfvars.json'],
      { path: 'bad.tfvars.json' }
    ],
    [
      'a variable file with a syntax error',
      { 'bad.tfvars': 'a = = 1\n' },
      ['bad.tfvars'],
      { path: 'bad.tfvars', line: 1 }
    ]
  ])(
    '%s is a problem named with its path, and the rest is still checked',
    async (_what, files, varFiles, problem) => {
      const outcome = await check({ 'main.tf': main, ...files }, varFiles)
      // A file that does not parse is a "cannot tell" where it is; one that is not there, a problem.
      const said = [
        ...outcome.problems,
        ...outcome.keys.filter(k => k.unread).map(k => ({ path: k.file, line: k.line }))
      ]
      expect(said).toEqual([expect.objectContaining(problem)])
      const keys = outcome.keys.filter(k => !k.unread)
      expect(keys).toHaveLength(1)
      expect(keys[0].status).toBe('unknown')
    }
  )

  it('a variable file that refers to another variable gives no value, and says why', async () => {
    const outcome = await check({ 'main.tf': main, 'terraform.tfvars': 'key_arn = var.other\n' })
    expect(outcome.keys[0].status).toBe('unknown')
    expect(JSON.stringify(outcome.keys[0])).toContain('a variable file cannot refer to var')
  })
})

describe('templatefile() in a configuration', () => {
  it('reads the template relative to the module; a template that does not parse is a cannot-tell naming it', async () => {
    const withTemplate = (text: string) => ({
      'main.tf': `${IDENTITY}
resource "aws_kms_key" "ebs" {
  policy = templatefile("\${path.module}/policy.json.tftpl", { role = "${ROLE}" })
}
${template('aws_kms_key.ebs.arn')}${nodeGroup()}`,
      'policy.json.tftpl': text
    })
    const good = await check(
      withTemplate(
        `{"Statement": [{"Sid": "All", "Effect": "Allow", "Principal": {"AWS": "\${role}"}, "Action": "kms:*", "Resource": "*"}]}`
      )
    )
    expect(good.keys[0]).toMatchObject({ status: 'granted', decidedBy: [{ name: 'All' }] })
    const bad = await check(withTemplate('{"Statement": ${'))
    expect(bad.keys[0].status).toBe('unknown')
    expect(JSON.stringify(bad.keys[0])).toContain('does not parse')
  })
})
