/**
 * The simulator authorizes every call against the role's identity policy with the call's real
 * resource ARN and condition context (sim/least-privilege.ts) — driven here by the real AWS SDK,
 * and by the bundled action — with the policies of src/aws/permissions.ts.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks'
import { CreateServiceLinkedRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import {
  CreateGrantCommand,
  KMSClient,
  PutKeyPolicyCommand,
  type GrantOperation
} from '@aws-sdk/client-kms'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { GRANT_OPERATIONS } from '../../src/kms/requirements.js'
import { identityPolicy, KEY_POLICY_TAG, type PolicyDocument } from '../../src/aws/permissions.js'
import { authorizationsOf } from '../../sim/least-privilege.js'
import { resolveScenario } from '../../sim/scenarios.js'
import { startSimulator, type SimulatorHandle } from '../../sim/server.js'
import { INCIDENT_KEY_ID, runScenario, SLR } from '../support/e2e.js'
import type { Session } from '../../sim/harness.js'

const ACCOUNT = '111122223333'
const TARGET = { partition: 'aws', account: ACCOUNT }
const OTHER_ACCOUNT_KEY = `arn:aws:kms:us-east-1:444455556666:key/${INCIDENT_KEY_ID}`
const OWN_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${INCIDENT_KEY_ID}`

/** The deploy policy as the README documented it before: CreateGrant on this account's keys only. */
const OLD_README_DEPLOY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    ...identityPolicy('verify', TARGET).Statement,
    {
      Sid: 'EksKmsGuardDeploy',
      Effect: 'Allow',
      Action: ['kms:PutKeyPolicy', 'kms:CreateGrant'],
      Resource: `arn:aws:kms:*:${ACCOUNT}:key/*`
    }
  ]
}

let sim: SimulatorHandle | undefined
let session: Session | undefined
afterEach(async () => {
  await sim?.close()
  await session?.close()
  sim = undefined
  session = undefined
})

async function start(name: string, policy: unknown, overrides: Record<string, unknown> = {}) {
  sim = await startSimulator(resolveScenario(name, { ...overrides, identityPolicy: policy }))
  const config = {
    region: 'us-east-1',
    endpoint: sim.url,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1
  }
  return {
    sim,
    kms: new KMSClient(config),
    iam: new IAMClient(config),
    eks: new EKSClient(config),
    sts: new STSClient(config)
  }
}

const grantToRole = (KeyId: string, GranteePrincipal = SLR, Operations = GRANT_OPERATIONS) =>
  new CreateGrantCommand({
    KeyId,
    GranteePrincipal,
    Operations: Operations as GrantOperation[],
    Name: 'eks-kms-guard-autoscaling-ebs'
  })

describe('cross-account CreateGrant (the README bug)', () => {
  it('is denied under the old Resource (this account’s keys), naming the other account’s key', async () => {
    const { kms } = await start('cross-account-key-grantable', OLD_README_DEPLOY)
    const error = await kms.send(grantToRole(OTHER_ACCOUNT_KEY)).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'AccessDeniedException' })
    expect((error as Error).message).toBe(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/github-deploy/GitHubActions is not authorized to perform: kms:CreateGrant on resource: ${OTHER_ACCOUNT_KEY} because no identity-based policy allows the kms:CreateGrant action`
    )
    expect(sim!.world.keys.get(INCIDENT_KEY_ID)!.grants).toEqual([])
  })

  it('is allowed under the deploy policy of src/aws/permissions.ts, and the grant exists', async () => {
    const { kms } = await start('cross-account-key-grantable', identityPolicy('deploy', TARGET))
    await kms.send(grantToRole(OTHER_ACCOUNT_KEY))
    // The guide's key policy does not let this account list grants: the owner's side is asked.
    expect(sim!.world.keys.get(INCIDENT_KEY_ID)!.grants.map(g => g.granteePrincipal)).toEqual([SLR])
    expect(authorizationsOf(sim!.world).find(a => a.action === 'kms:CreateGrant')).toMatchObject({
      resource: OTHER_ACCOUNT_KEY,
      resourceAccount: '444455556666',
      decision: 'Allowed',
      context: expect.objectContaining({
        'kms:GranteePrincipal': SLR,
        'kms:GrantIsForAWSResource': 'false'
      })
    })
  })

  it('still refuses a grant to anyone but the Auto Scaling role, or for more operations', async () => {
    const { kms } = await start('cross-account-key-grantable', identityPolicy('deploy', TARGET))
    const someoneElse = `arn:aws:iam::${ACCOUNT}:role/eks-cluster-role`
    await expect(kms.send(grantToRole(OTHER_ACCOUNT_KEY, someoneElse))).rejects.toThrow(
      'because no identity-based policy allows the kms:CreateGrant action'
    )
    await expect(
      kms.send(grantToRole(OTHER_ACCOUNT_KEY, SLR, [...GRANT_OPERATIONS, 'RetireGrant']))
    ).rejects.toMatchObject({ name: 'AccessDeniedException' })
  })

  it('a kms:GrantIsForAWSResource condition would deny it: the action calls CreateGrant itself', async () => {
    const policy = identityPolicy('deploy', TARGET)
    const grant = policy.Statement.find(s => s.Action.includes('kms:CreateGrant'))!
    grant.Condition = { Bool: { 'kms:GrantIsForAWSResource': true } }
    const { kms } = await start('cross-account-key-grantable', policy)
    await expect(kms.send(grantToRole(OTHER_ACCOUNT_KEY))).rejects.toMatchObject({
      name: 'AccessDeniedException'
    })
  })
})

describe('kms:PutKeyPolicy', () => {
  const policyText = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 'kms:*',
        Resource: '*'
      }
    ]
  })
  const put = (Bypass = false) =>
    new PutKeyPolicyCommand({
      KeyId: OWN_KEY,
      PolicyName: 'default',
      Policy: policyText,
      BypassPolicyLockoutSafetyCheck: Bypass
    })
  const tagged = { putKeyPolicy: { kind: 'tag' as const, ...KEY_POLICY_TAG } }
  const withTag = { keys: [{ id: INCIDENT_KEY_ID, tags: { 'eks-kms-guard': 'managed' } }] }

  it('narrowed by the tag convention: a key without the tag is refused, a tagged key is written', async () => {
    const untagged = await start('incident', identityPolicy('deploy', { ...TARGET, ...tagged }))
    await expect(untagged.kms.send(put())).rejects.toThrow(
      `kms:PutKeyPolicy on resource: ${OWN_KEY} because no identity-based policy allows`
    )
    await sim!.close()
    const ok = await start('incident', identityPolicy('deploy', { ...TARGET, ...tagged }), withTag)
    await ok.kms.send(put())
    expect(sim!.world.keys.get(INCIDENT_KEY_ID)!.policies.length).toBe(2)
  })

  it('narrowed to key ARNs: another key of the account is refused', async () => {
    const scoped = identityPolicy('deploy', {
      ...TARGET,
      putKeyPolicy: { kind: 'keys', keyArns: [`arn:aws:kms:us-east-1:${ACCOUNT}:key/other`] }
    })
    const { kms } = await start('incident', scoped)
    await expect(kms.send(put())).rejects.toMatchObject({ name: 'AccessDeniedException' })
  })

  it('bypassing the lockout safety check is an explicit deny', async () => {
    const { kms } = await start('incident', identityPolicy('deploy', TARGET))
    await expect(kms.send(put(true))).rejects.toThrow(
      'with an explicit deny in an identity-based policy'
    )
  })
})

describe('other calls', () => {
  it('the verify policy reads a cluster of this account; STS needs no permission', async () => {
    const { eks, sts, kms } = await start('incident', identityPolicy('verify', TARGET))
    await eks.send(new DescribeClusterCommand({ name: 'eks-cluster-synthar3eg' }))
    await sts.send(new GetCallerIdentityCommand({}))
    await expect(kms.send(put())).rejects.toMatchObject({ name: 'AccessDeniedException' })
    expect(authorizationsOf(sim!.world)[0]).toMatchObject({
      action: 'eks:DescribeCluster',
      resource: `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/eks-cluster-synthar3eg`,
      decision: 'Allowed'
    })
  })

  it('the deploy policy creates the Auto Scaling role, and no other service’s', async () => {
    const { iam } = await start('missing-service-linked-role', identityPolicy('deploy', TARGET))
    await expect(
      iam.send(
        new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticloadbalancing.amazonaws.com' })
      )
    ).rejects.toThrow('not authorized to perform: iam:CreateServiceLinkedRole')
    await iam.send(
      new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com' })
    )
  })

  function put(): PutKeyPolicyCommand {
    return new PutKeyPolicyCommand({ KeyId: OWN_KEY, PolicyName: 'default', Policy: '{}' })
  }
})

describe('the bundled action under the policies of src/aws/permissions.ts', () => {
  it('verify finds the incident’s cause without one denied call', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'verify' },
      { overrides: { identityPolicy: identityPolicy('verify', TARGET) } }
    )
    session = result.session
    expect(result.run.outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
    expect(authorizationsOf(session.sim.world).filter(a => a.decision !== 'Allowed')).toEqual([])
    expect(authorizationsOf(session.sim.world).length).toBeGreaterThan(5)
  })

  it('deploy on a fresh account creates the role and patches the key', async () => {
    const result = await runScenario(
      'missing-service-linked-role',
      { mode: 'deploy', 'nodegroup-names': 'node-group-synthar3eg' },
      { overrides: { identityPolicy: identityPolicy('deploy', TARGET) } }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
    expect(authorizationsOf(session.sim.world).filter(a => a.decision !== 'Allowed')).toEqual([])
  })

  it('deploy fixes another account’s key with a grant; under the old README policy it could not', async () => {
    const fixed = await runScenario(
      'cross-account-key-grantable',
      { mode: 'deploy' },
      { overrides: { identityPolicy: identityPolicy('deploy', TARGET) } }
    )
    session = fixed.session
    expect(fixed.run.outputs.result).toBe('success')
    expect(session.sim.world.keys.get(INCIDENT_KEY_ID)!.grants).toHaveLength(1)
    await session.close()

    const old = await runScenario(
      'cross-account-key-grantable',
      { mode: 'deploy' },
      { overrides: { identityPolicy: OLD_README_DEPLOY } }
    )
    session = old.session
    expect(old.run.outputs.result).toBe('failure')
    expect(session.sim.world.keys.get(INCIDENT_KEY_ID)!.grants).toEqual([])
    expect(
      authorizationsOf(session.sim.world).filter(a => a.decision !== 'Allowed')
    ).toContainEqual(
      expect.objectContaining({ action: 'kms:CreateGrant', resource: OTHER_ACCOUNT_KEY })
    )
  })
})
