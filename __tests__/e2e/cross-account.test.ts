/**
 * Issue: keys in another account, as the EC2 Auto Scaling user guide's cross-account example
 * writes their policy (the owner lets this account use the key and create grants, nothing else),
 * and keys whose owner does not trust this account at all. Every AccessDenied from the owner's key
 * is a fact about that key, never a permission this run's role lacks.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Session } from '../../sim/harness.js'
import { operations, runScenario, SLR } from '../support/e2e.js'

let session: Session | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

const KEY_ID = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9'
const KEY_ARN = `arn:aws:kms:us-east-1:999988887777:key/${KEY_ID}`
const GRANT_NAME = 'eks-kms-guard-autoscaling-ebs'

function grantsOf(current: Session) {
  return current.sim.world.keys.get(KEY_ID)!.grants
}

describe('a security account’s key with the guide’s cross-account policy', () => {
  it('verify: the cause is the missing grant, not a permission of this role, with the exact grant to create', async () => {
    const result = await runScenario('cross-account-security-key', { mode: 'verify' })
    session = result.session
    const { run } = result
    expect(run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-key-cross-account',
      'failure-code': 'Client.InvalidKMSKey.InvalidState'
    })
    expect(run.stdout).not.toContain('permission-denied')
    expect(run.stdout).toContain(
      "The key policy of account 999988887777 refuses this account kms:ListGrants on the key (an AccessDenied from the key's owner, not from this run's role)"
    )
    expect(run.stdout).toContain(
      `aws kms create-grant --region us-east-1 --key-id ${KEY_ARN} --grantee-principal ${SLR} --operations Encrypt Decrypt ReEncryptFrom ReEncryptTo GenerateDataKey GenerateDataKeyWithoutPlaintext DescribeKey CreateGrant --name ${GRANT_NAME}`
    )
    expect(run.stdout).toContain('resource "aws_kms_grant" "autoscaling_ebs"')
    expect(run.stdout).toContain(`name              = "${GRANT_NAME}"`)
    // The owner already allows what the grant needs: no key policy statement is asked of it.
    expect(run.stdout).not.toContain('AllowExternalAccount111122223333Use')
    expect(operations(session, 'CreateGrant')).toBe(0)
  })

  it('deploy: creates the named grant once although it cannot list grants, and the node group becomes ACTIVE', async () => {
    const result = await runScenario('cross-account-security-key', { mode: 'deploy' })
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'false' })
    expect(operations(session, 'CreateGrant')).toBe(1)
    expect(operations(session, 'PutKeyPolicy')).toBe(0)
    expect(grantsOf(session)).toEqual([
      expect.objectContaining({ granteePrincipal: SLR, name: GRANT_NAME })
    ])
    expect(session.sim.world.nodegroups[0].status).toBe('ACTIVE')
    const created = result.run.timeline?.events.find(e => e.kind === 'grant-created')
    expect(created?.detail).toContain(`(${GRANT_NAME}) on ${KEY_ARN} of account 999988887777`)
  })

  it('deploy again, with its grant already there: KMS hands back the same grant, no second one', async () => {
    const result = await runScenario(
      'cross-account-security-key',
      { mode: 'deploy' },
      {
        overrides: {
          keys: [
            {
              id: KEY_ID,
              grants: [
                {
                  granteePrincipal: SLR,
                  name: GRANT_NAME,
                  operations: [
                    'Encrypt',
                    'Decrypt',
                    'ReEncryptFrom',
                    'ReEncryptTo',
                    'GenerateDataKey',
                    'GenerateDataKeyWithoutPlaintext',
                    'DescribeKey',
                    'CreateGrant'
                  ]
                }
              ]
            }
          ]
        }
      }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'root-cause': '' })
    expect(operations(session, 'CreateGrant')).toBe(1)
    expect(grantsOf(session)).toHaveLength(1)
  })
})

describe('the owner’s key policy is the cause', () => {
  it('verify: a key whose owner does not trust this account names the owner and the statements it must add', async () => {
    const result = await runScenario('cross-account-untrusted-key', { mode: 'verify' })
    session = result.session
    const { run } = result
    expect(run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-key-cross-account'
    })
    expect(run.stdout).toContain(
      `The key ${KEY_ARN} belongs to account 999988887777, whose key policy does not trust account 111122223333 at all (it refuses kms:DescribeKey). Nothing in account 111122223333 can fix that: account 999988887777 must add AllowExternalAccount111122223333Use and AllowExternalAccount111122223333Grants`
    )
    // The key cannot be read: the failed launch is the evidence.
    expect(run.stdout).toContain(
      'so its state, spec and grants cannot be read; the failed launch above is the evidence'
    )
    expect(run.stdout).toMatch(/"AWS": "arn:aws:iam::111122223333:root"/)
  })

  it('deploy: a key policy that refuses this account CreateGrant asks the owner for that one statement', async () => {
    const result = await runScenario('cross-account-use-only-key', { mode: 'deploy' })
    session = result.session
    const { run } = result
    expect(run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-key-cross-account',
      'policy-changed': 'false'
    })
    expect(operations(session, 'CreateGrant')).toBe(1)
    expect(grantsOf(session)).toEqual([])
    expect(run.stdout).toContain(
      'whose key policy refuses account 111122223333 kms:CreateGrant. Nothing in account 111122223333 can fix that: account 999988887777 must add AllowExternalAccount111122223333Grants to the key policy'
    )
    expect(run.stdout).not.toContain('"Sid": "AllowExternalAccount111122223333Use"')
  })
})

describe('a grant cannot override the owner’s Deny', () => {
  it('deploy creates the grant, launches still fail after the grace: the owner must look for a Deny', async () => {
    const guide = (await import('../../sim/scenarios.js')).readScenarioInput(
      'cross-account-security-key'
    )
    const policy = guide.keys?.find(k => k.id === KEY_ID)?.policy as { Statement: unknown[] }
    const denyAutoScaling = {
      Sid: 'DenyAutoScalingOfOtherAccounts',
      Effect: 'Deny',
      Principal: { AWS: SLR },
      Action: 'kms:*',
      Resource: '*'
    }
    const result = await runScenario(
      'cross-account-security-key',
      { mode: 'deploy' },
      {
        overrides: {
          keys: [
            {
              id: KEY_ID,
              policy: { ...policy, Statement: [...policy.Statement, denyAutoScaling] }
            }
          ]
        }
      }
    )
    session = result.session
    const { run } = result
    expect(run.outputs).toMatchObject({ result: 'failure', 'root-cause': 'kms-key-cross-account' })
    expect(grantsOf(session)).toHaveLength(1)
    expect(run.stdout).toMatch(
      /This run created grant \w+ \(eks-kms-guard-autoscaling-ebs\) on .*and launches still fail after the propagation grace\. A grant cannot override a Deny: account 999988887777 must look in the key's policy for a Deny/
    )
  })
})
