/**
 * Issue 16: day-2 operations watched end to end through the simulator — node group updates,
 * scale-outs, add-ons and the whole deployment's phases.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import type { Session } from '../../sim/harness.js'
import { ROOT } from '../../sim/harness.js'
import { INCIDENT_KEY_ID, runScenario, waitCommand } from '../support/e2e.js'

const NG = 'node-group-synthar3eg'
const LT = 'lt-0abc1234def567890'
const CONTROL = join(ROOT, '__tests__', 'fixtures', 'fake-control.mjs')
/**
 * The scenario's own update does not start: the deploy command starts it. EKS's setup phase takes
 * a minute here (30 s by default), so the compressed run has room for a poll and the key work.
 */
const NOT_STARTED = {
  updates: [{ id: 'lt-v2', startAfterSeconds: null }],
  timing: { updateSetupSeconds: 60 }
}

let session: Session | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

function updateVersionCommand(wait = 4000): string {
  const body = JSON.stringify({ launchTemplate: { id: LT, version: '2' } })
  return `node ${CONTROL} --after 1000 --post nodegroups/${NG}/update-version --body '${body}' --wait ${wait}`
}

/** DescribeScalingActivities calls made at or after the first failed activity ended. */
function pollsAfterFirstFailure(s: Session): number {
  const failures = s.sim.world.activities.filter(a => a.finalStatus !== 'Successful')
  const firstEnd = Math.min(...failures.map(a => a.endTime))
  return s.sim.world.calls.filter(
    c => c.operation === 'DescribeScalingActivities' && c.time >= firstEnd
  ).length
}

function phasesOf(run: { timeline?: Record<string, unknown> }) {
  return (run.timeline?.phases ?? []) as { name: string; section: string; seconds: number }[]
}

describe('node group updates', () => {
  it('verify: a version update to a template whose key lacks the grant fails within one poll of the first failed surge launch, with the key as the cause', async () => {
    // The update starts as the run does (a verify started before it would rightly see ACTIVE).
    const result = await runScenario(
      'update-broken-key',
      { mode: 'verify' },
      { overrides: { updates: [{ id: 'lt-v2', startAfterSeconds: 0 }] } }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role',
      'failure-code': 'Client.InvalidKMSKey.InvalidState',
      'policy-changed': 'false'
    })
    expect(pollsAfterFirstFailure(session)).toBeLessThanOrEqual(2)
    // Measured from the update's start, not the node group's creation a day earlier.
    expect(Number(result.run.outputs['detected-after-seconds'])).toBeLessThan(600)
    expect(result.run.summary).toMatch(/VersionUpdate .* to launch template version 2/)
    // The update was still running: EKS had not failed it yet.
    expect(session.sim.world.updates.find(u => u.nodegroup === NG)?.status).toBe('InProgress')
    const calls = session.sim.world.calls.map(c => c.operation)
    expect(calls).toEqual(expect.arrayContaining(['ListUpdates', 'DescribeUpdate']))
  })

  it('deploy: the new version’s key is patched before any surge launch and the update succeeds', async () => {
    const result = await runScenario(
      'update-broken-key',
      { mode: 'deploy', command: updateVersionCommand() },
      { overrides: NOT_STARTED }
    )
    session = result.session
    expect(result.run.stdout).toMatch(/update-version: 200/)
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
    const world = session.sim.world
    const put = world.calls.find(c => c.operation === 'PutKeyPolicy')
    expect(put).toBeDefined()
    const surge = world.activities.filter(a => a.startTime >= world.at(0))
    expect(surge.length).toBeGreaterThan(0)
    expect(Math.min(...surge.map(a => a.startTime))).toBeGreaterThan(put!.time)
    expect(surge.every(a => a.finalStatus === 'Successful')).toBe(true)
    expect(world.updates[0].status).toBe('Successful')
    expect(JSON.stringify(world.currentPolicy(world.keys.get(INCIDENT_KEY_ID)!))).toMatch(
      /EksKmsGuard/
    )
  })

  it('deploy: a launch template version the apply writes has its key patched before the apply asks EKS for the update', async () => {
    // Terraform writes version 3 (a new key, whose policy is KMS's default), and only a minute
    // later moves the node group to it: the key is fixed in that minute, not in the update's setup.
    const NEW_KEY = '5555eeee-55ee-55ee-55ee-5555555555ee'
    const version3 = JSON.stringify({
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: {
            encrypted: true,
            volumeSize: 20,
            volumeType: 'gp3',
            kmsKeyId: `arn:aws:kms:us-east-1:111122223333:key/${NEW_KEY}`
          }
        }
      ]
    })
    const update = JSON.stringify({ launchTemplate: { id: LT, version: '3' } })
    const command = [
      `node ${CONTROL}`,
      `--post launch-templates/${LT}/versions --body '${version3}' --then 1000`,
      `--post nodegroups/${NG}/update-version --body '${update}'`,
      '--wait 4000'
    ].join(' ')
    const result = await runScenario(
      'update-broken-key',
      { mode: 'deploy', command },
      { overrides: { ...NOT_STARTED, keys: [{ id: NEW_KEY }] } }
    )
    session = result.session
    expect(result.run.stdout).toMatch(/update-version: 200/)
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
    const world = session.sim.world
    const key = world.keys.get(NEW_KEY)!
    expect(key.policies.length).toBeGreaterThan(1)
    const written =
      key.policies[1].effectiveAt - world.ms(world.scenario.timing.policyPropagationSeconds)
    // Patched while only the template existed: before the update was even asked for.
    expect(written).toBeLessThan(world.updates[0].createdAt)
    const surge = world.activities.filter(a => a.startTime >= world.updates[0].createdAt)
    expect(surge.length).toBeGreaterThan(0)
    expect(surge.every(a => a.finalStatus === 'Successful')).toBe(true)
  })

  it('a run starting while an update has been failing for 20 minutes says so', async () => {
    const result = await runScenario('update-started-before-run', { mode: 'verify' })
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role',
      'detected-after-seconds': ''
    })
    expect(result.run.summary).toMatch(
      /had been in progress for \d+ (seconds|minutes) when this run started, failing this way/
    )
  })
})

describe('scale-outs and add-ons', () => {
  it('a scale-out with a stripped key is caught', async () => {
    const result = await runScenario('scale-out-stripped-key', { mode: 'verify' })
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role'
    })
  })

  it('a scale-out that bypasses EKS (an autoscaler sets the desired capacity) is caught at its first failed launch, while EKS still shows the node group ACTIVE', async () => {
    // The AMI was deregistered since the group last launched. The node group stays ACTIVE: only
    // its Auto Scaling group's desired capacity shows the scale-out.
    const scale = `node ${CONTROL} --after 1000 --post nodegroups/${NG}/scale --body '{"desiredSize":3}' --wait 20000`
    const result = await runScenario(
      'ami-not-found',
      { mode: 'deploy', command: scale },
      {
        overrides: {
          nodegroups: [{ name: NG, initialStatus: 'ACTIVE', desiredSize: 2, maxSize: 4 }]
        }
      }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'launch-template-invalid',
      'failure-code': 'InvalidAMIID.NotFound'
    })
    expect(session.sim.world.nodegroups[0].status).toBe('ACTIVE')
    expect(pollsAfterFirstFailure(session)).toBeLessThanOrEqual(2)
    // The deploy command is stopped on the verdict, long before its 20 s are up.
    expect(result.run.stdout).toMatch(/Interrupting the deploy command .*verdict: failure/)
    expect(result.run.stdout).toMatch(/status Failed: .*The image id .* does not exist/)
  })

  it('coredns stuck behind the incident is a consequence of the node group’s cause, never hiding it', async () => {
    const result = await runScenario('incident-coredns', { mode: 'verify' })
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role',
      'failure-code': 'Client.InvalidKMSKey.InvalidState'
    })
    expect(result.run.summary).toMatch(/Add-on coredns is CREATING .*consequence of node group/)
  })

  it('an incompatible add-on version is a finding before any wait', async () => {
    const result = await runScenario('addon-incompatible-version', { mode: 'verify' })
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'addon-version-incompatible'
    })
    expect(result.run.summary).toMatch(/aws-ebs-csi-driver v1\.24\.1-eksbuild\.1/)
    expect(result.run.summary).toMatch(/the default is v/)
    // Decided at the first poll: no scaling activity was waited for twice.
    expect(
      session.sim.world.calls.filter(c => c.operation === 'DescribeNodegroup').length
    ).toBeLessThanOrEqual(1)
  })

  it('while the cluster updates, add-ons are checked against the target version', async () => {
    const result = await runScenario('cluster-version-update', { mode: 'verify' })
    session = result.session
    expect(result.run.outputs['root-cause']).toBe('addon-version-incompatible')
    expect(result.run.summary).toMatch(/Kubernetes 1\.32, the version the cluster is updating to/)
  })

  it('add-ons failing on their own are verdicts of their own', async () => {
    const conflict = await runScenario('addon-create-failed-conflict', {
      mode: 'deploy',
      command: waitCommand(3)
    })
    session = conflict.session
    expect(conflict.run.outputs).toMatchObject({
      'root-cause': 'addon-create-failed',
      'failure-code': 'ConfigurationConflict'
    })
    expect(conflict.run.summary).toMatch(/OVERWRITE/)
    await session.close()
    const degraded = await runScenario('addon-degraded-with-nodes', {
      mode: 'deploy',
      command: waitCommand(5)
    })
    session = degraded.session
    expect(degraded.run.outputs).toMatchObject({
      'root-cause': 'addon-degraded',
      'failure-code': 'InsufficientNumberOfReplicas'
    })
  })
})

describe('the deployment’s phases', () => {
  it('the summary and the timeline file show the cluster, node group and add-on phases', async () => {
    const result = await runScenario('incident-coredns', { mode: 'deploy' })
    session = result.session
    expect(result.run.outputs.result).toBe('success')
    const phases = phasesOf(result.run)
    const names = phases.map(p => p.name)
    expect(names).toEqual(expect.arrayContaining([`Node group ${NG} creation`, 'Add-on coredns']))
    expect(phases.every(p => p.seconds >= 0)).toBe(true)
    expect(result.run.summary).toMatch(/section Add-ons/)
    expect(result.run.summary).toMatch(/Add-on coredns/)
  })
})
