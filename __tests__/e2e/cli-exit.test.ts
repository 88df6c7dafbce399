/**
 * The CLI's exit code for every mode, output format and outcome: 0 passed, 1 a finding (or a
 * failed deployment, or a timeout), 2 bad usage or a run that could not look at all (no
 * credentials, no permission, no such cluster, no configuration at the path). Scripts and
 * pre-commit hooks branch on it, so each combination is pinned — a formatter that printed its
 * document must not turn a finding into 0.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../../src/cli/main.js'
import { compressedInputs, startSession, type Session } from '../../sim/harness.js'
import { resolveScenario } from '../../sim/scenarios.js'

const FIXTURES = '__tests__/fixtures/terraform'

let session: Session | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

async function run(argv: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = []
  const err: string[] = []
  const saved = { ...process.env }
  const exitCode = process.exitCode
  Object.assign(process.env, env)
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete process.env[name]
  try {
    const code = await cli(argv, {
      out: t => out.push(t),
      err: t => err.push(t),
      clock: session?.sim.clock
    })
    return { code, out: out.join('\n'), err: err.join('\n') }
  } finally {
    for (const name of Object.keys(process.env)) delete process.env[name]
    Object.assign(process.env, saved)
    process.exitCode = exitCode
  }
}

/** verify or deploy against a simulator scenario, in the scenario's compressed time. */
async function aws(
  scenario: string,
  mode: 'verify' | 'deploy',
  format: 'text' | 'json',
  flags: Record<string, string> = {},
  overrides?: unknown,
  env: Record<string, string | undefined> = {}
) {
  const resolved = resolveScenario(scenario, overrides)
  session = await startSession(resolved)
  const inputs = compressedInputs(resolved, flags)
  delete inputs['github-token']
  const argv = [mode, '--format', format]
  for (const [name, value] of Object.entries(inputs)) argv.push(`--${name}`, value)
  return run(argv, {
    AWS_ENDPOINT_URL: session.sim.url,
    AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEACCESSKEY',
    AWS_SECRET_ACCESS_KEY: 'example/secret/access/key/EXAMPLEKEY',
    AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PROFILE: undefined,
    ...env
  })
}

describe('check: exit code for each format and outcome', () => {
  const cases: [string, string[], number][] = [
    ['passed', [`${FIXTURES}/incident-fixed`], 0],
    ['a finding', [`${FIXTURES}/incident-before`], 1],
    ['no configuration at the path', ['no/such/folder'], 2]
  ]
  for (const format of ['text', 'json', 'sarif'])
    it.each(cases)(`--format ${format}: %s`, async (_label, paths, expected) => {
      const r = await run(['check', ...paths, '--format', format])
      expect(r.code).toBe(expected)
    })

  it('an error is said once, and json still prints its document', async () => {
    const text = await run(['check', 'no/such/folder'])
    expect(text.out.split('\n').filter(l => l.includes('matched no'))).toHaveLength(1)
    const json = await run(['check', 'no/such/folder', '--format', 'json'])
    expect(JSON.parse(json.out).outputs.result).toBe('failure')
  })
})

describe('the CLI leaves nothing behind', () => {
  it('no timeline or SARIF file is left in the temp folder, and the JSON names none', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'cli-temp-'))
    try {
      for (const format of ['text', 'json', 'sarif']) {
        const r = await run(['check', `${FIXTURES}/incident-before`, '--format', format], {
          TMPDIR: temp
        })
        expect(r.code).toBe(1)
        if (format === 'sarif') expect(JSON.parse(r.out).version).toBe('2.1.0')
        if (format === 'json') {
          const outputs = JSON.parse(r.out).outputs
          expect(outputs['sarif-file']).toBeUndefined()
          expect(outputs['timeline-file']).toBeUndefined()
        }
      }
      expect(readdirSync(temp)).toEqual([])
    } finally {
      rmSync(temp, { recursive: true, force: true })
    }
  })
})

describe('verify and deploy: exit code for each format and outcome', () => {
  for (const format of ['text', 'json'] as const) {
    it(`--format ${format}: all clear is 0`, async () => {
      expect((await aws('correct-policy', 'verify', format)).code).toBe(0)
    })

    it(`--format ${format}: the incident is a finding, 1`, async () => {
      const r = await aws('incident', 'verify', format)
      expect(r.code).toBe(1)
      if (format === 'json')
        expect(JSON.parse(r.out).outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
    })

    it(`--format ${format}: deploy that fixes the key is 0`, async () => {
      expect((await aws('incident', 'deploy', format)).code).toBe(0)
    })

    it(`--format ${format}: a timeout is 1`, async () => {
      const r = await aws('late-nodegroup', 'verify', format, {
        'nodegroup-names': 'node-group-synthar3eg',
        'timeout-minutes': '0.02'
      })
      expect(r.code).toBe(1)
    })

    it(`--format ${format}: no such cluster is 2`, async () => {
      expect((await aws('incident', 'verify', format, { 'cluster-name': 'nope' })).code).toBe(2)
    })

    it(`--format ${format}: no permission is 2`, async () => {
      const r = await aws(
        'incident',
        'verify',
        format,
        {},
        {
          faults: [{ operation: 'DescribeCluster', accessDenied: true }]
        }
      )
      expect(r.code).toBe(2)
    })

    it(`--format ${format}: no credentials is 2, said once`, async () => {
      const r = await aws('incident', 'verify', format, {}, undefined, {
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
        AWS_CONFIG_FILE: '/nonexistent/config'
      })
      expect(r.code).toBe(2)
      const said = `${r.out}\n${r.err}`.split('\n').filter(l => /credentials/i.test(l))
      expect(said.length).toBeGreaterThan(0)
      expect(new Set(said).size).toBe(said.length)
    })
  }
})
