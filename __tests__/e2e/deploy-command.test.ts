/**
 * Issue: `deploy` with `command`. A fake terraform (fixtures/fake-terraform.mjs) creates the node
 * group through the simulator and behaves like Terraform on SIGINT.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Session } from '../../sim/harness.js'
import { ROOT, runAction } from '../../sim/harness.js'
import { runScenario } from '../support/e2e.js'

const FAKE = join(ROOT, '__tests__', 'fixtures', 'fake-terraform.mjs')
const NOT_STARTED = { nodegroups: [{ name: 'node-group-synthar3eg', createAfterSeconds: null }] }
const GRACE = { EKS_KMS_GUARD_INTERRUPT_GRACE_SECONDS: '2' }

let session: Session | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

function files() {
  const dir = mkdtempSync(join(tmpdir(), 'fake-tf-'))
  return { state: join(dir, 'terraform.tfstate'), signals: join(dir, 'signals.log') }
}

function command(f: { state: string; signals: string }, extra = ''): string {
  return `node ${FAKE} --state ${f.state} --signals ${f.signals} ${extra}`
}

const signals = (path: string) =>
  existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n') : []

describe('deploy runs the command under watch', () => {
  it('stops a doomed apply with SIGINT about one poll after the first failed launch; the state is complete', async () => {
    const f = files()
    const result = await runScenario(
      'incident',
      { mode: 'deploy', 'patch-policy': 'false', command: command(f) },
      { overrides: NOT_STARTED, env: GRACE }
    )
    session = result.session
    const { run } = result
    expect(run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role',
      'failure-code': 'Client.InvalidKMSKey.InvalidState'
    })
    expect(signals(f.signals)).toEqual(['SIGINT'])
    const state = JSON.parse(readFileSync(f.state, 'utf8'))
    expect(state.complete).toBe(true)
    expect(run.stdout).toContain('Gracefully shutting down')
    const kinds = run.timeline?.events.map(e => e.kind) ?? []
    expect(kinds).toEqual(
      expect.arrayContaining(['command-started', 'command-interrupt', 'command-exited'])
    )
    expect(kinds).not.toContain('command-terminate')
    // About one poll: the first failure ended, then at most two activity polls before the verdict.
    const firstEnd = Math.min(...session.sim.world.activities.map(a => a.endTime))
    expect(
      session.sim.world.calls.filter(
        c => c.operation === 'DescribeScalingActivities' && c.time >= firstEnd
      ).length
    ).toBeLessThanOrEqual(2)
    expect(session.sim.world.nodegroups[0].status).toBe('CREATING')
  })

  it('patches the key as soon as the node group exists, so the apply runs to completion', async () => {
    const f = files()
    const result = await runScenario(
      'incident',
      { mode: 'deploy', command: command(f) },
      { overrides: NOT_STARTED, env: GRACE }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
    expect(result.run.stdout).toContain('Apply complete!')
    expect(signals(f.signals)).toEqual([])
    expect(result.run.summary).toContain('Drift')
  })

  it('escalates to SIGTERM when the command ignores SIGINT past the grace', async () => {
    const f = files()
    const result = await runScenario(
      'incident',
      { mode: 'deploy', 'patch-policy': 'false', command: command(f, '--ignore-sigint') },
      { overrides: NOT_STARTED, env: GRACE }
    )
    session = result.session
    expect(signals(f.signals)).toEqual(['SIGINT', 'SIGTERM'])
    const kinds = result.run.timeline?.events.map(e => e.kind) ?? []
    expect(kinds).toEqual(expect.arrayContaining(['command-interrupt', 'command-terminate']))
    expect(result.run.outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
  })

  it('a command that fails on its own gives command-failed with its exit code', async () => {
    const f = files()
    const result = await runScenario(
      'incident',
      { mode: 'deploy', command: command(f, '--exit 2') },
      { overrides: NOT_STARTED, env: GRACE }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'command-failed',
      'failure-code': 'exit code 2'
    })
    expect(result.run.stderr + result.run.stdout).toContain('Invalid provider configuration')
  })

  it('a cancelled job forwards SIGINT to the command and still writes its summary', async () => {
    const f = files()
    const result = await runScenario(
      'late-nodegroup',
      { mode: 'deploy', command: `${command(f)} --nodegroup never-ready` },
      {
        overrides: {
          nodegroups: [{ name: 'never-ready', createAfterSeconds: null, transientFailures: 100000 }]
        },
        env: GRACE,
        signalAfter: { ms: 2500, signal: 'SIGINT' }
      }
    )
    session = result.session
    expect(signals(f.signals)[0]).toBe('SIGINT')
    expect(result.run.summary).toContain('cancelled')
    expect(JSON.parse(readFileSync(f.state, 'utf8')).complete).toBe(true)
    expect(result.run.durationMs).toBeLessThan(15_000)
  })

  it('the post step writes the report when the main step was killed before reporting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'post-'))
    const timeline = join(dir, 'timeline.json')
    writeFileSync(
      timeline,
      JSON.stringify({
        events: [
          {
            time: new Date().toISOString(),
            source: 'autoscaling',
            kind: 'launch-failed',
            detail: 'Client.InvalidKMSKey.InvalidState',
            clock: 'aws'
          }
        ]
      })
    )
    const killed = await runAction({
      runner: 'post',
      inputs: {
        mode: 'deploy',
        'cluster-name': 'prod',
        'aws-region': 'us-east-1',
        'pr-comment': 'false'
      },
      env: { 'STATE_timeline-file': timeline }
    })
    expect(killed.exitCode).toBe(0)
    expect(killed.summary).toContain('stopped before it could report')
    expect(killed.summary).toContain('Client.InvalidKMSKey.InvalidState')
    const reported = await runAction({
      runner: 'post',
      inputs: { mode: 'deploy', 'cluster-name': 'prod', 'aws-region': 'us-east-1' },
      env: { 'STATE_timeline-file': timeline, STATE_reported: 'true' }
    })
    expect(reported.summary).toBe('')
  })
})
