/**
 * check on configurations written the way the AWS and Terraform documentation write them, each
 * a situation an outside tester found check wrong on: literal account ids, EBS encryption by
 * default, launch templates no node group launches from, keys a launch cannot use at all.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runCheck } from '../../src/terraform/check.js'
import { annotations, checkDiagnosis, withinLimit } from '../../src/check/report/findings.js'
import { toSarif } from '../../src/check/report/sarif.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A configuration of these files, checked as `terraform-paths: .`. */
async function check(
  files: Record<string, string>,
  options: { paths?: string[]; varFiles?: string[] } = {}
) {
  const dir = mkdtempSync(join(tmpdir(), 'check-situation-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return runCheck({ paths: options.paths ?? ['.'], varFiles: options.varFiles, cwd: dir })
}

const SLR = (account: string) =>
  `arn:aws:iam::${account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`

/** The EC2 Auto Scaling guide's two statements, for the role of this account. */
function guideStatements(role: string): string {
  return `
      {
        Sid       = "Allow service-linked role use of the customer managed key"
        Effect    = "Allow"
        Principal = { AWS = "${role}" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
      },
      {
        Sid       = "Allow attachment of persistent resources"
        Effect    = "Allow"
        Principal = { AWS = "${role}" }
        Action    = ["kms:CreateGrant"]
        Resource  = "*"
        Condition = { Bool = { "kms:GrantIsForAWSResource" = true } }
      }`
}

function keyWith(statements: string, extra = ''): string {
  return `
resource "aws_kms_key" "nodes" {
  description = "node volumes"
${extra}
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Enable IAM User Permissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },${statements}
    ]
  })
}
`
}

const NODES = `
resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted  = true
      kms_key_id = aws_kms_key.nodes.arn
    }
  }
}

resource "aws_eks_node_group" "nodes" {
  cluster_name    = "prod"
  node_group_name = "nodes"
  node_role_arn   = "arn:aws:iam::111122223333:role/eks-node"
  subnet_ids      = ["subnet-0a", "subnet-0b"]
  scaling_config {
    desired_size = 2
    max_size     = 3
    min_size     = 1
  }
  launch_template {
    id      = aws_launch_template.nodes.id
    version = aws_launch_template.nodes.latest_version
  }
}
`

describe('a key policy written with literal account ids, as the AWS documentation writes it', () => {
  it('the guide’s statements for this account’s role pass', async () => {
    const outcome = await check({
      'main.tf': keyWith(guideStatements(SLR('111122223333'))) + NODES
    })
    expect(outcome.keys.map(k => k.status)).toEqual(['granted'])
    expect(outcome.result).toBe('success')
  })

  it('the example copied with its account (123456789012) is missing, and the message says why', async () => {
    const outcome = await check({
      'main.tf': keyWith(guideStatements(SLR('123456789012'))) + NODES
    })
    expect(outcome.keys.map(k => k.status)).toEqual(['missing'])
    expect(outcome.keys[0].message).toMatch(
      /names the Auto Scaling role of another account \(arn:aws:iam::123456789012:role\/aws-service-role\/autoscaling\.amazonaws\.com\/AWSServiceRoleForAutoScaling.*\), not this account's/
    )
  })

  it('the role of this account written with data.aws_caller_identity still passes beside a literal root', async () => {
    const outcome = await check({
      'main.tf':
        `data "aws_caller_identity" "current" {}\n` +
        keyWith(
          guideStatements(
            'arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
          )
        ) +
        NODES
    })
    expect(outcome.keys.map(k => k.status)).toEqual(['granted'])
  })
})

const BROKEN_DEFAULT_KEY = `
data "aws_caller_identity" "current" {}

resource "aws_kms_key" "ebs_default" {
  description = "account default EBS key"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Root"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_ebs_default_kms_key" "this" {
  key_arn = aws_kms_key.ebs_default.arn
}
`
const BY_DEFAULT = `
resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}
`

function nodeGroup(launchTemplate: boolean): string {
  return `
resource "aws_eks_node_group" "ng" {
  cluster_name    = "prod"
  node_group_name = "ng"
  node_role_arn   = "arn:aws:iam::111122223333:role/node"
  subnet_ids      = ["subnet-a"]
  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 1
  }
${launchTemplate ? '  launch_template {\n    id      = aws_launch_template.ng.id\n    version = "$Latest"\n  }' : ''}
}
`
}

describe('EBS encryption by default: every new volume is encrypted, whatever the device says', () => {
  it('a device without `encrypted` gets the default key', async () => {
    const outcome = await check({
      'main.tf':
        BROKEN_DEFAULT_KEY +
        BY_DEFAULT +
        `resource "aws_launch_template" "ng" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 80
    }
  }
}
` +
        nodeGroup(true)
    })
    expect(outcome.keys.map(k => [k.key, k.status])).toEqual([
      ['aws_kms_key.ebs_default', 'missing']
    ])
    expect(outcome.keys[0].uses[0].via).toBe(
      'aws_launch_template.ng (/dev/xvda), which names no key, so the account default EBS key (aws_ebs_default_kms_key.this)'
    )
  })

  it('a launch template without block devices: the AMI’s root volume gets the default key', async () => {
    const outcome = await check({
      'main.tf':
        BROKEN_DEFAULT_KEY +
        BY_DEFAULT +
        `resource "aws_launch_template" "ng" {
  instance_type = "m6i.large"
}
` +
        nodeGroup(true)
    })
    expect(outcome.keys.map(k => [k.key, k.status])).toEqual([
      ['aws_kms_key.ebs_default', 'missing']
    ])
    expect(outcome.keys[0].uses[0].via).toMatch(/the AMI's root volume/)
  })

  it('encryption by default turned off: an unencrypted device uses no key', async () => {
    const outcome = await check({
      'main.tf':
        BROKEN_DEFAULT_KEY +
        `resource "aws_ebs_encryption_by_default" "this" {
  enabled = false
}
resource "aws_launch_template" "ng" {
  instance_type = "m6i.large"
}
` +
        nodeGroup(true)
    })
    expect(outcome.keys).toEqual([])
  })

  it('a default key declared without the encryption-by-default setting cannot be told, and says what to declare', async () => {
    const outcome = await check({ 'main.tf': BROKEN_DEFAULT_KEY + nodeGroup(false) })
    expect(outcome.keys.map(k => k.status)).toEqual(['unknown'])
    expect(outcome.keys[0].unknowns[0].how).toMatch(/aws_ebs_encryption_by_default/)
    expect(outcome.result).toBe('success')
  })
})

describe('launch templates that no Auto Scaling group launches from', () => {
  const template = `
resource "aws_kms_key" "nodes" {
  description = "default key policy: only the account root"
}

resource "aws_launch_template" "ng" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted  = true
      kms_key_id = aws_kms_key.nodes.arn
    }
  }
}
`
  it('one only an aws_instance launches from is not a node launch', async () => {
    const outcome = await check({
      'main.tf':
        template +
        `resource "aws_instance" "bastion" {
  instance_type = "t3.micro"
  launch_template {
    id = aws_launch_template.ng.id
  }
}
`
    })
    expect(outcome.keys).toEqual([])
    expect(outcome.result).toBe('success')
  })

  it('one whose only node group has count = 0 launches nothing', async () => {
    const outcome = await check({
      'main.tf': template + nodeGroup(true).replace('cluster_name', 'count = 0\n  cluster_name')
    })
    expect(outcome.keys).toEqual([])
  })

  it('one handed on as an output is still checked (a group elsewhere may launch from it): what would fail is said, as cannot tell', async () => {
    const outcome = await check({
      'main.tf': template + `output "node_template_id" {\n  value = aws_launch_template.ng.id\n}\n`
    })
    expect(outcome.keys.map(k => k.status)).toEqual(['unknown'])
    expect(outcome.result).toBe('success')
    expect(outcome.keys[0].message).toMatch(
      /^No node group or Auto Scaling group in this configuration launches from aws_launch_template\.ng \(\/dev\/xvda\); if one elsewhere does, its launches fail: The policy of aws_kms_key\.nodes does not grant/
    )
    expect(outcome.keys[0].fix).toBeDefined()
  })

  it('one a node group here launches from, and another nothing names, with the same broken key: the failure stands', async () => {
    const outcome = await check({
      'main.tf':
        template +
        nodeGroup(true) +
        `resource "aws_launch_template" "spare" {
  block_device_mappings {
    device_name = "/dev/xvdb"
    ebs {
      encrypted  = true
      kms_key_id = aws_kms_key.nodes.arn
    }
  }
}
`
    })
    expect(outcome.keys.map(k => k.status)).toEqual(['missing'])
    expect(outcome.keys[0].uses.map(u => [u.consumer, u.orphan ?? false])).toEqual([
      ['aws_eks_node_group.ng', false],
      ['aws_launch_template.spare', true]
    ])
  })
})

describe('a key no launch can use, whatever its policy', () => {
  it.each([
    ['is_enabled = false', 'kms-key-disabled', /is disabled \(is_enabled = false\)/],
    ['customer_master_key_spec = "RSA_2048"', 'kms-key-unusable-spec', /is a RSA_2048 key/],
    ['key_usage = "SIGN_VERIFY"', 'kms-key-unusable-spec', /is a SIGN_VERIFY key/]
  ])('%s fails the check at that line, as %s', async (setting, cause, message) => {
    const outcome = await check({
      'main.tf': keyWith(guideStatements(SLR('111122223333')), `  ${setting}`) + NODES
    })
    expect(outcome.result).toBe('failure')
    expect(outcome.keys).toEqual([
      expect.objectContaining({ status: 'unusable', unusableCause: cause, line: 4 })
    ])
    expect(outcome.keys[0].message).toMatch(message)
  })

  it('reports it as verify would: the key’s cause, its own annotation title and SARIF rule', async () => {
    const outcome = await check({
      'main.tf': keyWith(guideStatements(SLR('111122223333')), '  is_enabled = false') + NODES
    })
    expect(checkDiagnosis(outcome).rootCause).toBe('kms-key-disabled')
    expect(annotations(outcome)[0]).toMatchObject({
      level: 'error',
      title: 'KMS key cannot encrypt node volumes',
      line: 4
    })
    const results = toSarif(outcome, '1.0.0').runs[0].results ?? []
    expect(results.map(r => r.ruleId)).toEqual(['EKSKMS003'])
  })

  it('is_enabled = true and the default spec change nothing', async () => {
    const outcome = await check({
      'main.tf':
        keyWith(
          guideStatements(SLR('111122223333')),
          '  is_enabled = true\n  customer_master_key_spec = "SYMMETRIC_DEFAULT"'
        ) + NODES
    })
    expect(outcome.keys.map(k => k.status)).toEqual(['granted'])
  })
})

describe('annotations GitHub would drop', () => {
  it('past 10 of a level, the tenth says how many more the summary and the SARIF file list', () => {
    const list = [
      ...Array.from({ length: 25 }, (_, i) => ({
        level: 'error' as const,
        title: 'x',
        message: `e${i}`
      })),
      ...Array.from({ length: 3 }, (_, i) => ({
        level: 'warning' as const,
        title: 'x',
        message: `w${i}`
      }))
    ]
    const shown = withinLimit(list, 10)
    expect(shown.filter(a => a.level === 'error')).toHaveLength(10)
    expect(shown[8].message).toBe('e8')
    expect(shown[9]).toMatchObject({ title: '16 more' })
    expect(shown[9].message).toMatch(/^16 more errors than GitHub shows/)
    expect(shown.filter(a => a.level === 'warning').map(a => a.message)).toEqual(['w0', 'w1', 'w2'])
    expect(withinLimit(list.slice(0, 10), 10)).toEqual(list.slice(0, 10))
  })
})

describe('an explicit Deny', () => {
  it('names only the Deny statement as what blocks the role, not the Allow beside it', async () => {
    const deny = `,
      {
        Sid       = "DenyGrantsOutsideEc2"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "kms:CreateGrant"
        Resource  = "*"
      }`
    const outcome = await check({
      'main.tf': keyWith(guideStatements(SLR('111122223333')) + deny) + NODES
    })
    expect(outcome.keys.map(k => k.status)).toEqual(['denied'])
    expect(outcome.keys[0].message).toMatch(
      /blocks the Auto Scaling service-linked role \(statement DenyGrantsOutsideEc2 at main\.tf:\d+\), whatever its Allow statements grant/
    )
    expect(outcome.keys[0].message).not.toMatch(/Allow attachment of persistent resources/)
    expect(annotations(outcome)[0].title).toBe(
      'KMS key policy denies the Auto Scaling service-linked role'
    )
  })
})

describe('inputs that name nothing', () => {
  it('a var-files entry that does not exist stops the check, as terraform -var-file does', async () => {
    const outcome = await check(
      { 'main.tf': keyWith(guideStatements(SLR('111122223333'))) + NODES },
      { varFiles: ['env/prod.tfvars', 'env/nope.tfvars'] }
    )
    expect(outcome.result).toBe('failure')
    expect(outcome.inputError).toMatch(
      /^Input 'var-files': env\/prod\.tfvars, env\/nope\.tfvars do not exist under /
    )
  })

  it('a glob of folders (envs/*) checks the configuration in each', async () => {
    const broken = keyWith('') + NODES
    const fine = keyWith(guideStatements(SLR('111122223333'))) + NODES
    for (const paths of [['envs/*'], ['envs/*/']]) {
      const outcome = await check(
        { 'envs/prod/main.tf': broken, 'envs/dev/main.tf': fine },
        { paths }
      )
      expect(outcome.inputError).toBeUndefined()
      expect(outcome.filesRead).toBe(2)
      expect(outcome.keys.map(k => [k.file, k.status]).sort()).toEqual([
        ['envs/dev/main.tf', 'granted'],
        ['envs/prod/main.tf', 'missing']
      ])
    }
  })

  it('a Terragrunt folder says where the Terraform is', async () => {
    const outcome = await check({
      'terragrunt.hcl': 'terraform {\n  source = "../modules/nodes"\n}\n'
    })
    expect(outcome.inputError).toMatch(
      /holds a terragrunt\.hcl, which is Terragrunt’s, not Terraform’s/
    )
  })
})
