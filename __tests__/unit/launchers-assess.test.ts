/**
 * A launcher's key, judged for the role that launches: the key policy first; where it only
 * delegates to the account, the role's IAM policies (as simulated) decide.
 */
import { describe, expect, it } from '@jest/globals'
import { assessLauncherKey } from '../../src/launchers/assess.js'
import type { KeyContext, KeyFacts } from '../../src/model/index.js'

const ACCOUNT = '111122223333'
const ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/5555abcd-12ab-34cd-56ef-555555555555`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/KarpenterController-1`
const CLUSTER_ROLE = `arn:aws:iam::${ACCOUNT}:role/AmazonEKSAutoClusterRole`
const ROOT = {
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*'
}
const ALL_IAM = new Set([
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
  'kms:CreateGrant'
])

function facts(statements: unknown[]): KeyFacts {
  return {
    reference: ARN,
    found: true,
    arn: ARN,
    account: ACCOUNT,
    state: 'Enabled',
    manager: 'CUSTOMER',
    spec: 'SYMMETRIC_DEFAULT',
    usage: 'ENCRYPT_DECRYPT',
    grants: [],
    policyText: JSON.stringify({ Version: '2012-10-17', Statement: statements })
  }
}

const context = (role: string): KeyContext => ({
  callerAccount: ACCOUNT,
  region: 'us-east-1',
  autoscalingRoleArn: role,
  autoscalingRoleExists: true
})
const karpenter = { launcher: 'karpenter' as const, roleArn: ROLE }

describe('a launcher key', () => {
  it('the key policy naming the role with the documented statements: no cause, nothing left to IAM', () => {
    const named = [
      ROOT,
      {
        Effect: 'Allow',
        Principal: { AWS: ROLE },
        Action: [
          'kms:Decrypt',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:DescribeKey',
          'kms:CreateGrant'
        ],
        Resource: '*'
      }
    ]
    const { assessment, delegated } = assessLauncherKey(facts(named), context(ROLE), karpenter)
    expect(assessment.causes).toEqual([])
    expect(delegated).toEqual([])
  })

  it('only the root statement: cannot tell until IAM is read, then IAM decides', () => {
    const unread = assessLauncherKey(facts([ROOT]), context(ROLE), karpenter)
    expect(unread.delegated).toEqual(['launcher-use', 'launcher-grants'])
    expect(unread.assessment.causes).toEqual([])
    expect(unread.assessment.openQuestions.join(' ')).toContain('IAM policies')
    const allowed = assessLauncherKey(facts([ROOT]), context(ROLE), karpenter, ALL_IAM)
    expect(allowed.assessment.causes).toEqual([])
    const noGrant = new Set([...ALL_IAM].filter(a => a !== 'kms:CreateGrant'))
    const partial = assessLauncherKey(facts([ROOT]), context(ROLE), karpenter, noGrant)
    expect(partial.assessment.causes).toEqual(['karpenter-kms-access-denied'])
    expect(partial.assessment.statuses.map(s => s.status)).toEqual(['granted', 'missing'])
  })

  it('neither the role nor the root: the launcher cause, whatever IAM allows', () => {
    const admin = [{ ...ROOT, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/Admin` } }]
    const auto = { launcher: 'auto-mode' as const, roleArn: CLUSTER_ROLE }
    const { assessment } = assessLauncherKey(facts(admin), context(CLUSTER_ROLE), auto, ALL_IAM)
    expect(assessment.causes).toEqual(['automode-kms-access-denied'])
  })

  it('a Deny on the role is an explicit deny, not a missing grant', () => {
    const deny = {
      Effect: 'Deny',
      Principal: { AWS: ROLE },
      Action: 'kms:CreateGrant',
      Resource: '*'
    }
    const { assessment } = assessLauncherKey(facts([ROOT, deny]), context(ROLE), karpenter, ALL_IAM)
    expect(assessment.causes).toEqual(['kms-key-explicit-deny'])
  })

  it('a disabled key is that, for the launcher too; the Auto Scaling role is never mentioned', () => {
    const disabled = { ...facts([ROOT]), state: 'Disabled' }
    const { assessment } = assessLauncherKey(disabled, context(ROLE), karpenter, ALL_IAM)
    expect(assessment.causes).toEqual(['kms-key-disabled'])
    expect([...assessment.ruledOut, ...assessment.openQuestions].join(' ')).not.toMatch(
      /Auto Scaling/
    )
  })
})
