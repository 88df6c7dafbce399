/**
 * The SARIF file for the other formats: valid SARIF 2.1.0, the same rules as Terraform's, each
 * result at the template's line, so code scanning shows it on the pull request.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { readConfig } from '../../src/inputs.js'
import { Timeline } from '../../src/timeline/collector.js'
import { checkMode, type CheckSink } from '../../src/check/mode.js'

const exitCode = process.exitCode
afterAll(() => {
  process.exitCode = exitCode
})

function validator() {
  const require = createRequire(import.meta.url)
  const schema = JSON.parse(
    readFileSync(
      require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'),
      'utf8'
    )
  ) as Record<string, unknown>
  const { id, $schema, ...rest } = schema
  void $schema
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, logger: false })
  return ajv.compile({ ...rest, $id: String(id) })
}

interface Sarif {
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

async function sarifOf(dir: string, inputs: Record<string, string> = {}) {
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
  const config = readConfig(
    name =>
      ({ mode: 'check', 'working-directory': join(process.cwd(), dir), ...inputs })[name] ?? '',
    {}
  )
  const previous = process.env.GITHUB_WORKSPACE
  process.env.GITHUB_WORKSPACE = process.cwd()
  try {
    await checkMode(config, new Timeline(() => 0), sink, async () => undefined)
  } finally {
    process.env.GITHUB_WORKSPACE = previous
  }
  const text = readFileSync(outputs['sarif-file'], 'utf8')
  return { outputs, sarif: JSON.parse(text) as Sarif }
}

describe('SARIF for CloudFormation, CDK and eksctl', () => {
  it('a CloudFormation key policy finding is a valid SARIF error at the template line', async () => {
    const { sarif } = await sarifOf('__tests__/fixtures/cloudformation/service-principal')
    expect(validator()(sarif)).toBe(true)
    const errors = sarif.runs[0].results.filter(r => r.level === 'error')
    expect(errors[0].locations[0].physicalLocation).toMatchObject({
      artifactLocation: {
        uri: '__tests__/fixtures/cloudformation/service-principal/template.json'
      },
      region: { startLine: 7 }
    })
    expect(errors[0].ruleId).toBe(sarif.runs[0].results[0].ruleId)
  })

  it('an eksctl key that needs checking is a warning, not an error', async () => {
    const { sarif, outputs } = await sarifOf('__tests__/fixtures/eksctl/with-key')
    expect(validator()(sarif)).toBe(true)
    expect(outputs.result ?? 'success').not.toBe('failure')
    const levels = sarif.runs[0].results.map(r => r.level)
    expect(levels).not.toContain('error')
    expect(levels).toContain('warning')
  })
})
