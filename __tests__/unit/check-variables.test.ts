/**
 * Where a root module's variables get their values, and which wins, as
 * https://developer.hashicorp.com/terraform/language/values/variables says ("Environment
 * Variables", "Complex-typed Values", "Variable Definition Precedence"): TF_VAR_<name> first
 * (lowest), then terraform.tfvars, terraform.tfvars.json, *.auto.tfvars(.json) in lexical order
 * of their names, then the var-files in order. The environment is passed in, as mode.ts passes
 * the step's.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runCheck } from '../../src/terraform/check.js'
import { readConfig } from '../../src/inputs.js'
import { Timeline } from '../../src/timeline/collector.js'
import { checkMode, type CheckSink } from '../../src/check/mode.js'
import type { KeyCheck } from '../../src/terraform/model.js'

const DIRS: string[] = []
afterAll(() => {
  for (const dir of DIRS) rmSync(dir, { recursive: true, force: true })
})

function write(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-variables-'))
  DIRS.push(dir)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

async function check(
  files: Record<string, string>,
  env: Record<string, string> = {},
  varFiles: string[] = []
) {
  return runCheck({ paths: ['.'], cwd: write(files), env, varFiles })
}

const statuses = (keys: KeyCheck[]) => keys.map(k => [k.key, k.status]).sort()

const ROLE =
  'arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
const ROOT = `{ Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }`
const GRANTED = `${ROOT},
    { Sid = "Use", Effect = "Allow", Principal = { AWS = "${ROLE}" }, Action = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource = "*" },
    { Sid = "Grants", Effect = "Allow", Principal = { AWS = "${ROLE}" }, Action = "kms:CreateGrant", Resource = "*", Condition = { Bool = { "kms:GrantIsForAWSResource" = true } } }`

/** Two keys behind aliases: "alias/granted" lets the role in, "alias/missing" does not. */
const KEYS = `data "aws_caller_identity" "current" {}
resource "aws_kms_key" "granted" {
  policy = jsonencode({ Statement = [${GRANTED}] })
}
resource "aws_kms_alias" "granted" {
  name          = "alias/granted"
  target_key_id = aws_kms_key.granted.key_id
}
resource "aws_kms_key" "missing" {
  policy = jsonencode({ Statement = [${ROOT}] })
}
resource "aws_kms_alias" "missing" {
  name          = "alias/missing"
  target_key_id = aws_kms_key.missing.key_id
}
`
const nodes = (kmsKeyId: string) => `resource "aws_launch_template" "nodes" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      kms_key_id = ${kmsKeyId}
    }
  }
}

resource "aws_eks_node_group" "workers" {
  launch_template {
    id = aws_launch_template.nodes.id
  }
}
`
/** A root module whose launch template's key is `var.ebs_key_arn`. */
const ROOT_MODULE = {
  'main.tf': `${KEYS}variable "ebs_key_arn" {
  type = string
}
${nodes('var.ebs_key_arn')}`
}

describe('TF_VAR_<name>', () => {
  it('supplies a root variable: the key it names is checked; without it the key is a cannot-tell', async () => {
    const given = await check(ROOT_MODULE, { TF_VAR_ebs_key_arn: 'alias/missing' })
    expect(statuses(given.keys)).toEqual([['aws_kms_key.missing', 'missing']])
    const none = await check(ROOT_MODULE)
    expect(none.keys.map(k => k.status)).toEqual(['unknown'])
    expect(none.keys[0].unknowns[0].how).toContain('TF_VAR_ebs_key_arn')
  })

  it('the name matches exactly (case-sensitive); variables nobody declared are ignored, silently', async () => {
    const outcome = await check(ROOT_MODULE, {
      TF_VAR_EBS_KEY_ARN: 'alias/missing',
      TF_VAR_undeclared: '[[['
    })
    expect(outcome.keys.map(k => k.status)).toEqual(['unknown'])
    expect(outcome.problems).toEqual([])
  })

  it('only root-module variables: a module’s variable of the same name keeps its default', async () => {
    const outcome = await check(
      {
        'main.tf': `${KEYS}module "nodes" {\n  source = "./nodes"\n}\n`,
        'nodes/main.tf': `variable "ebs_key_arn" {\n  default = "alias/granted"\n}\n${nodes('var.ebs_key_arn')}`
      },
      { TF_VAR_ebs_key_arn: 'alias/missing' }
    )
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.granted', 'granted']])
  })

  it('a complex type is parsed like a .tfvars value; string, number, bool and no type take the text literally', async () => {
    const files = {
      'main.tf': `${KEYS}variable "keys" {
  type = map(string)
}
variable "label" {
  type = string
}
${nodes('var.label == "{ nodes = \\"alias/granted\\" }" ? var.keys["nodes"] : null')}`
    }
    const outcome = await check(files, {
      TF_VAR_keys: '{ nodes = "alias/missing" }',
      // The same text for a string variable is that text, not a map.
      TF_VAR_label: '{ nodes = "alias/granted" }'
    })
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.missing', 'missing']])
  })

  it('`any` is not a primitive type: parsed as HCL too (Terraform parses every non-primitive type)', async () => {
    const outcome = await check(
      {
        'main.tf': `${KEYS}variable "devices" {\n  type = any\n}\n${nodes('var.devices[0].key')}`
      },
      { TF_VAR_devices: '[{ key = "alias/granted" }]' }
    )
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.granted', 'granted']])
  })

  it('a complex value that does not parse is a problem at the declaration, and the variable stays unknown', async () => {
    const outcome = await check(
      {
        'main.tf': `${KEYS}variable "keys" {\n  type = list(string)\n}\n${nodes('var.keys[0]')}`
      },
      { TF_VAR_keys: '["alias/missing"' }
    )
    expect(outcome.problems).toEqual([
      expect.objectContaining({ path: 'main.tf', line: KEYS.split('\n').length })
    ])
    expect(outcome.problems[0].message).toMatch(/^TF_VAR_keys does not parse/)
    expect(outcome.keys.map(k => k.status)).toEqual(['unknown'])
  })
})

describe('precedence: later sources win', () => {
  const env = { TF_VAR_ebs_key_arn: 'alias/missing' }

  it('terraform.tfvars beats TF_VAR_', async () => {
    const outcome = await check(
      { ...ROOT_MODULE, 'terraform.tfvars': 'ebs_key_arn = "alias/granted"\n' },
      env
    )
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.granted', 'granted']])
  })

  it('terraform.tfvars.json beats terraform.tfvars', async () => {
    const outcome = await check({
      ...ROOT_MODULE,
      'terraform.tfvars': 'ebs_key_arn = "alias/missing"\n',
      'terraform.tfvars.json': JSON.stringify({ ebs_key_arn: 'alias/granted' })
    })
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.granted', 'granted']])
  })

  it('*.auto.tfvars and *.auto.tfvars.json in lexical (byte) order of their names beat both', async () => {
    const outcome = await check({
      ...ROOT_MODULE,
      'terraform.tfvars.json': JSON.stringify({ ebs_key_arn: 'alias/missing' }),
      // "B" (0x42) sorts before "a" (0x61): a.auto.tfvars.json is the last word.
      'a.auto.tfvars.json': JSON.stringify({ ebs_key_arn: 'alias/granted' }),
      'B.auto.tfvars': 'ebs_key_arn = "alias/missing"\n'
    })
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.granted', 'granted']])
  })

  it('var-files beat the automatic files, in the order given', async () => {
    const outcome = await check(
      {
        ...ROOT_MODULE,
        'x.auto.tfvars': 'ebs_key_arn = "alias/granted"\n',
        'prod.tfvars': 'ebs_key_arn = "alias/granted"\n',
        'last.tfvars': 'ebs_key_arn = "alias/missing"\n'
      },
      env,
      ['prod.tfvars', 'last.tfvars']
    )
    expect(statuses(outcome.keys)).toEqual([['aws_kms_key.missing', 'missing']])
  })
})

describe('at the action’s edge', () => {
  it('the step’s environment reaches check (mode.ts passes process.env)', async () => {
    const dir = write(ROOT_MODULE)
    const outputs: Record<string, string> = {}
    const sink: CheckSink = {
      info: () => undefined,
      error: () => undefined,
      warning: () => undefined,
      notice: () => undefined,
      setOutput: (name, value) => {
        outputs[name] = value
      },
      saveState: () => undefined
    }
    const config = readConfig(name => ({ mode: 'check', 'working-directory': dir })[name] ?? '', {})
    const previous = process.env.TF_VAR_ebs_key_arn
    const workspace = process.env.GITHUB_WORKSPACE
    process.env.TF_VAR_ebs_key_arn = 'alias/missing'
    // The checkout: check reads nothing outside it.
    process.env.GITHUB_WORKSPACE = dir
    try {
      await checkMode(config, new Timeline(() => 0), sink, async () => undefined)
    } finally {
      if (previous === undefined) delete process.env.TF_VAR_ebs_key_arn
      else process.env.TF_VAR_ebs_key_arn = previous
      if (workspace === undefined) delete process.env.GITHUB_WORKSPACE
      else process.env.GITHUB_WORKSPACE = workspace
    }
    expect(outputs).toMatchObject({ 'keys-checked': '1', 'keys-missing': '1' })
  })
})
