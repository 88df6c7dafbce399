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
        'EksKmsGuardAutoScalingUse',
        'EksKmsGuardAutoScalingGrants'
      ])
    )
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
    expect(result.run.stdout).toMatch(/Another writer changed the key policy/)
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

  it('refuses a patched policy over 32 KB and says what to do instead', async () => {
    const filler = Array.from({ length: 120 }, (_, i) => ({
      Sid: `Filler${i}`,
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::111122223333:role/app-role-with-a-long-name-${i}` },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: '*'
    }))
    const overrides = withIncidentKeyPolicy(rootPolicy(...filler))
    const result = await runScenario('incident', { mode: 'deploy' }, { overrides })
    session = result.session
    expect(operations(session, 'PutKeyPolicy')).toBe(0)
    expect(result.run.stdout).toMatch(/over the 32768-byte key policy quota; create a grant/)
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
      "The key's owner (account 444455556666) must let this account call kms:CreateGrant"
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
