/**
 * Never green on what was not read: a file or expression that does not parse is a "cannot tell"
 * at its file and line, and the check does not pass on it (annotations, outputs and SARIF follow);
 * a module whose source is not here is said, with where it was looked for.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runCheck } from '../../src/terraform/check.js'
import { annotations, checkDiagnosis } from '../../src/check/report/findings.js'
import { toSarif } from '../../src/check/report/sarif.js'
import { RULES } from '../../src/check/report/rules.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

async function check(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'check-unread-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return runCheck({ paths: ['.'], cwd: dir })
}

const SLR =
  'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'

/** A key whose policy grants the role all it needs, and a node group launching with it. */
const GOOD = `
resource "aws_kms_key" "nodes" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
      { Effect = "Allow", Principal = { AWS = "${SLR}" }, Action = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource = "*" },
      { Effect = "Allow", Principal = { AWS = "${SLR}" }, Action = "kms:CreateGrant", Resource = "*", Condition = { Bool = { "kms:GrantIsForAWSResource" = true } } }
    ]
  })
}

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

describe('a file that does not parse', () => {
  it('the readable rest passes, but the check does not: the broken place is a cannot-tell at its line', async () => {
    const outcome = await check({
      'main.tf': GOOD,
      // What a second launch template and its key would be, written with a syntax error.
      'workers.tf': `resource "aws_launch_template" "workers" {\n  name = = "x"\n}\n`
    })
    expect(outcome.keys.find(k => k.key === 'aws_kms_key.nodes')?.status).toBe('granted')
    const unread = outcome.keys.filter(k => k.unread)
    expect(unread).toEqual([
      expect.objectContaining({ status: 'unknown', file: 'workers.tf', line: 2 })
    ])
    expect(unread[0].message).toMatch(
      /^Cannot tell: workers\.tf:2 could not be read \(syntax error\), so any KMS key, key policy or launch template written there was not checked/
    )
    expect(outcome.problems).toEqual([])
    expect(outcome.result).toBe('failure')

    const diagnosis = checkDiagnosis(outcome)
    expect(diagnosis.result).toBe('failure')
    expect(diagnosis.rootCause).toBe('unknown')
    expect(diagnosis.headline).toContain(
      'Cannot tell: a place of the configuration could not be read (workers.tf:2)'
    )

    const said = annotations(outcome).filter(a => a.file === 'workers.tf')
    expect(said).toEqual([
      expect.objectContaining({ level: 'warning', title: RULES.cannotTell.title, line: 2 })
    ])

    const results = toSarif(outcome, '1.0.0').runs[0].results ?? []
    const sarif = results.filter(
      r => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri === 'workers.tf'
    )
    expect(sarif).toEqual([
      expect.objectContaining({ ruleId: RULES.cannotTell.id, level: 'warning' })
    ])
    expect(sarif[0].locations?.[0]?.physicalLocation?.region?.startLine).toBe(2)
  })

  it('the same configuration without the broken file passes', async () => {
    const outcome = await check({ 'main.tf': GOOD })
    expect(outcome.keys.filter(k => k.unread)).toEqual([])
    expect(outcome.result).toBe('success')
  })

  it('a variable file that does not parse: its values were not read either', async () => {
    const outcome = await check({ 'main.tf': GOOD, 'terraform.tfvars': 'a = = 1\n' })
    expect(outcome.keys.filter(k => k.unread)).toEqual([
      expect.objectContaining({ file: 'terraform.tfvars', line: 1 })
    ])
    expect(outcome.result).toBe('failure')
  })
})

describe('a module whose source is not here', () => {
  it('a Windows path is not a local path to Terraform: the warning names the call and says so', async () => {
    const outcome = await check({
      'main.tf': `${GOOD}
module "labels" {
  source = ".\\\\modules\\\\labels"
  name   = "x"
}
`
    })
    expect(outcome.problems).toEqual([
      expect.objectContaining({
        path: 'main.tf',
        message: expect.stringContaining(
          'the source of module.labels (.\\modules\\labels) is not here (looked for the entry "labels" of .terraform/modules/modules.json, which terraform init writes (a path with backslashes is not a local path to Terraform'
        )
      })
    ])
    // One warning for the module (the other one, if any, is the fresh-account caution).
    expect(
      annotations(outcome).filter(
        a => a.level === 'warning' && a.title === 'Terraform file not fully checked'
      )
    ).toHaveLength(1)
  })

  it('one that could hold a node group names the folder it looked in', async () => {
    const outcome = await check({
      'main.tf': `${GOOD}
module "workers" {
  source = "./modules/workers"
}
`
    })
    const workers = outcome.keys.find(k => k.key === 'module.workers')
    expect(workers?.status).toBe('unknown')
    expect(workers?.message).toContain('(looked for the folder modules/workers)')
  })
})
