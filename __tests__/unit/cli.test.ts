/** The CLI: the action's core at another edge — flags for inputs, readable lines, exit codes. */
import { describe, expect, it } from '@jest/globals'
import { cli } from '../../src/cli/main.js'
import { parseCli, UsageError } from '../../src/cli/args.js'

const FIXTURES = '__tests__/fixtures/terraform'

async function run(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const exitCode = process.exitCode
  const code = await cli(argv, { out: t => out.push(t), err: t => err.push(t), version: '9.9.9' })
  process.exitCode = exitCode
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('eks-kms-guard CLI', () => {
  it('check on the incident’s Terraform: exit 1, file:line: error with the fix', async () => {
    const r = await run('check', `${FIXTURES}/incident-before`)
    expect(r.code).toBe(1)
    expect(r.out).toMatch(
      new RegExp(
        `${FIXTURES}/incident-before/eks-cluster.tf:9: error: The policy of aws_kms_key.eks_ebs`
      )
    )
    expect(r.out).toContain('EksKmsGuardAutoScalingGrants')
    // No workflow commands leak into a terminal.
    expect(r.out).not.toMatch(/^::/m)
  })

  it('check on the fixed Terraform: exit 0', async () => {
    expect((await run('check', `${FIXTURES}/incident-fixed`)).code).toBe(0)
  })

  it('--format json gives the outputs and annotations on stdout, the log on stderr', async () => {
    const r = await run('check', `${FIXTURES}/incident-before`, '--format', 'json')
    const parsed = JSON.parse(r.out)
    expect(parsed.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role',
      'keys-missing': '1'
    })
    expect(parsed.annotations[0]).toMatchObject({ level: 'error', line: 9 })
  })

  it('a fresh-account warning reaches the text, the JSON and the SARIF alike', async () => {
    const text = await run('check', `${FIXTURES}/fresh-account`)
    expect(text.code).toBe(0)
    expect(`${text.out}\n${text.err}`).toMatch(
      /fresh-account\/eks-cluster\.tf:\d+: warning: No aws_iam_service_linked_role/
    )
    const json = JSON.parse(
      (await run('check', `${FIXTURES}/fresh-account`, '--format', 'json')).out
    ) as { outputs: Record<string, string>; annotations: { level: string; message: string }[] }
    expect(json.outputs['keys-cannot-tell']).toBe('1')
    expect(json.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining('On a fresh account')
      })
    )
    const sarif = JSON.parse(
      (await run('check', `${FIXTURES}/fresh-account`, '--format', 'sarif')).out
    ) as { runs: { results: { ruleId: string }[] }[] }
    expect(sarif.runs[0].results.map(r => r.ruleId)).toEqual(['EKSKMS103'])
  })

  it('--format sarif prints SARIF 2.1.0', async () => {
    const r = await run('check', `${FIXTURES}/incident-before`, '--format', 'sarif')
    const sarif = JSON.parse(r.out)
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0].results.length).toBeGreaterThan(0)
  })

  it('bad usage is exit 2 with the usage; bad input names the input', async () => {
    const none = await run()
    expect(none.code).toBe(2)
    expect(none.err).toContain('Usage: eks-kms-guard')
    expect((await run('check', '--format', 'xml')).err).toContain(
      '--format accepts text, json or sarif'
    )
    expect((await run('verify', 'some/path')).err).toContain('verify takes no paths')
    const bad = await run('verify', '--aws-region', 'us-east-1')
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/cluster-name/)
    expect((await run('check', '--nope')).code).toBe(2)
  })

  it('--help and --version', async () => {
    expect((await run('--help')).out).toContain('Exit codes: 0 passed')
    expect((await run('--version')).out).toBe('9.9.9')
  })

  it('maps flags onto the action’s inputs, one validation for both', () => {
    expect(parseCli(['deploy', '--cluster-name', 'prod', '--dry-run']).inputs).toMatchObject({
      mode: 'deploy',
      'cluster-name': 'prod',
      'dry-run': 'true',
      'pr-comment': 'false'
    })
    expect(() => parseCli(['verify', '--format', 'sarif'])).toThrow(UsageError)
  })
})
