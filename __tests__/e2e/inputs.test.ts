/**
 * Issue: foundation. The bundle itself, run as the runner runs it, rejects bad input with one clear
 * message and exit code 1 — before any AWS call (the simulator records none).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runAction, startSession, type Session } from '../../sim/harness.js'

let session: Session
beforeAll(async () => {
  session = await startSession('incident')
})
afterAll(async () => {
  await session.close()
})

describe('dist/index.js and bad input', () => {
  it('with no inputs at all, fails on the missing cluster-name, not on module loading', async () => {
    const run = await runAction({ inputs: {}, env: { AWS_REGION: '' } })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain("::error::Input 'cluster-name' is required for mode 'verify'")
    expect(run.stderr).not.toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND|SyntaxError/)
  })

  it.each([
    [
      { mode: 'apply' },
      'Input \'mode\' has the value "apply"; it accepts one of: check, verify, deploy.'
    ],
    [{ 'cluster-name': '' }, "Input 'cluster-name' is required for mode 'verify'"],
    [{ command: 'terraform apply' }, "Input 'command' is only used with mode 'deploy'"],
    [
      { 'timeout-minutes': '-1' },
      'Input \'timeout-minutes\' has the value "-1"; it accepts a positive number'
    ],
    [{ 'poll-interval-seconds': 'fast' }, 'Input \'poll-interval-seconds\' has the value "fast"'],
    [{ 'propagation-grace-seconds': '0' }, 'Input \'propagation-grace-seconds\' has the value "0"'],
    [{ 'kms-key-ids': 'my-key' }, 'Input \'kms-key-ids\' has the value "my-key"'],
    [
      { 'autoscaling-role-arn': 'AWSServiceRoleForAutoScaling' },
      "Input 'autoscaling-role-arn' has the value"
    ],
    [{ 'dry-run': 'yes' }, 'Input \'dry-run\' has the value "yes"; it accepts a YAML 1.2 boolean'],
    [{ 'pr-number': 'abc' }, 'Input \'pr-number\' has the value "abc"']
  ])('%j is refused with a message naming the input', async (overrides, message) => {
    const before = session.sim.world.calls.length
    const run = await session.run({
      inputs: {
        mode: 'verify',
        'cluster-name': 'eks-cluster-synthar3eg',
        'aws-region': 'us-east-1',
        ...overrides
      }
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(`::error::${message}`)
    expect(session.sim.world.calls.length).toBe(before)
  })
})
