/**
 * Issue #22: self-managed Auto Scaling groups of the cluster (no EKS node group) are found by
 * their tags or named in `asg-names`, their keys checked for the role they launch with, and their
 * launches watched like a node group's — in verify and deploy, against the simulator.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Session } from '../../sim/harness.js'
import { ROOT } from '../../sim/harness.js'
import { currentPolicy, INCIDENT_KEY_ID, operations, runScenario } from '../support/e2e.js'

let session: Session | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

const GROUP = 'workers-synthar3eg'

describe('verify: a self-managed group found by the cluster tag', () => {
  it('whose key does not let the role launch fails, naming the Auto Scaling group, the key and the fix', async () => {
    const result = await runScenario('self-managed-asg', { mode: 'verify' })
    session = result.session
    const { run } = result
    expect(run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role',
      // Decided on the group's first cancelled launch, not on the key alone at the deadline.
      'failure-code': 'Client.InvalidKMSKey.InvalidState',
      'nodegroups-checked': '0',
      'asgs-checked': '1'
    })
    expect(run.summary).toContain(`Auto Scaling group ${GROUP}`)
    expect(run.summary).not.toContain(`node group ${GROUP}`)
    expect(run.summary).toContain(INCIDENT_KEY_ID)
    expect(run.summary).toContain('AWSServiceRoleForAutoScaling')
    // No EKS status would turn: the group retries, and nothing in CI would have failed.
    expect(run.summary).toContain('the Auto Scaling group keeps retrying the launches')
    expect(run.summary).not.toContain('DEGRADED')
    // verify writes nothing.
    expect(operations(session, 'PutKeyPolicy')).toBe(0)
  })
})

/** The group of self-managed-asg, on the correct-policy key (its policy grants the default role). */
const HEALTHY = {
  nodegroups: [
    { name: 'node-group-synthar3eg', createAfterSeconds: null },
    {
      name: GROUP,
      launchTemplate: { id: 'lt-0abc1234def567890', version: '1' },
      desiredSize: 2,
      createAfterSeconds: 0,
      selfManaged: {
        tags: { 'kubernetes.io/cluster/eks-cluster-synthar3eg': 'owned', Name: GROUP }
      }
    }
  ]
}

describe('verify: a healthy self-managed group', () => {
  it('succeeds with asgs-checked=1 beside the managed node group, whose own Auto Scaling group (same cluster tags) is not counted again', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      {
        overrides: {
          nodegroups: [
            { name: 'node-group-synthar3eg', createAfterSeconds: 0 },
            {
              ...HEALTHY.nodegroups[1],
              // eksctl's unmanaged node groups: the cluster in a tag's value, in a mixed
              // instances policy.
              selfManaged: {
                tags: { 'alpha.eksctl.io/cluster-name': 'eks-cluster-synthar3eg' },
                mixedInstances: true
              }
            },
            {
              // Another cluster's group: not watched.
              name: 'other-cluster-workers',
              launchTemplate: { id: 'lt-0abc1234def567890', version: '1' },
              createAfterSeconds: 0,
              selfManaged: { tags: { 'alpha.eksctl.io/cluster-name': 'another-cluster' } }
            }
          ]
        }
      }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'success',
      'nodegroups-checked': '1',
      'asgs-checked': '1'
    })
    expect(result.run.summary).toContain(`Auto Scaling group ${GROUP}`)
    expect(result.run.summary).not.toContain('other-cluster-workers')
    expect(result.run.stdout).not.toMatch(/::warning::No node group/)
  })

  it('with a custom-suffix service-linked role, its key is checked for that role (which the policy does not name)', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      {
        overrides: {
          nodegroups: [
            HEALTHY.nodegroups[0],
            {
              ...HEALTHY.nodegroups[1],
              serviceLinkedRoleName: 'AWSServiceRoleForAutoScaling_workers'
            }
          ]
        }
      }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role',
      'asgs-checked': '1'
    })
    expect(result.run.summary).toContain('AWSServiceRoleForAutoScaling_workers')
    expect(result.run.summary).toContain(`Auto Scaling group ${GROUP}`)
  })
})

describe('asg-names', () => {
  it('a named group that appears beside an apply is waited for, then watched to success', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify', 'asg-names': GROUP },
      {
        overrides: {
          cluster: { createAfterSeconds: -720, creatingSeconds: 600 },
          nodegroups: [
            // A managed node group too: naming only Auto Scaling groups leaves it out.
            { name: 'node-group-synthar3eg', createAfterSeconds: 0 },
            { ...HEALTHY.nodegroups[1], createAfterSeconds: 180 }
          ]
        }
      }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'success',
      'asgs-checked': '1',
      'nodegroups-checked': '0'
    })
    const created = result.run.timeline?.events.find(e => e.kind === 'asg-created')
    expect(created?.detail).toContain(GROUP)
  })

  it('a misspelt name with nothing under way fails fast, saying which self-managed groups exist', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify', 'asg-names': 'workers-synthar3e' },
      { overrides: HEALTHY }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'nodegroup-not-found'
    })
    expect(result.run.summary).toContain(
      `Auto Scaling group workers-synthar3e does not exist in cluster eks-cluster-synthar3eg (did you mean ${GROUP}?)`
    )
  })

  it('rejects a name Auto Scaling would refuse, naming the input', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify', 'asg-names': 'bad:name' },
      { overrides: HEALTHY }
    )
    session = result.session
    expect(result.run.exitCode).not.toBe(0)
    expect(result.run.stdout).toMatch(/asg-names/)
  })
})

describe('deploy: a command creates a self-managed group whose key is broken', () => {
  const declared = {
    nodegroups: [HEALTHY.nodegroups[0], { ...HEALTHY.nodegroups[1], createAfterSeconds: null }]
  }
  const command = (extra = '') =>
    `node ${join(ROOT, '__tests__', 'fixtures', 'fake-terraform.mjs')} --state ${join(mkdtempSync(join(tmpdir(), 'fake-tf-')), 'terraform.tfstate')} --asg ${GROUP}${extra}`

  it('patches the key as soon as the group exists, so its instances come into service and the apply completes', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'deploy', command: command() },
      { overrides: declared, env: { EKS_KMS_GUARD_INTERRUPT_GRACE_SECONDS: '2' } }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'success',
      'policy-changed': 'true',
      'asgs-checked': '1'
    })
    expect(result.run.stdout).toContain('Apply complete!')
    expect(JSON.stringify(currentPolicy(session))).toContain('AWSServiceRoleForAutoScaling')
    // Launches that failed before the patch took effect are inside the grace; the group fills up.
    const group = session.sim.world.nodegroups.find(n => n.name === GROUP)!
    expect(group.instances).toHaveLength(2)
  })

  it('with patch-policy false, fails fast on the first cancelled launch, naming the group', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'deploy', 'patch-policy': 'false', command: command() },
      { overrides: declared, env: { EKS_KMS_GUARD_INTERRUPT_GRACE_SECONDS: '2' } }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role',
      'failure-code': 'Client.InvalidKMSKey.InvalidState'
    })
    expect(result.run.summary).toContain(`Auto Scaling group ${GROUP}`)
    expect(operations(session, 'PutKeyPolicy')).toBe(0)
  })
})
