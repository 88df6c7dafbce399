/**
 * Issue: find the keys node launches really use, and patch their policies idempotently and safely.
 * Every test runs dist/index.js as the runner does, against the simulator.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { compressedInputs } from '../../sim/harness.js'
import type { Session } from '../../sim/harness.js'
import {
  currentPolicy,
  INCIDENT_KEY,
  operations,
  rootPolicy,
  runScenario,
  SLR,
  withIncidentKeyPolicy
} from '../support/e2e.js'

let session: Session | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

describe('deploy patches the key policy', () => {
  it('fixes the incident: node group ACTIVE, policy-changed=true, every original statement kept', async () => {
    const result = await runScenario('incident', { mode: 'deploy' })
    session = result.session
    const { run } = result
    expect(run.outputs).toMatchObject({
      result: 'success',
      'root-cause': '',
      'policy-changed': 'true'
    })
    expect(run.exitCode).toBe(0)
    const policy = currentPolicy(session)
    expect(policy.Statement.map(s => s.Sid)).toEqual([
      'Enable IAM User Permissions',
      'Allow EKS to use the key',
      'EksKmsGuardAutoScalingUse',
      'EksKmsGuardAutoScalingGrants'
    ])
    expect(policy.Statement[3]).toMatchObject({
      Principal: { AWS: SLR },
      Action: 'kms:CreateGrant',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': true } }
    })
    expect(session.sim.world.nodegroups[0].status).toBe('ACTIVE')
    expect(run.summary).toContain('Drift')
  })

  it('a second run on the same key writes nothing and makes no PutKeyPolicy call', async () => {
    const first = await runScenario('incident', { mode: 'deploy' })
    session = first.session
    const putsAfterFirst = operations(session, 'PutKeyPolicy')
    expect(putsAfterFirst).toBe(1)
    const scenario = session.sim.world.scenario
    const second = await session.run({ inputs: compressedInputs(scenario, { mode: 'deploy' }) })
    expect(second.outputs['policy-changed']).toBe('false')
    expect(second.outputs.result).toBe('success')
    expect(operations(session, 'PutKeyPolicy')).toBe(putsAfterFirst)
  })

  it('an already-correct policy under other Sids, with a string principal, is not written', async () => {
    const result = await runScenario('correct-policy', { mode: 'deploy' })
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'false' })
    expect(operations(session, 'PutKeyPolicy')).toBe(0)
  })

  it('an AWS managed key needs nothing and is never written', async () => {
    const result = await runScenario('aws-managed-key', { mode: 'deploy' })
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'false' })
    expect(operations(session, 'PutKeyPolicy')).toBe(0)
    expect(operations(session, 'GetKeyPolicy')).toBe(0)
  })

  it('creates the missing service-linked role, retries while KMS cannot see it yet, then patches', async () => {
    const result = await runScenario('missing-service-linked-role', {
      mode: 'deploy',
      'nodegroup-names': 'node-group-synthar3eg'
    })
    session = result.session
    const { run } = result
    expect(operations(session, 'CreateServiceLinkedRole')).toBe(1)
    const puts = session.sim.world.calls.filter(c => c.operation === 'PutKeyPolicy')
    expect(puts.some(c => c.errorCode === 'MalformedPolicyDocumentException')).toBe(true)
    expect(puts[puts.length - 1].status).toBe(200)
    expect(run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
    expect(run.timeline?.events.some(e => e.kind === 'role-created')).toBe(true)
  })

  it('does not create the role when create-service-linked-role is false, and names the cause', async () => {
    const result = await runScenario('missing-service-linked-role', {
      mode: 'deploy',
      'nodegroup-names': 'node-group-synthar3eg',
      'create-service-linked-role': 'false'
    })
    session = result.session
    expect(operations(session, 'CreateServiceLinkedRole')).toBe(0)
    expect(operations(session, 'PutKeyPolicy')).toBe(0)
    expect(result.run.outputs['root-cause']).toBe('autoscaling-role-missing')
  })

  it('merges with a concurrent writer instead of overwriting it', async () => {
    const result = await runScenario('concurrent-writer', { mode: 'deploy' })
    session = result.session
    const sids = currentPolicy(session).Statement.map(s => s.Sid)
    expect(sids).toEqual(
      expect.arrayContaining([
        'Enable IAM User Permissions',
        'Allow EKS to use the key',
        'TerraformAddedThis',
        'PipelineAddedThis',
        'EksKmsGuardAutoScalingUse',
        'EksKmsGuardAutoScalingGrants'
      ])
    )
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
    expect(result.run.stdout).toMatch(/Another writer changed the key policy/)
    // The pipeline's write between our read and our write is said, in the log and the timeline.
    expect(result.run.stdout).toMatch(
      /changed between two of our reads \(another writer added PipelineAddedThis\)/
    )
    expect(JSON.stringify(result.run.timeline)).toContain('PipelineAddedThis')
  })

  it('dry-run prints the unified diff and writes nothing', async () => {
    const result = await runScenario('incident', {
      mode: 'deploy',
      'dry-run': 'true',
      'timeout-minutes': '0.02'
    })
    session = result.session
    expect(operations(session, 'PutKeyPolicy')).toBe(0)
    expect(result.run.outputs['policy-changed']).toBe('false')
    expect(result.run.stdout).toContain(`--- ${INCIDENT_KEY} (current)`)
    expect(result.run.stdout).toContain('+      "Sid": "EksKmsGuardAutoScalingGrants",')
  })

  it('patch-policy: false writes nothing and lets the launches fail', async () => {
    const result = await runScenario('incident', { mode: 'deploy', 'patch-policy': 'false' })
    session = result.session
    expect(operations(session, 'PutKeyPolicy')).toBe(0)
    expect(result.run.outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
  })

  it('refuses to write a policy that holds an orphaned principal id', async () => {
    const result = await runScenario('orphaned-principal', { mode: 'deploy' })
    session = result.session
    expect(operations(session, 'PutKeyPolicy')).toBe(0)
    expect(result.run.outputs['root-cause']).toBe('kms-policy-orphaned-principal')
    expect(result.run.stdout).toContain('AROAJQABLZS4A3QDU576Q')
  })

  const filler = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      Sid: `Filler${i}`,
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::111122223333:role/app-role-with-a-long-name-${i}` },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: '*'
    }))

  it('measures the policy as KMS does: one that fits only without indentation is written compact', async () => {
    const original = rootPolicy(...filler(170))
    // Over the quota when pretty-printed, well under it as sent compact.
    expect(Buffer.byteLength(JSON.stringify(original, null, 2))).toBeGreaterThan(32_768)
    expect(Buffer.byteLength(JSON.stringify(original))).toBeLessThan(32_000)
    const result = await runScenario(
      'incident',
      { mode: 'deploy' },
      { overrides: withIncidentKeyPolicy(original) }
    )
    session = result.session
    expect(operations(session, 'PutKeyPolicy')).toBe(1)
    expect(result.run.stdout).not.toMatch(/key policy quota/)
    const sids = currentPolicy(session).Statement.map(s => s.Sid)
    expect(sids).toHaveLength(173)
    expect(sids).toEqual(expect.arrayContaining(['Filler169', 'EksKmsGuardAutoScalingGrants']))
  })

  it('refuses a patched policy over 32 KB as sent and says what to do instead', async () => {
    const overrides = withIncidentKeyPolicy(rootPolicy(...filler(240)))
    const result = await runScenario('incident', { mode: 'deploy' }, { overrides })
    session = result.session
    expect(operations(session, 'PutKeyPolicy')).toBe(0)
    expect(result.run.stdout).toMatch(
      /bytes even without indentation, over the 32768-byte key policy quota; create a grant/
    )
  })
})

describe('another account’s key', () => {
  it('deploy creates the grant for the role from this account, and launches succeed', async () => {
    const result = await runScenario('cross-account-key-grantable', { mode: 'deploy' })
    session = result.session
    expect(operations(session, 'CreateGrant')).toBe(1)
    expect(operations(session, 'PutKeyPolicy')).toBe(0)
    const key = session.sim.world.keys.get('1234abcd-12ab-34cd-56ef-1234567890ab')!
    expect(key.grants).toEqual([
      expect.objectContaining({
        granteePrincipal: SLR,
        operations: expect.arrayContaining([
          'Decrypt',
          'GenerateDataKeyWithoutPlaintext',
          'CreateGrant'
        ])
      })
    ])
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'false' })
    expect(result.run.timeline?.events.some(e => e.kind === 'grant-created')).toBe(true)
  })

  it('when the key policy does not allow it, says what the key owner must allow', async () => {
    const result = await runScenario('cross-account-key', { mode: 'deploy' })
    session = result.session
    expect(result.run.outputs['root-cause']).toBe('kms-key-cross-account')
    expect(result.run.stdout).toContain(
      'belongs to account 444455556666, whose key policy does not trust account 111122223333 at all (it refuses kms:DescribeKey)'
    )
  })

  it('verify only checks for the grant and never creates one', async () => {
    const result = await runScenario('cross-account-key-grantable', { mode: 'verify' })
    session = result.session
    expect(operations(session, 'CreateGrant')).toBe(0)
    expect(result.run.outputs['root-cause']).toBe('kms-key-cross-account')
  })
})

describe('key discovery', () => {
  it('finds the account default EBS key when the launch template names none', async () => {
    const result = await runScenario('ebs-default-key', { mode: 'verify' })
    session = result.session
    expect(result.run.outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
    expect(result.run.stdout).toContain(
      'arn:aws:kms:us-east-1:111122223333:key/9999abcd-12ab-34cd-56ef-999999999999'
    )
    expect(result.run.stdout).toMatch(
      /EBS encryption by default is on, so the account's default EBS key/
    )
  })

  const GOLDEN_KEY = '9f8e7d6c-5b4a-4321-8fed-cba987654321'
  const GOLDEN_ARN = `arn:aws:kms:us-east-1:111122223333:key/${GOLDEN_KEY}`

  it('verify: a golden AMI encrypted with a key the Auto Scaling role cannot use is the cause, though the launch template’s own key is fine', async () => {
    const result = await runScenario('encrypted-ami', { mode: 'verify' })
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role',
      'policy-changed': 'false'
    })
    // The evidence names the AMI and its snapshot, and the fix targets the AMI's key.
    expect(result.run.stdout).toMatch(
      /launches AMI ami-0golden1234567890, whose snapshot snap-0golden123456789 \(\/dev\/xvda\) is encrypted with/
    )
    expect(result.run.summary).toContain(GOLDEN_ARN)
    expect(operations(session, 'DescribeSnapshots')).toBe(1)
  })

  it('deploy: the AMI’s key gets the statements, the launch template’s key is left alone, and the node group becomes ACTIVE', async () => {
    const result = await runScenario('encrypted-ami', { mode: 'deploy' })
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
    expect(session.sim.world.nodegroups[0].status).toBe('ACTIVE')
    expect(currentPolicy(session, GOLDEN_KEY).Statement.map(s => s.Sid)).toEqual([
      'Enable IAM User Permissions',
      'AllowImageBuilder',
      'EksKmsGuardAutoScalingUse',
      'EksKmsGuardAutoScalingGrants'
    ])
    expect(operations(session, 'PutKeyPolicy')).toBe(1)
  })

  it('a shared AMI whose snapshots this account cannot read is said, not passed over', async () => {
    const result = await runScenario(
      'encrypted-ami',
      { mode: 'verify' },
      { overrides: { images: [{ id: 'ami-0golden1234567890', ownerId: '444455556666' }] } }
    )
    session = result.session
    expect(result.run.stdout).toMatch(
      /::warning::AMI ami-0golden1234567890 \(owner 444455556666\) has encrypted snapshots \(snap-0golden123456789\) whose key this account cannot read/
    )
    // The diagnosis points at the AMI's key, not at a vague "unknown", from the error line on.
    expect(result.run.outputs).toMatchObject({ result: 'failure', 'root-cause': 'unknown' })
    expect(result.run.stdout).toMatch(
      /::error::\[unknown\] Node group node-group-synthar3eg: launch cancelled .*\(AMI ami-0golden1234567890 of account 444455556666 has encrypted snapshots whose key this account cannot read; that key is the likely cause\)/
    )
    // No propagation grace: an unreadable key explains the failures as well as a fix in flight.
    const failed = session.sim.world.activities.filter(
      a => a.finalStatus !== 'Successful' && a.startTime >= session!.sim.world.startedAt
    )
    const verdictAt = Date.parse(
      String(result.run.timeline?.events.find(e => e.kind === 'verdict')?.time)
    )
    expect(verdictAt).toBeGreaterThan(0)
    // At most two launch rounds of 3 before the verdict (the key reads take about one at this
    // compressed pace); waiting out the grace as for a fix in flight took three.
    expect(failed.filter(a => a.endTime < verdictAt).length).toBeLessThanOrEqual(6)
    expect(result.run.summary).toMatch(
      /AMI ami-0golden1234567890 \(owner account 444455556666\) has encrypted snapshots .* that key is the likely cause/
    )
  })

  it('a golden AMI shared from another account, its snapshots encrypted with that account’s key: deploy creates the grant from this account', async () => {
    const sharedKey = 'aaaa1111-2222-4333-8444-555566667777'
    const result = await runScenario(
      'encrypted-ami',
      { mode: 'deploy' },
      {
        overrides: {
          keys: [
            {
              id: sharedKey,
              account: '444455556666',
              policy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Sid: 'Enable IAM User Permissions',
                    Effect: 'Allow',
                    Principal: { AWS: 'arn:aws:iam::444455556666:root' },
                    Action: 'kms:*',
                    Resource: '*'
                  },
                  {
                    Sid: 'AllowConsumerAccounts',
                    Effect: 'Allow',
                    Principal: { AWS: 'arn:aws:iam::111122223333:root' },
                    Action: ['kms:Decrypt', 'kms:ReEncrypt*', 'kms:DescribeKey', 'kms:CreateGrant'],
                    Resource: '*'
                  }
                ]
              }
            }
          ],
          images: [
            {
              id: 'ami-0golden1234567890',
              ownerId: '444455556666',
              snapshotsVisible: true,
              blockDeviceMappings: [
                {
                  deviceName: '/dev/xvda',
                  snapshotId: 'snap-0golden123456789',
                  encrypted: true,
                  kmsKeyId: `arn:aws:kms:us-east-1:444455556666:key/${sharedKey}`
                }
              ]
            }
          ]
        }
      }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'false' })
    expect(operations(session, 'CreateGrant')).toBe(1)
    expect(session.sim.world.keys.get(sharedKey)!.grants).toEqual([
      expect.objectContaining({ granteePrincipal: SLR })
    ])
    expect(session.sim.world.nodegroups[0].status).toBe('ACTIVE')
  })

  it('a role without ec2:DescribeImages (a policy from before this check) is warned, and the run goes on', async () => {
    const result = await runScenario(
      'encrypted-ami',
      { mode: 'verify' },
      {
        overrides: {
          // IAM as a policy written before the AMI check: every read but the two new ones.
          allowedActions: [
            'eks:*',
            'autoscaling:*',
            'kms:*',
            'iam:GetRole',
            'sts:GetCallerIdentity',
            'ec2:DescribeLaunchTemplateVersions',
            'ec2:GetEbs*'
          ]
        }
      }
    )
    session = result.session
    expect(result.run.stdout).toMatch(
      /::warning::Could not read AMI ami-0golden1234567890 .*Allow ec2:DescribeImages and ec2:DescribeSnapshots/
    )
    // The launches still fail on the AMI's key: the run says so as a KMS failure, not as an AccessDenied.
    expect(result.run.outputs['failure-code']).toBe('Client.InvalidKMSKey.InvalidState')
    expect(result.run.outputs['root-cause']).not.toBe('permission-denied')
  })

  it('an unencrypted AMI adds no key to check and reads no snapshot', async () => {
    const result = await runScenario(
      'encrypted-ami',
      { mode: 'verify' },
      {
        overrides: {
          images: [
            {
              id: 'ami-0golden1234567890',
              blockDeviceMappings: [
                { deviceName: '/dev/xvda', snapshotId: 'snap-0golden123456789', encrypted: false }
              ]
            }
          ]
        }
      }
    )
    session = result.session
    expect(result.run.outputs.result).toBe('success')
    expect(operations(session, 'DescribeSnapshots')).toBe(0)
  })

  it('a key of another Region is one EBS cannot use here: not found, with the Region said', async () => {
    const otherRegion =
      'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      {
        overrides: {
          launchTemplates: [
            {
              id: 'lt-0abc1234def567890',
              versions: [
                {
                  blockDeviceMappings: [
                    { deviceName: '/dev/xvda', ebs: { encrypted: true, kmsKeyId: otherRegion } }
                  ]
                }
              ]
            }
          ]
        }
      }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-key-not-found'
    })
    expect(result.run.summary).toContain(
      'a key of us-west-2, but EBS volumes in us-east-1 can be encrypted only with a key of us-east-1'
    )
  })

  it('a policy granting any principal narrowed by aws:PrincipalArn to the Auto Scaling roles passes, and launches succeed', async () => {
    const result = await runScenario('principal-arn-condition', { mode: 'verify' })
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'root-cause': '' })
    expect(session.sim.world.nodegroups[0].status).toBe('ACTIVE')
  })

  it('a scheduled verify of an ACTIVE node group whose key was disabled fails, with no detected-after (no operation failed yet)', async () => {
    const result = await runScenario(
      'key-disabled',
      { mode: 'verify' },
      { overrides: { nodegroups: [{ name: 'node-group-synthar3eg', initialStatus: 'ACTIVE' }] } }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-key-disabled',
      'detected-after-seconds': ''
    })
    expect(result.run.summary).not.toMatch(/Detected \d+/)
  })

  it('checks keys named in kms-key-ids by alias', async () => {
    const result = await runScenario('correct-policy', {
      mode: 'verify',
      'kms-key-ids': 'alias/eks-ebs-synthar3eg'
    })
    session = result.session
    expect(result.run.outputs.result).toBe('success')
    expect(result.run.stdout).toContain('named in the kms-key-ids input')
  })

  it('verify never writes, even when the policy lacks the role', async () => {
    const result = await runScenario('incident', { mode: 'verify' })
    session = result.session
    expect(operations(session, 'PutKeyPolicy')).toBe(0)
    expect(operations(session, 'CreateServiceLinkedRole')).toBe(0)
  })
})

describe('the autoscaling-role-arn input', () => {
  const CUSTOM = `${SLR}_custom`

  it('verify: a node group’s own Auto Scaling group decides the role; an input naming a role that does not exist is said, not used', async () => {
    const result = await runScenario('correct-policy', {
      mode: 'verify',
      'autoscaling-role-arn': CUSTOM
    })
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'root-cause': '' })
    expect(result.run.stdout).toContain(
      `::warning::The autoscaling-role-arn input names ${CUSTOM}, which does not exist in this account`
    )
    expect(result.run.stdout).toMatch(
      /::warning::The autoscaling-role-arn input names .*_custom, but Auto Scaling group eks-node-group-synthar3eg-\S+ launches with .*AWSServiceRoleForAutoScaling: its keys are checked for the role it uses\./
    )
  })

  it('deploy: the statements name the role the group launches with, so the node group becomes ACTIVE', async () => {
    const result = await runScenario('incident', { mode: 'deploy', 'autoscaling-role-arn': CUSTOM })
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
    expect(JSON.stringify(currentPolicy(session))).not.toContain('_custom')
    expect(session.sim.world.nodegroups[0].status).toBe('ACTIVE')
    // The default role exists; deploy never creates a custom-suffix one.
    expect(operations(session, 'CreateServiceLinkedRole')).toBe(0)
  })

  it('a self-managed group with a custom-suffix role: that role is the one checked', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      {
        overrides: {
          nodegroups: [
            {
              name: 'node-group-synthar3eg',
              serviceLinkedRoleName: 'AWSServiceRoleForAutoScaling_nodes'
            }
          ]
        }
      }
    )
    session = result.session
    // The policy names only the default role: launches with the custom one fail, and the run says so.
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role'
    })
    expect(result.run.summary).toContain('AWSServiceRoleForAutoScaling_nodes')
  })
})
