/**
 * Issue #22 (edges) and #28 item 7: runs beside `terraform apply`, node groups that disappear,
 * node groups already failed, keys that change mid-run, and Denies that cannot matter. Each drives
 * the action in process against the simulator, in simulated time.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { ROOT, type Session } from '../../sim/harness.js'
import { INCIDENT_KEY_ID, rootPolicy, runScenario } from '../support/e2e.js'

const CONTROL = join(ROOT, '__tests__', 'fixtures', 'fake-control.mjs')

let session: Session | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

/** A cluster created a day ago: nothing about it says a deployment is under way. */
const SETTLED_CLUSTER = { cluster: { createAfterSeconds: -86_400 } }

describe('a named node group that does not exist yet', () => {
  it('is waited for beside an apply: the cluster turned ACTIVE 2 minutes ago, the group appears 3 minutes later', async () => {
    const result = await runScenario('beside-apply', {
      mode: 'verify',
      'nodegroup-names': 'node-group-synthar3eg'
    })
    session = result.session
    expect(result.run.outputs.result).toBe('success')
    expect(result.run.outputs['root-cause']).toBe('')
    // It was missing for many polls before it appeared, and the log said why it waited.
    const missing = session.sim.world.calls.filter(
      c => c.operation === 'DescribeNodegroup' && c.status === 404
    )
    expect(missing.length).toBeGreaterThan(3)
    expect(result.run.stdout).toMatch(
      /node-group-synthar3eg \(not created yet; waited for since \S+ while cluster eks-cluster-synthar3eg was created at /
    )
  })

  it('a typo on a settled cluster fails fast and says which node group was meant', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify', 'nodegroup-names': 'node-group-sytnhar3eg' },
      { overrides: SETTLED_CLUSTER }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'nodegroup-not-found'
    })
    expect(result.run.summary).toContain('did you mean node-group-synthar3eg?')
    const describes = session.sim.world.calls.filter(c => c.operation === 'DescribeNodegroup')
    expect(describes.length).toBeLessThanOrEqual(3)
  })

  it('a name that is no typo on a settled cluster fails at the timeout, listing what exists', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify', 'nodegroup-names': 'gpu-workers', 'timeout-minutes': '0.1' },
      { overrides: SETTLED_CLUSTER }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'nodegroup-not-found'
    })
    expect(result.run.summary).toMatch(
      /gpu-workers did not appear in cluster eks-cluster-synthar3eg \(waited for since [^)]+\); it has node-group-synthar3eg\./
    )
    expect(result.run.summary).not.toContain('did you mean')
    // It waited out the timeout (6 s of simulated time, polls every 0.25 s), not two polls.
    const describes = session.sim.world.calls.filter(c => c.operation === 'DescribeNodegroup')
    expect(describes.length).toBeGreaterThan(10)
  })
})

/** A second node group of the incident's launch template, deleted at `deleteAfterSeconds`. */
function withDeletedNodegroup(spec: Record<string, unknown>) {
  return {
    nodegroups: [
      {
        name: 'spot',
        launchTemplate: { id: 'lt-0abc1234def567890', version: '1' },
        desiredSize: 1,
        ...spec
      }
    ]
  }
}

describe('a node group found by listing that disappears while watched', () => {
  it('fails the run, naming it, when it never became ACTIVE', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      { overrides: withDeletedNodegroup({ createAfterSeconds: -5, deleteAfterSeconds: 10 }) }
    )
    session = result.session
    expect(result.run.exitCode).toBe(1)
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'nodegroup-not-found',
      'failure-code': 'ResourceNotFoundException'
    })
    expect(result.run.summary).toMatch(
      /Node group spot was deleted while this run watched it \(last seen DELETING, gone at [^)]+\)/
    )
  })

  it('is said, not failed, when it had been ACTIVE with its instances in service', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      { overrides: withDeletedNodegroup({ initialStatus: 'ACTIVE', deleteAfterSeconds: 10 }) }
    )
    session = result.session
    expect(result.run.outputs.result).toBe('success')
    expect(result.run.summary).toContain('Deleted while watched: spot.')
  })
})

describe('a node group that failed on the key before the run', () => {
  it('whose key was fixed since: nodegroup-create-failed, the key usable now, recreate — on the first read', async () => {
    const result = await runScenario('create-failed-key-fixed', { mode: 'verify' })
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'nodegroup-create-failed',
      'failure-code': 'Client.InvalidKMSKey.InvalidState'
    })
    expect(result.run.summary).toContain(
      'the key 1234abcd-12ab-34cd-56ef-1234567890ab is usable now; the node group must be recreated'
    )
    expect(result.run.summary).toContain('Recreate node group node-group-synthar3eg')
    expect(result.run.summary).not.toMatch(/service control policy|another Region/)
    // Already terminal when first seen: decided on that read, with no second poll.
    const describes = session.sim.world.calls.filter(c => c.operation === 'DescribeNodegroup')
    expect(describes).toHaveLength(1)
  })

  it('whose key is still broken: the key is the cause, also decided on the first read', async () => {
    const result = await runScenario('create-failed-before-run', { mode: 'verify' })
    session = result.session
    expect(result.run.outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
    const describes = session.sim.world.calls.filter(c => c.operation === 'DescribeNodegroup')
    expect(describes).toHaveLength(1)
  })
})

describe('a key that breaks during the run', () => {
  /**
   * A deploy command that, while it runs, strips the key policy to its root statement (another
   * writer) and then scales the Auto Scaling group out (an autoscaler's SetDesiredCapacity).
   */
  const stripThenScale = (pause: number) =>
    [
      `node ${CONTROL} --after 2000`,
      `--put keys/${INCIDENT_KEY_ID}/policy --body '${JSON.stringify(rootPolicy())}' --then ${pause}`,
      `--post nodegroups/node-group-synthar3eg/scale --body '{"desiredSize":4}'`,
      '--wait 20000'
    ].join(' ')

  it.each([0, 500, 1500, 3000])(
    'is read again when launches fail on it, and named as it is now (scale-out %i ms after the strip)',
    async pause => {
      const result = await runScenario(
        'correct-policy',
        { mode: 'deploy', 'patch-policy': 'false', command: stripThenScale(pause) },
        {
          overrides: {
            nodegroups: [
              { name: 'node-group-synthar3eg', initialStatus: 'ACTIVE', desiredSize: 3, maxSize: 4 }
            ]
          }
        }
      )
      session = result.session
      expect(result.run.outputs).toMatchObject({
        result: 'failure',
        'root-cause': 'kms-policy-missing-autoscaling-role',
        'policy-changed': 'false'
      })
      expect(result.run.summary).toMatch(
        /\| key-changed \| key \S+ changed during the run: it passed every check when first read/
      )
      expect(result.run.stdout).toMatch(
        /read again after KMS launch failures of node-group-synthar3eg \(\S+Z\), it has kms-policy-missing-autoscaling-role/
      )
      // Who changed it is not readable with the run's permissions: said plainly, with where to look.
      expect(result.run.stdout).toMatch(
        /This run cannot tell who changed it: the CloudTrail PutKeyPolicy events of account 111122223333 for this key between \S+Z and \S+Z name the caller\./
      )
      expect(result.run.summary).toContain('The key changed during this run: it passed every check')
      // Read once at the start and once after the failures: the budget is the first read's.
      const policyReads = session.sim.world.calls.filter(c => c.operation === 'GetKeyPolicy')
      expect(policyReads.length).toBe(2)
    }
  )
})

describe('what is decidable is decided', () => {
  /** The incident's key, encrypting the cluster's secrets too, with a TLS-only Deny and no grant for AWS resources. */
  const overrides = {
    cluster: { secretsKeyId: INCIDENT_KEY_ID },
    keys: [
      {
        id: INCIDENT_KEY_ID,
        policy: rootPolicy(
          {
            Sid: 'AutoScalingUse',
            Effect: 'Allow',
            Principal: {
              AWS: 'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
            },
            Action: [
              'kms:Encrypt',
              'kms:Decrypt',
              'kms:ReEncrypt*',
              'kms:GenerateDataKey*',
              'kms:DescribeKey'
            ],
            Resource: '*'
          },
          {
            Sid: 'NotForAwsResources',
            Effect: 'Allow',
            Principal: {
              AWS: 'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
            },
            Action: 'kms:CreateGrant',
            Resource: '*',
            Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' } }
          },
          {
            Sid: 'TlsOnly',
            Effect: 'Deny',
            Principal: '*',
            Action: 'kms:*',
            Resource: '*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } }
          }
        )
      }
    ]
  }

  it('verify names the missing grant statement; deploy adds it and nothing for the cluster role', async () => {
    const verified = await runScenario('incident', { mode: 'verify' }, { overrides })
    session = verified.session
    expect(verified.run.outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
    await session.close()

    const deployed = await runScenario('incident', { mode: 'deploy' }, { overrides })
    session = deployed.session
    expect(deployed.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
    const key = session.sim.world.keys.get(INCIDENT_KEY_ID)!
    const sids = (
      JSON.parse(session.sim.world.currentPolicy(key)) as { Statement: { Sid?: string }[] }
    ).Statement.map(s => s.Sid)
    expect(sids).toContain('EksKmsGuardAutoScalingGrants')
    expect(sids).not.toContain('EksKmsGuardAutoScalingUse')
    expect(sids).not.toContain('EksKmsGuardClusterSecrets')
  })
})

describe('nodes that no managed node group launches', () => {
  it('an Auto Mode cluster beside node groups: its key is checked for the cluster role, and what was not seen is said', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      { overrides: { cluster: { autoMode: true } } }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'success',
      'nodegroups-checked': '1',
      'launchers-checked': '1'
    })
    expect(result.run.summary).toContain(
      'EKS Auto Mode: key alias/aws/ebs checked for the cluster IAM role'
    )
    expect(result.run.summary).toContain(
      'A NodeClass that names its own key is not seen by the EKS API'
    )
    expect(result.run.stdout).not.toMatch(/::warning::EKS Auto Mode is enabled on cluster /)
  })

  it('a run that checked no node group says so in a warning, and nodegroups-checked is 0', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      { overrides: { nodegroups: [{ name: 'node-group-synthar3eg', createAfterSeconds: null }] } }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'nodegroups-checked': '0' })
    expect(result.run.outputs).toMatchObject({ 'asgs-checked': '0' })
    expect(result.run.stdout).toMatch(
      /::warning::No node group or self-managed Auto Scaling group of cluster \S+ was checked/
    )
  })
})

describe('a cluster updated within the timeout window', () => {
  it('is a deployment under way: even a near-miss name is waited for, then failed at the timeout with the hint', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify', 'nodegroup-names': 'node-group-synthar3e', 'timeout-minutes': '0.5' },
      {
        overrides: {
          ...SETTLED_CLUSTER,
          updates: [
            { id: 'k8s-1.32', type: 'VersionUpdate', version: '1.32', startAfterSeconds: -900 }
          ]
        }
      }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'nodegroup-not-found'
    })
    expect(result.run.stdout).toMatch(/waited for since \S+ while cluster \S+ was updated at /)
    expect(result.run.summary).toContain(
      'Node group node-group-synthar3e (node-group-synthar3e: did you mean node-group-synthar3eg?) did not appear'
    )
    const describes = session.sim.world.calls.filter(c => c.operation === 'DescribeNodegroup')
    expect(describes.length).toBeGreaterThan(10)
    // The cluster's updates were read once (no node group exists to have updates of its own).
    expect(session.sim.world.calls.filter(c => c.operation === 'ListUpdates')).toHaveLength(1)
  })
})
