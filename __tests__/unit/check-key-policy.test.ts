/**
 * A key's policy as check reads it from Terraform, in every form the AWS provider accepts: where
 * it is written (the style the fix follows), each statement's file and line, the reason given when
 * it cannot be read, and the aws_kms_key_policy that replaces a key's own policy.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { check as checkFiles, removeFolders, SLR } from '../support/terraform-workspace.js'

afterAll(removeFolders)

/** The finding for aws_kms_key.k once the files are checked as a workspace. */
async function check(files: Record<string, string>) {
  const outcome = await checkFiles(files)
  const key = outcome.keys.find(k => k.key === 'aws_kms_key.k')
  if (!key) throw new Error(`no aws_kms_key.k in ${JSON.stringify(outcome.keys)}`)
  return key
}

/** A node group launching from a template whose volumes use aws_kms_key.k. */
const NODES = `
resource "aws_launch_template" "lt" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted  = true
      kms_key_id = aws_kms_key.k.arn
    }
  }
}

resource "aws_eks_node_group" "ng" {
  cluster_name    = "prod"
  node_group_name = "ng"
  node_role_arn   = "arn:aws:iam::111122223333:role/eks-node"
  subnet_ids      = ["subnet-0a"]
  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 1
  }
  launch_template {
    id      = aws_launch_template.lt.id
    version = aws_launch_template.lt.latest_version
  }
}
`

/** The key, its policy argument on line 3, then the node group that uses it. */
const keyWith = (policy: string, extra = '') =>
  `resource "aws_kms_key" "k" {\n  description = "node volumes"\n${policy}\n}\n${NODES}${extra}`

/** A statement granting the Auto Scaling role everything, as HCL. */
const grantsAll = (sid: string) =>
  `{ Sid = "${sid}", Effect = "Allow", Principal = { AWS = "${SLR}" }, Action = "kms:*", Resource = "*" }`

/** The same policy as JSON text, a statement per line group, `principal` interpolated as given. */
const jsonText = (principal: string) => `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Root",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Nodes",
      "Effect": "Allow",
      "Principal": { "AWS": "${principal}" },
      "Action": "kms:*",
      "Resource": "*"
    }
  ]
}`

const MISSING =
  'Encrypt, Decrypt, ReEncrypt*, GenerateDataKey* and DescribeKey and kms:CreateGrant (with kms:GrantIsForAWSResource)'

// The forms of aws_kms_key's policy argument, and what each fix is written as:
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key
describe('the style of a policy: the form the fix is written in', () => {
  it('no policy: the key gets the default policy (root only), and the fix sets one', async () => {
    const key = await check({ 'main.tf': keyWith('') })
    expect(key).toMatchObject({ style: 'none', status: 'missing', file: 'main.tf', line: 1 })
    // The default key policy delegates to IAM: never enough for a service-linked role.
    expect(key.message).toContain(`does not grant the EC2 Auto Scaling service-linked role`)
    expect(key.fix).toContain('The key has no policy, so it gets the default one (root only).')
    expect(key.fix).toContain('Sid       = "EnableIAMUserPermissions"')
  })

  it('jsonencode, file, templatefile, a heredoc and a policy document are told apart', async () => {
    const empty = '{"Version": "2012-10-17", "Statement": []}'
    const forms: [string, Record<string, string>, string][] = [
      [
        'jsonencode',
        { 'main.tf': keyWith('  policy = jsonencode({ Statement = [] })') },
        'jsonencode'
      ],
      [
        'file',
        { 'main.tf': keyWith('  policy = file("policy.json")'), 'policy.json': empty },
        'file'
      ],
      [
        'templatefile',
        { 'main.tf': keyWith('  policy = templatefile("policy.tpl", {})'), 'policy.tpl': empty },
        'file'
      ],
      ['heredoc', { 'main.tf': keyWith(`  policy = <<EOF\n${empty}\nEOF`) }, 'heredoc'],
      [
        'policy document',
        {
          'main.tf': keyWith(
            '  policy = data.aws_iam_policy_document.k.json',
            'data "aws_iam_policy_document" "k" {\n}\n'
          )
        },
        'policy-document'
      ]
    ]
    for (const [form, files, style] of forms) {
      const key = await check(files)
      expect([form, key.style, key.status]).toEqual([form, style, 'missing'])
    }
  })

  it('a policy from a file gets the statements to add to its JSON, not HCL', async () => {
    const key = await check({
      'main.tf': keyWith('  policy = file("policy.json")'),
      'policy.json': '{"Statement": []}'
    })
    expect(key.fix).toContain('# Add to the Statement list of the key policy JSON:')
    expect(key.fix).toContain('"Sid": "EksKmsGuardAutoScalingUse"')
  })

  it('a policy held in a variable is of no known style, and cannot be told without its value', async () => {
    const key = await check({ 'main.tf': keyWith('  policy = var.p', 'variable "p" {}\n') })
    expect(key).toMatchObject({ style: 'unknown', status: 'unknown', line: 3 })
    expect(key.message).toBe(
      'Cannot tell whether aws_kms_key.k lets the Auto Scaling service-linked role use it: the policy is ${…} (unknown: var.p (no value)).'
    )
  })
})

// Heredoc strings and templates: https://developer.hashicorp.com/terraform/language/expressions/strings#heredoc-strings
describe('where each statement is written', () => {
  it('in a heredoc: the line of its Sid', async () => {
    const key = await check({ 'main.tf': keyWith(`  policy = <<EOF\n${jsonText(SLR)}\nEOF`) })
    expect(key.status).toBe('granted')
    // Line 3 holds `policy = <<EOF`; the text starts on line 4 and "Sid": "Nodes" is its 12th line.
    expect(key.decidedBy).toEqual([{ kind: 'statement', name: 'Nodes', file: 'main.tf', line: 15 }])
    expect(key.message).toBe(
      'aws_kms_key.k lets the Auto Scaling service-linked role use it: statement Nodes at main.tf:15.'
    )
  })

  it('in a heredoc with an interpolation elsewhere: read around it, lines kept', async () => {
    const text = jsonText(SLR).replace(
      '"arn:aws:iam::111122223333:root"',
      '"arn:aws:iam::${var.account}:root"'
    )
    const key = await check({
      'main.tf': keyWith(`  policy = <<EOF\n${text}\nEOF`, 'variable "account" {}\n')
    })
    expect(key.status).toBe('granted')
    expect(key.decidedBy).toEqual([{ kind: 'statement', name: 'Nodes', file: 'main.tf', line: 15 }])
  })

  it('in a heredoc whose deciding principal is interpolated: cannot tell, naming the variable', async () => {
    const key = await check({
      'main.tf': keyWith(
        `  policy = <<EOF\n${jsonText('${var.role}')}\nEOF`,
        'variable "role" {}\n'
      )
    })
    expect(key.status).toBe('unknown')
    expect(key.unknowns.map(u => u.what)).toEqual(['var.role (no value)'])
    // Named where it is interpolated: the Principal line of the statement that would decide.
    // The kms:ReEncrypt* the use statement asks is named once, not again on its own.
    expect(key.message).toBe(
      `Cannot tell whether the policy of aws_kms_key.k grants the Auto Scaling service-linked role ${MISSING}: it depends on var.role (no value) at main.tf:17.`
    )
  })

  it('in a heredoc that is not JSON around its interpolations: cannot tell, and why', async () => {
    const key = await check({
      'main.tf': keyWith('  policy = <<EOF\n{ "Statement": [ ${var.s} }\nEOF', 'variable "s" {}\n')
    })
    expect(key.status).toBe('unknown')
    expect(key.unknowns.map(u => u.what)).toEqual(['var.s (no value)'])
  })

  it('in jsonencode: the line each statement object starts on', async () => {
    const key = await check({
      'main.tf': keyWith(
        `  policy = jsonencode({\n    Statement = [\n      ${grantsAll('Nodes')}\n    ]\n  })`
      )
    })
    expect(key.decidedBy).toEqual([{ kind: 'statement', name: 'Nodes', file: 'main.tf', line: 5 }])
    expect(key).toMatchObject({ file: 'main.tf', line: 3 })
  })

  it('a single statement object instead of a list is read as that one statement', async () => {
    const key = await check({
      'main.tf': keyWith(`  policy = jsonencode({ Statement = ${grantsAll('One')} })`)
    })
    expect(key.status).toBe('granted')
    expect(key.decidedBy.map(d => d.name)).toEqual(['One'])
  })

  it('in a policy document: the document and its statement blocks, in their own file', async () => {
    const document = `data "aws_iam_policy_document" "k" {
  statement {
    sid = "Root"
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    actions   = ["kms:*"]
    resources = ["*"]
  }
  statement {
    sid = "Nodes"
    principals {
      type        = "AWS"
      identifiers = ["${SLR}"]
    }
    actions   = ["kms:*"]
    resources = ["*"]
  }
}
`
    const apart = await check({
      'main.tf': keyWith('  policy = data.aws_iam_policy_document.k.json'),
      'policy.tf': document
    })
    expect(apart).toMatchObject({ status: 'granted', file: 'policy.tf', line: 1 })
    expect(apart.decidedBy).toEqual([
      { kind: 'statement', name: 'Nodes', file: 'policy.tf', line: 11 }
    ])
    // In the key's own file too, the finding points at the document, where the fix goes.
    const together = await check({
      'main.tf': keyWith('  policy = data.aws_iam_policy_document.k.json', `\n${document}`)
    })
    const documentLine = keyWith('').split('\n').length + 1
    expect(together).toMatchObject({ file: 'main.tf', line: documentLine })
  })

  it('built in another file (a local): the finding points where the document is written', async () => {
    const key = await check({
      'main.tf': keyWith('  policy = local.key_policy'),
      'locals.tf': `locals {\n  key_policy = jsonencode({\n    Statement = []\n  })\n}\n`
    })
    expect(key).toMatchObject({ status: 'missing', file: 'locals.tf', line: 2 })
  })

  it('in a JSON string of a .tf.json file: the line the string is on', async () => {
    const config = {
      resource: {
        aws_kms_key: {
          k: {
            description: 'node volumes',
            policy: JSON.stringify(JSON.parse(jsonText(SLR)), null, 2)
          }
        }
      }
    }
    const key = await check({
      'main.tf.json': JSON.stringify(config, null, 2),
      'nodes.tf': NODES
    })
    expect(key.status).toBe('granted')
    // JSON syntax puts the whole policy on one line of the file, whatever newlines it holds.
    expect(key.decidedBy).toEqual([
      { kind: 'statement', name: 'Nodes', file: 'main.tf.json', line: 6 }
    ])
  })
})

describe('a policy that cannot be read says why', () => {
  const reasons: [string, string, string][] = [
    ['text that is not JSON', '  policy = "{ not json"', 'the policy text is not JSON ('],
    [
      'JSON that is not an object',
      '  policy = jsonencode(["a"])',
      'the policy is not a JSON object'
    ],
    [
      'an object without statements',
      '  policy = jsonencode({ Version = "2012-10-17" })',
      'the policy has no Statement list'
    ],
    [
      'statements held in a variable',
      '  policy = jsonencode({ Statement = var.s })',
      'its statements are unknown (unknown: var.s (no value))'
    ],
    [
      'one statement held in a variable',
      `  policy = jsonencode({ Statement = [${grantsAll('Nodes')}, var.s] })`,
      'a statement is unknown (unknown: var.s (no value))'
    ]
  ]
  it.each(reasons)('%s', async (_, policy, reason) => {
    const key = await check({ 'main.tf': keyWith(policy, 'variable "s" {}\n') })
    expect(key.status).toBe('unknown')
    expect(key.message).toContain(
      `Cannot tell whether aws_kms_key.k lets the Auto Scaling service-linked role use it: ${reason}`
    )
  })

  it('a policy that cannot be evaluated names the policy, where, and the error', async () => {
    const key = await check({ 'main.tf': keyWith('  policy = jsonencode(local.nope.x)') })
    expect(key.status).toBe('unknown')
    expect(key.unknowns).toEqual([
      {
        what: 'the policy of aws_kms_key.k',
        pos: { file: 'main.tf', line: 3 },
        how: 'it could not be evaluated: local.nope is not declared in this module'
      }
    ])
  })
})

// aws_kms_key_policy sets the whole policy of the key it names:
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key_policy
describe('a policy set by aws_kms_key_policy', () => {
  const separate = (keyId: string, statements: string, name = 'p') => `
resource "aws_kms_key_policy" "${name}" {
  key_id = ${keyId}
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [${statements}]
  })
}
`

  it('decides instead of the key’s own policy, and the finding points at it', async () => {
    const key = await check({
      'main.tf': keyWith('  policy = jsonencode({ Statement = [] })'),
      'policy.tf': separate('aws_kms_key.k.id', `\n      ${grantsAll('Separate')}\n    `)
    })
    expect(key).toMatchObject({
      status: 'granted',
      style: 'jsonencode',
      file: 'policy.tf',
      line: 4
    })
    expect(key.decidedBy).toEqual([
      { kind: 'statement', name: 'Separate', file: 'policy.tf', line: 7 }
    ])
  })

  it('a key’s own grant does not count when a separate policy replaces it', async () => {
    const key = await check({
      'main.tf': keyWith(`  policy = jsonencode({ Statement = [${grantsAll('Own')}] })`),
      'policy.tf': separate('aws_kms_key.k.arn', '')
    })
    expect(key).toMatchObject({ status: 'missing', file: 'policy.tf' })
  })

  it('one for another key leaves this key’s own policy in force', async () => {
    const key = await check({
      'main.tf': keyWith(`  policy = jsonencode({ Statement = [${grantsAll('Own')}] })`),
      'policy.tf': `resource "aws_kms_key" "other" {}\n${separate('aws_kms_key.other.id', '')}`
    })
    expect(key).toMatchObject({ status: 'granted', file: 'main.tf' })
    expect(key.decidedBy.map(d => d.name)).toEqual(['Own'])
  })

  it('one whose key_id is not known here may replace it: cannot tell, naming it', async () => {
    const key = await check({
      'main.tf': keyWith(`  policy = jsonencode({ Statement = [${grantsAll('Own')}] })`),
      'policy.tf': `variable "kid" {}\n${separate('var.kid', '')}`
    })
    expect(key.status).toBe('unknown')
    expect(key.message).toBe(
      'Cannot tell whether aws_kms_key.k lets the Auto Scaling service-linked role use it: aws_kms_key_policy.p may replace its policy (which key it sets is not known here) (unknown: var.kid (no value)).'
    )
    expect(key.unknowns).toEqual([
      expect.objectContaining({ what: 'var.kid (no value)', pos: { file: 'policy.tf', line: 4 } })
    ])
  })

  it('one that picks this key or another by a condition not known here: cannot tell', async () => {
    const key = await check({
      'main.tf': keyWith('  policy = jsonencode({ Statement = [] })'),
      'policy.tf': `variable "use_k" {}\nresource "aws_kms_key" "other" {}\n${separate(
        'var.use_k ? aws_kms_key.k.id : aws_kms_key.other.id',
        grantsAll('Separate')
      )}`
    })
    // The separate policy grants, the key's own does not: which is in force is not known.
    expect(key.status).toBe('unknown')
    expect(key.message).toContain('aws_kms_key_policy.p may replace its policy')
    expect(key.unknowns.map(u => u.what)).toEqual(['var.use_k (no value)'])
  })

  it('two whose key_id cannot be evaluated or known: both named', async () => {
    const key = await check({
      'main.tf': keyWith(`  policy = jsonencode({ Statement = [${grantsAll('Own')}] })`),
      'policy.tf': `variable "kid" {}\n${separate('local.missing', '')}${separate('var.kid', '', 'q')}`
    })
    expect(key.status).toBe('unknown')
    expect(key.message).toContain(
      'aws_kms_key_policy.p and aws_kms_key_policy.q may replace its policy (which keys they set is not known here)'
    )
    expect(key.unknowns).toContainEqual({
      what: 'the key_id of aws_kms_key_policy.p',
      pos: { file: 'policy.tf', line: 4 },
      how: 'it could not be evaluated: local.missing is not declared in this module'
    })
  })
})
