/**
 * Merging our statements into a key policy as KMS returns it — the one we read, or the one a
 * concurrent writer left — and what the merged document keeps: every statement that was there, in
 * its order, with the policy's other elements, plus only what is missing, under Sids nobody uses.
 */
import { describe, expect, it } from '@jest/globals'
import { mergeMissing } from '../../src/kms/merge.js'
import { checkRequirements, requirements } from '../../src/kms/requirements.js'
import { type KeyPolicy, type RequirementStatus, type Statement } from '../../src/model/index.js'

const ACCOUNT = '111122223333'
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`
const NEEDED = requirements({ autoscalingRoleArn: ROLE, region: 'us-east-1', account: ACCOUNT })
const [USE, GRANTS] = NEEDED

const ROOT: Statement = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*'
}
const ADMINS: Statement = {
  Sid: 'Allow access for Key Administrators',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/KeyAdmins` },
  Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:Put*', 'kms:ScheduleKeyDeletion'],
  Resource: '*'
}

/** A policy as KMS returns it: Version and Id beside the statements. */
const policyOf = (...statements: Statement[]): KeyPolicy => ({
  Version: '2012-10-17',
  Id: 'key-consolepolicy-3',
  Statement: statements
})
const status = (
  requirement: RequirementStatus['requirement'],
  answer: RequirementStatus['status']
): RequirementStatus => ({ requirement, status: answer, statements: [], reasons: [] })
const merge = (policy: KeyPolicy) => mergeMissing(policy, checkRequirements(policy, KEY, NEEDED))

describe('merging into the policy KMS returned', () => {
  it('the default key policy gets the two AWS guide statements, after what was there', () => {
    const policy = policyOf(ROOT, ADMINS)
    const before = structuredClone(policy)
    const merged = merge(policy)
    expect(merged.changed).toBe(true)
    expect(merged.policy).toEqual({
      Version: '2012-10-17',
      Id: 'key-consolepolicy-3',
      Statement: [ROOT, ADMINS, USE.statement, GRANTS.statement]
    })
    expect(merged.added).toEqual([USE.statement, GRANTS.statement])
    // The text written to KMS is the merged document itself.
    expect(JSON.parse(merged.text)).toEqual(merged.policy)
    // The policy read from KMS is left as read: the diff and the lost-statement check compare with it.
    expect(policy).toEqual(before)
  })

  it('a policy that already grants is returned unchanged, as text too', () => {
    const granted = policyOf(ROOT, USE.statement, GRANTS.statement)
    const merged = merge(granted)
    expect(merged).toEqual({
      changed: false,
      policy: granted,
      text: JSON.stringify(granted, null, 2),
      added: []
    })
  })

  it('only the missing requirement is added; granted, denied and undecided ones are not', () => {
    const policy = policyOf(ROOT)
    const merged = mergeMissing(policy, [
      status(USE, 'granted'),
      status(GRANTS, 'missing'),
      status({ ...USE, statement: { ...USE.statement, Sid: 'Denied' } }, 'denied'),
      status({ ...USE, statement: { ...USE.statement, Sid: 'Open' } }, 'unknown')
    ])
    expect(merged.added.map(s => s.Sid)).toEqual(['EksKmsGuardAutoScalingGrants'])
    expect(merged.policy.Statement).toEqual([ROOT, GRANTS.statement])
  })

  it('nothing missing and nothing undecided: no write', () => {
    const merged = mergeMissing(policyOf(ROOT), [status(USE, 'granted'), status(GRANTS, 'denied')])
    expect(merged.changed).toBe(false)
    expect(merged.added).toEqual([])
  })
})

describe('a concurrent writer got in between', () => {
  it('their statements are kept in their places, ours go after them', () => {
    // Another pipeline added its own statement between our read and our write.
    const theirs: Statement = {
      Sid: 'AllowKarpenter',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/KarpenterController` },
      Action: ['kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:CreateGrant'],
      Resource: '*'
    }
    const merged = merge(policyOf(ROOT, theirs, ADMINS))
    expect(merged.policy.Statement).toEqual([ROOT, theirs, ADMINS, USE.statement, GRANTS.statement])
  })

  it('when they already added what Auto Scaling needs under their own Sid, only the rest is added', () => {
    const theirUse: Statement = { ...USE.statement, Sid: 'AutoScalingFromTerraform' }
    const merged = merge(policyOf(ROOT, theirUse))
    expect(merged.added).toEqual([GRANTS.statement])
    expect(merged.policy.Statement).toEqual([ROOT, theirUse, GRANTS.statement])
  })

  it('our Sids taken by their statements: ours get the next free number, theirs are untouched', () => {
    const other = (sid: string): Statement => ({
      Sid: sid,
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/other` },
      Action: 'kms:Decrypt',
      Resource: '*'
    })
    const read = policyOf(
      ROOT,
      other('EksKmsGuardAutoScalingUse'),
      other('EksKmsGuardAutoScalingUse2'),
      other('EksKmsGuardAutoScalingGrants3')
    )
    const merged = merge(read)
    expect(merged.added.map(s => s.Sid)).toEqual([
      'EksKmsGuardAutoScalingUse3',
      'EksKmsGuardAutoScalingGrants'
    ])
    const sids = merged.policy.Statement.map(s => s.Sid)
    expect(new Set(sids).size).toBe(sids.length)
    expect(merged.policy.Statement.slice(0, 4)).toEqual(read.Statement)
    // Apart from its Sid, the added statement is exactly the AWS guide's.
    expect({ ...merged.added[0], Sid: USE.statement.Sid }).toEqual(USE.statement)
  })
})

describe('undecided requirements (deploy acting on KMS launch failures)', () => {
  const open = [status(USE, 'unknown'), status(GRANTS, 'unknown')]

  it('are added only when asked to', () => {
    expect(mergeMissing(policyOf(ROOT), open).changed).toBe(false)
    const merged = mergeMissing(policyOf(ROOT), open, true)
    expect(merged.added.map(s => s.Sid)).toEqual([
      'EksKmsGuardAutoScalingUse',
      'EksKmsGuardAutoScalingGrants'
    ])
  })

  it('are added once: the same statement already there under another Sid is not added again', () => {
    // A first round added it; a concurrent writer renamed it; the answer is still "cannot tell".
    const renamed: Statement = { ...USE.statement, Sid: 'Renamed' }
    const merged = mergeMissing(policyOf(ROOT, renamed), open, true)
    expect(merged.added.map(s => s.Sid)).toEqual(['EksKmsGuardAutoScalingGrants'])
    expect(merged.policy.Statement).toEqual([ROOT, renamed, GRANTS.statement])
  })

  it('a different statement under our Sid does not count as ours: ours is added beside it', () => {
    const narrower: Statement = { ...USE.statement, Action: 'kms:Decrypt' }
    const merged = mergeMissing(policyOf(ROOT, narrower), [status(USE, 'unknown')], true)
    expect(merged.added).toEqual([{ ...USE.statement, Sid: 'EksKmsGuardAutoScalingUse2' }])
    expect(merged.policy.Statement).toEqual([ROOT, narrower, merged.added[0]])
  })

  it('a denied requirement is not added even then', () => {
    expect(mergeMissing(policyOf(ROOT), [status(USE, 'denied')], true).changed).toBe(false)
  })
})
