/**
 * Issue: watch node groups and fail fast on fatal launch failures. The bundled action runs against
 * the simulator in compressed time; "polls" are counted from the simulator's call log.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Session } from '../../sim/harness.js'
import { runScenario, waitCommand } from '../support/e2e.js'

let session: Session | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

/** DescribeScalingActivities calls made at or after the first failed activity ended. */
function pollsAfterFirstFailure(s: Session): number {
  const failures = s.sim.world.activities.filter(a => a.finalStatus !== 'Successful')
  const firstEnd = Math.min(...failures.map(a => a.endTime))
  return s.sim.world.calls.filter(
    c => c.operation === 'DescribeScalingActivities' && c.time >= firstEnd
  ).length
}

describe('verify watches and fails fast', () => {
  it('the incident fails with the root cause within two polls of the first failed activity', async () => {
    const result = await runScenario('incident', { mode: 'verify' })
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role',
      'failure-code': 'Client.InvalidKMSKey.InvalidState',
      'policy-changed': 'false'
    })
    expect(result.run.exitCode).toBe(1)
    const polls = pollsAfterFirstFailure(session)
    expect(polls).toBeGreaterThanOrEqual(1)
    expect(polls).toBeLessThanOrEqual(2)
    // The node group was still CREATING: EKS had not given up, we did not wait for it.
    expect(session.sim.world.nodegroups[0].status).toBe('CREATING')
    expect(Number(result.run.outputs['detected-after-seconds'])).toBeGreaterThan(0)
  })

  it('a key pending deletion is named as such', async () => {
    const result = await runScenario('key-pending-deletion', { mode: 'verify' })
    session = result.session
    expect(result.run.outputs['root-cause']).toBe('kms-key-pending-deletion')
  })

  it('transient capacity failures followed by success end in success', async () => {
    const result = await runScenario('capacity-then-success', { mode: 'verify' })
    session = result.session
    expect(
      session.sim.world.activities.filter(a => a.finalStatus === 'Failed').length
    ).toBeGreaterThan(0)
    expect(result.run.outputs.result).toBe('success')
  })

  it('capacity that never returns is a verdict of its own, before EKS gives up', async () => {
    const result = await runScenario('capacity-exhausted', { mode: 'verify' })
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'capacity-unavailable',
      'failure-code': 'InsufficientInstanceCapacity'
    })
    expect(session.sim.world.nodegroups[0].status).toBe('CREATING')
  })

  it('waits for a named node group that appears late while the deploy command runs', async () => {
    const result = await runScenario('late-nodegroup', {
      mode: 'deploy',
      'patch-policy': 'false',
      command: waitCommand(2),
      'nodegroup-names': 'node-group-synthar3eg'
    })
    session = result.session
    expect(result.run.outputs.result).toBe('success')
    const describes = session.sim.world.calls.filter(c => c.operation === 'DescribeNodegroup')
    expect(describes.some(c => c.status === 404)).toBe(true)
    expect(result.run.stdout).toMatch(/not created yet/)
  })

  it('deploy with a command and a misspelt cluster fails once the command is done', async () => {
    const result = await runScenario('incident', {
      mode: 'deploy',
      command: 'true',
      'cluster-name': 'eks-cluster-typo'
    })
    session = result.session
    expect(result.run.exitCode).toBe(1)
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'cluster-not-found'
    })
    expect(result.run.summary).toContain('eks-cluster-typo')
  })

  it('verify of a cluster that does not exist says so, not that a node group is missing', async () => {
    const result = await runScenario('incident', { mode: 'verify', 'cluster-name': 'nope' })
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'cluster-not-found'
    })
  })

  it('a misspelt node group on an ACTIVE cluster fails within a couple of polls, naming those that exist', async () => {
    const result = await runScenario('correct-policy', {
      mode: 'verify',
      'nodegroup-names': 'node-group-synthar3e'
    })
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'nodegroup-not-found'
    })
    expect(result.run.summary).toContain('node-group-synthar3eg')
    const describes = session.sim.world.calls.filter(c => c.operation === 'DescribeNodegroup')
    expect(describes.length).toBeLessThanOrEqual(3)
  })

  it('names what is still pending when the timeout passes', async () => {
    const result = await runScenario('late-nodegroup', {
      mode: 'deploy',
      'patch-policy': 'false',
      command: waitCommand(30),
      'nodegroup-names': 'node-group-synthar3eg,never-created',
      'timeout-minutes': '0.05'
    })
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'timeout',
      'root-cause': 'nodegroup-not-found'
    })
    expect(result.run.summary).toContain('never-created (not created yet; waited for since')
  })

  it('failures that predate a successful patch do not fail the run', async () => {
    const result = await runScenario('failures-before-run', { mode: 'deploy' })
    session = result.session
    const before = session.sim.world.activities.filter(
      a => a.startTime < session!.sim.world.startedAt && a.finalStatus === 'Cancelled'
    )
    expect(before.length).toBeGreaterThan(0)
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
  })

  it('a heavily throttled run still reaches the right verdict', async () => {
    const result = await runScenario('throttled', { mode: 'verify' })
    session = result.session
    expect(
      session.sim.world.calls.some(
        c => c.errorCode === 'Throttling' || c.errorCode === 'ThrottlingException'
      )
    ).toBe(true)
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role'
    })
  })

  it('a launch template error is fatal at once', async () => {
    const result = await runScenario('ami-not-found', { mode: 'verify' })
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'launch-template-invalid',
      'failure-code': 'InvalidAMIID.NotFound'
    })
  })

  it('AccessDenied fails at once and names the missing IAM action', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'verify' },
      { overrides: { faults: [{ operation: 'DescribeScalingActivities', accessDenied: true }] } }
    )
    session = result.session
    expect(result.run.exitCode).toBe(1)
    expect(result.run.stdout).toMatch(
      /Access denied for autoscaling:DescribeScalingActivities on eks-node-group-synthar3eg-/
    )
    expect(
      session.sim.world.calls.filter(c => c.operation === 'DescribeScalingActivities')
    ).toHaveLength(1)
  })

  it('a cancelled run stops watching and still writes its report', async () => {
    const result = await runScenario(
      'late-nodegroup',
      {
        mode: 'deploy',
        'patch-policy': 'false',
        command: waitCommand(30),
        'nodegroup-names': 'node-group-synthar3eg'
      },
      {
        overrides: { nodegroups: [{ name: 'node-group-synthar3eg', createAfterSeconds: 100000 }] },
        signalAfter: { ms: 1500, signal: 'SIGTERM' }
      }
    )
    session = result.session
    expect(result.run.durationMs).toBeLessThan(10_000)
    expect(result.run.summary).toContain('cancelled')
    expect(result.run.outputs.result).toBe('timeout')
  })

  it('a cancel that cuts short the first AWS call is a cancel, not a failure of that call', async () => {
    // On a slow runner the cancel can land before the watch begins, while the cluster is read.
    const result = await runScenario(
      'incident',
      { mode: 'verify' },
      {
        overrides: { faults: [{ operation: 'DescribeCluster', latencyMs: 10_000 }] },
        signalAfter: { ms: 1000, signal: 'SIGINT' }
      }
    )
    session = result.session
    expect(result.run.outputs.result).toBe('timeout')
    expect(result.run.summary).toContain('cancelled')
    expect(result.run.summary).not.toContain('Request aborted')
    expect(result.run.outputs['root-cause']).not.toBe('unknown')
  })
})
