/**
 * check mode at the action's edge, in process: the annotations, the outputs (counts and the
 * SARIF file, validated against the SARIF 2.1.0 schema), and what goes to the report.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import type { AnnotationProperties } from '@actions/core'
import { readConfig } from '../../src/inputs.js'
import { Timeline } from '../../src/timeline/collector.js'
import { checkMode, type CheckSink } from '../../src/check/mode.js'
import type { Diagnosis } from '../../src/diagnose/diagnose.js'

const FIXTURES = join(process.cwd(), '__tests__/fixtures/terraform')
const exitCode = process.exitCode

afterAll(() => {
  process.exitCode = exitCode
})

function sarifValidator() {
  const require = createRequire(import.meta.url)
  const schema = JSON.parse(
    readFileSync(
      require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'),
      'utf8'
    )
  ) as Record<string, unknown>
  // The schema is draft-04: its `id` is draft-07's `$id`.
  const { id, $schema, ...rest } = schema
  void $schema
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, logger: false })
  return ajv.compile({ ...rest, $id: String(id) })
}

async function run(dir: string, inputs: Record<string, string> = {}) {
  const annotations: { level: string; message: string; properties?: AnnotationProperties }[] = []
  const outputs: Record<string, string> = {}
  const sink: CheckSink = {
    info: () => undefined,
    error: (message, properties) => annotations.push({ level: 'error', message, properties }),
    warning: (message, properties) => annotations.push({ level: 'warning', message, properties }),
    notice: (message, properties) => annotations.push({ level: 'notice', message, properties }),
    setOutput: (name, value) => {
      outputs[name] = value
    },
    saveState: () => undefined
  }
  const published: { diagnosis?: Diagnosis; sections?: string[] } = {}
  const config = readConfig(
    name => ({ mode: 'check', 'working-directory': dir, ...inputs })[name] ?? '',
    {}
  )
  const previous = process.env.GITHUB_WORKSPACE
  process.env.GITHUB_WORKSPACE = process.cwd()
  try {
    await checkMode(config, new Timeline(() => 0), sink, async (diagnosis, sections) => {
      published.diagnosis = diagnosis
      published.sections = sections
    })
  } finally {
    process.env.GITHUB_WORKSPACE = previous
  }
  const sarif = JSON.parse(readFileSync(outputs['sarif-file'], 'utf8')) as {
    runs: {
      results: {
        ruleId: string
        level: string
        locations: {
          physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } }
        }[]
      }[]
    }[]
  }
  return { annotations, outputs, published, sarif }
}

describe('check mode', () => {
  it('a missing grant: error annotations at the key policy and at the launch template, counts, and a valid SARIF file', async () => {
    const { annotations, outputs, published, sarif } = await run(join(FIXTURES, 'local-module'))
    expect(outputs).toMatchObject({
      'keys-checked': '1',
      'keys-missing': '1',
      'keys-cannot-tell': '0'
    })
    const errors = annotations.filter(a => a.level === 'error')
    expect(errors.map(e => [e.properties?.file, e.properties?.startLine])).toEqual([
      ['__tests__/fixtures/terraform/local-module/main.tf', 5],
      ['__tests__/fixtures/terraform/local-module/modules/nodes/main.tf', 16]
    ])
    expect(published.diagnosis?.rootCause).toBe('kms-policy-missing-autoscaling-role')
    expect(published.sections?.[0]).toContain('❌ missing')
    const validate = sarifValidator()
    expect(validate(sarif)).toBe(true)
    expect(sarif.runs[0].results).toEqual([
      expect.objectContaining({
        ruleId: 'EKSKMS001',
        level: 'error',
        locations: [
          {
            physicalLocation: {
              artifactLocation: {
                uri: '__tests__/fixtures/terraform/local-module/main.tf',
                uriBaseId: '%SRCROOT%'
              },
              region: { startLine: 5 }
            }
          }
        ]
      }),
      // The fix names the Auto Scaling role, which nothing in the configuration creates.
      expect.objectContaining({ ruleId: 'EKSKMS103', level: 'warning' })
    ])
  })

  it('a key that grants a role nothing creates: a warning on every edge and a cannot-tell count', async () => {
    const { annotations, outputs, published, sarif } = await run(join(FIXTURES, 'fresh-account'))
    expect(outputs).toMatchObject({
      'keys-checked': '1',
      'keys-missing': '0',
      'keys-cannot-tell': '1'
    })
    const warnings = annotations.filter(a => a.level === 'warning')
    expect(warnings).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('On a fresh account the role does not exist yet'),
        properties: expect.objectContaining({
          title: 'Auto Scaling service-linked role may not exist yet',
          file: '__tests__/fixtures/terraform/fresh-account/eks-cluster.tf'
        })
      })
    ])
    expect(sarifValidator()(sarif)).toBe(true)
    expect(sarif.runs[0].results).toEqual([
      expect.objectContaining({ ruleId: 'EKSKMS103', level: 'warning' })
    ])
    expect(published.diagnosis?.openQuestions).toEqual([
      expect.stringContaining('No aws_iam_service_linked_role for autoscaling.amazonaws.com')
    ])
  })

  it('declaring the role leaves nothing to tell', async () => {
    const { annotations, outputs } = await run(join(FIXTURES, 'incident-fixed'))
    expect(outputs).toMatchObject({ 'keys-missing': '0', 'keys-cannot-tell': '0' })
    expect(annotations).toEqual([])
  })

  it('an unknown: a warning at the expression, saying how to make it known, and a cannot-tell count', async () => {
    const { annotations, outputs, sarif } = await run(join(FIXTURES, 'dynamic-unknown'))
    expect(outputs).toMatchObject({ 'keys-missing': '0', 'keys-cannot-tell': '1' })
    expect(annotations.some(a => a.level === 'error')).toBe(false)
    const warnings = annotations.filter(a => a.level === 'warning')
    // At the unknown expression (for_each = var.block_devices), and at the kms_key_id it feeds.
    expect(warnings.map(w => w.properties?.startLine)).toEqual([23, 30])
    const warning = warnings[0]
    expect(warning.properties?.file).toBe('__tests__/fixtures/terraform/dynamic-unknown/main.tf')
    expect(warning.message).toContain('var.block_devices (no value)')
    expect(warning.message).toContain('var-files')
    expect(sarifValidator()(sarif)).toBe(true)
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'EKSKMS100', level: 'warning' })
  })

  it('var-files makes it known', async () => {
    const { outputs } = await run(join(FIXTURES, 'dynamic-unknown'), { 'var-files': 'prod.tfvars' })
    expect(outputs).toMatchObject({ 'keys-missing': '1', 'keys-cannot-tell': '0' })
  })

  it('nothing to read fails the step, naming the input', async () => {
    const { annotations, published } = await run(join(FIXTURES, 'plan'))
    expect(published.diagnosis?.result).toBe('failure')
    expect(annotations[0]).toMatchObject({ level: 'error' })
    expect(annotations[0].message).toMatch(
      /^Input 'terraform-paths' \(\.\) matched no \.tf, \.tf\.json, \.tofu or \.tofu\.json file/
    )
  })
})
