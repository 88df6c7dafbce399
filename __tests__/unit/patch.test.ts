/**
 * The key policy write, in process against a mocked KMS: minimal, never losing a statement,
 * re-reading before it writes and merging with another writer instead of overwriting it.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  GetKeyPolicyCommand,
  KMSClient,
  PutKeyPolicyCommand,
  type PutKeyPolicyCommandInput
} from '@aws-sdk/client-kms'
import { mockClient } from 'aws-sdk-client-mock'
import { patchKeyPolicySafely } from '../../src/kms/patch.js'
import { POLICY_SIZE_LIMIT } from '../../src/kms/policy-text.js'
import { orphanedPrincipals } from '../../src/kms/document.js'
import { checkRequirements, requirements } from '../../src/kms/requirements.js'
import {
  KEY,
  needed,
  OTHER,
  patchOptions,
  policy,
  ROLE,
  ROOT,
  sids,
  timeout
} from '../support/key-policy-writes.js'

const CLUSTER_ROLE = 'arn:aws:iam::111122223333:role/eks-cluster'
const kms = mockClient(KMSClient)
const client = () => new KMSClient({ region: 'us-east-1' })

const options = patchOptions

/** KMS as a store: GetKeyPolicy returns what was last put (or the next scripted value). */
function store(initial: string, script: (string | undefined)[] = []) {
  let current = initial
  const reads: string[] = []
  kms.on(GetKeyPolicyCommand).callsFake(() => {
    const next = script.shift()
    if (next !== undefined) current = next
    reads.push(current)
    return { Policy: current, PolicyName: 'default' }
  })
  kms.on(PutKeyPolicyCommand).callsFake((input: PutKeyPolicyCommandInput) => {
    current = input.Policy as string
    return {}
  })
  return { get: () => current, reads }
}

beforeEach(() => {
  kms.reset()
})

describe('patchKeyPolicy', () => {
  it('adds exactly the missing statements after every existing one, and reads back', async () => {
    const s = store(policy(ROOT, OTHER))
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options())
    expect(outcome.status).toBe('written')
    expect(sids(s.get())).toEqual([
      'Root',
      'OtherTeam',
      'EksKmsGuardAutoScalingUse',
      'EksKmsGuardAutoScalingGrants'
    ])
    expect(outcome.diff).toContain('+      "Sid": "EksKmsGuardAutoScalingGrants"')
    const put = kms.commandCalls(PutKeyPolicyCommand)
    expect(put).toHaveLength(1)
    // The lockout safety check is never bypassed.
    expect(put[0].args[0].input.BypassPolicyLockoutSafetyCheck).toBeUndefined()
    // Read to merge, re-read just before writing, read back after.
    expect(kms.commandCalls(GetKeyPolicyCommand)).toHaveLength(3)
  })

  it('writes nothing when the policy already grants it', async () => {
    store(policy(ROOT, ...needed.map(r => r.statement)))
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options())
    expect(outcome.status).toBe('unchanged')
    expect(kms.commandCalls(PutKeyPolicyCommand)).toHaveLength(0)
  })

  it('a writer between our read and our write is merged with, not overwritten', async () => {
    // First read: root only. The re-read just before writing sees another writer's statement.
    const s = store(policy(ROOT), [undefined, policy(ROOT, OTHER)])
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options())
    expect(outcome.status).toBe('written')
    expect(outcome.concurrentWrites).toBe(1)
    expect(sids(s.get())).toEqual([
      'Root',
      'OtherTeam',
      'EksKmsGuardAutoScalingUse',
      'EksKmsGuardAutoScalingGrants'
    ])
  })

  it('a writer right after our write is detected on read-back and merged with', async () => {
    let puts = 0
    let current = policy(ROOT)
    kms.on(GetKeyPolicyCommand).callsFake(() => ({ Policy: current }))
    kms.on(PutKeyPolicyCommand).callsFake((input: PutKeyPolicyCommandInput) => {
      puts++
      // The other writer replaces the policy with its own version right after our first write.
      current = puts === 1 ? policy(ROOT, OTHER) : (input.Policy as string)
      return {}
    })
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options())
    expect(outcome.status).toBe('written')
    expect(outcome.concurrentWrites).toBe(1)
    expect(sids(current)).toEqual([
      'Root',
      'OtherTeam',
      'EksKmsGuardAutoScalingUse',
      'EksKmsGuardAutoScalingGrants'
    ])
  })

  it('dry-run returns the diff and writes nothing', async () => {
    store(policy(ROOT))
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options({ dryRun: true }))
    expect(outcome.status).toBe('dry-run')
    expect(outcome.diff).toContain('EksKmsGuardAutoScalingUse')
    expect(outcome.message).toContain(
      'would add EksKmsGuardAutoScalingUse, EksKmsGuardAutoScalingGrants'
    )
    expect(kms.commandCalls(PutKeyPolicyCommand)).toHaveLength(0)
  })

  it('refuses a policy with orphaned principal ids, under Principal or NotPrincipal', async () => {
    const orphan = {
      Sid: 'Gone',
      Effect: 'Deny',
      NotPrincipal: { AWS: 'AROAEXAMPLEID123456789' },
      Action: 'kms:*',
      Resource: '*'
    }
    expect(orphanedPrincipals(JSON.parse(policy(ROOT, orphan)))).toEqual([
      { statement: 1, id: 'AROAEXAMPLEID123456789' }
    ])
    const orphanAllow = { ...OTHER, Sid: 'GoneToo', Principal: { AWS: 'AIDAEXAMPLEID123456789' } }
    store(policy(ROOT, orphanAllow))
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options())
    expect(outcome).toMatchObject({ status: 'refused', refusal: 'orphaned-principal' })
    expect(kms.commandCalls(PutKeyPolicyCommand)).toHaveLength(0)
  })

  it('refuses a result over the 32 KB quota', async () => {
    const big = {
      ...OTHER,
      Sid: 'Big',
      Condition: { StringEquals: { 'aws:PrincipalTag/x': 'y'.repeat(POLICY_SIZE_LIMIT) } }
    }
    store(policy(ROOT, big))
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options())
    expect(outcome).toMatchObject({ status: 'refused', refusal: 'too-large' })
  })

  it('refuses text that is not JSON, never writing over it', async () => {
    store('{ not json')
    expect(await patchKeyPolicySafely(client(), KEY, needed, options())).toMatchObject({
      status: 'refused',
      refusal: 'not-json'
    })
  })

  it('right after creating the role, retries "invalid principals" with backoff until KMS sees it', async () => {
    let current = policy(ROOT)
    let attempts = 0
    kms.on(GetKeyPolicyCommand).callsFake(() => ({ Policy: current }))
    kms.on(PutKeyPolicyCommand).callsFake((input: PutKeyPolicyCommandInput) => {
      if (++attempts < 3)
        throw Object.assign(
          new Error('Policy contains a statement with one or more invalid principals.'),
          {
            name: 'MalformedPolicyDocumentException'
          }
        )
      current = input.Policy as string
      return {}
    })
    const opts = options({ roleJustCreated: true })
    expect((await patchKeyPolicySafely(client(), KEY, needed, opts)).status).toBe('written')
    expect(opts.sleep).toHaveBeenCalledTimes(2)
    kms.reset()
    current = policy(ROOT)
    attempts = 0
    kms.on(GetKeyPolicyCommand).callsFake(() => ({ Policy: current }))
    kms.on(PutKeyPolicyCommand).rejects(
      Object.assign(new Error('Policy contains a statement with one or more invalid principals.'), {
        name: 'MalformedPolicyDocumentException'
      })
    )
    // Without a role just created, "invalid principals" is not ours to wait out.
    expect(await patchKeyPolicySafely(client(), KEY, needed, options())).toMatchObject({
      status: 'refused',
      refusal: 'invalid-principal'
    })
  })

  it('turns the lockout safety check’s refusal into an outcome', async () => {
    kms.on(GetKeyPolicyCommand).resolves({ Policy: policy(ROOT) })
    kms.on(PutKeyPolicyCommand).rejects(
      Object.assign(
        new Error('The new key policy will not allow you to update the key policy in the future.'),
        {
          name: 'MalformedPolicyDocumentException'
        }
      )
    )
    expect(await patchKeyPolicySafely(client(), KEY, needed, options())).toMatchObject({
      status: 'refused',
      refusal: 'lockout'
    })
  })
})

describe('requirements', () => {
  it('a key that also encrypts the cluster’s secrets needs the cluster role too; the account root suffices for it', () => {
    const list = requirements({
      autoscalingRoleArn: ROLE,
      region: 'us-east-1',
      account: '111122223333',
      clusterRoleArn: CLUSTER_ROLE
    })
    expect(list.map(r => r.id)).toEqual([
      'autoscaling-use',
      'autoscaling-grants',
      'cluster-secrets'
    ])
    const secrets = list[2]
    expect(secrets.statement.Principal).toEqual({ AWS: CLUSTER_ROLE })
    expect(secrets.statement.Action).toEqual([
      'kms:Encrypt',
      'kms:Decrypt',
      'kms:ListGrants',
      'kms:DescribeKey'
    ])
    const statuses = checkRequirements(JSON.parse(policy(ROOT)), KEY, list)
    // The root statement delegates to IAM: enough for the cluster role, never for the service-linked role.
    expect(statuses.map(s => s.status)).toEqual(['missing', 'missing', 'granted'])
    const none = checkRequirements(JSON.parse(policy(OTHER)), KEY, list)
    expect(none[2].status).toBe('missing')
  })

  it('grants are asked for AWS resources only, through EC2 in the run’s Region', () => {
    const grants = needed[1]
    expect(grants.statement.Condition).toEqual({ Bool: { 'kms:GrantIsForAWSResource': true } })
    expect(grants.requests[0].context).toMatchObject({
      'kms:ViaService': 'ec2.us-east-1.amazonaws.com',
      'kms:GrantIsForAWSResource': 'true',
      'aws:PrincipalArn': ROLE
    })
  })
})

describe('a PutKeyPolicy that does not answer', () => {
  it('is re-read: a write that landed is reported as landed and not repeated', async () => {
    let current = policy(ROOT)
    let puts = 0
    kms.on(GetKeyPolicyCommand).callsFake(() => ({ Policy: current }))
    kms.on(PutKeyPolicyCommand).callsFake((input: PutKeyPolicyCommandInput) => {
      puts++
      current = input.Policy as string
      throw timeout()
    })
    const log = jest.fn()
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options({ log }))
    expect(puts).toBe(1)
    expect(outcome.status).toBe('written')
    expect(outcome.message).toMatch(
      /did not answer \(Connection timed out.*\); the policy read back shows that the write landed/
    )
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/write landed/))
  })

  it('is re-read: a write that did not land is said and written again', async () => {
    let current = policy(ROOT, OTHER)
    let puts = 0
    kms.on(GetKeyPolicyCommand).callsFake(() => ({ Policy: current }))
    kms.on(PutKeyPolicyCommand).callsFake((input: PutKeyPolicyCommandInput) => {
      puts++
      if (puts === 1) throw timeout()
      current = input.Policy as string
      return {}
    })
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options())
    expect(puts).toBe(2)
    expect(outcome.status).toBe('written')
    expect(outcome.message).toMatch(/shows that it did not land/)
    expect(sids(current)).toEqual([
      'Root',
      'OtherTeam',
      'EksKmsGuardAutoScalingUse',
      'EksKmsGuardAutoScalingGrants'
    ])
  })
})
