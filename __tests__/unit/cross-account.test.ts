/**
 * Another account's key, decided without its policy: what the owner's AccessDenied answers mean,
 * when deploy creates its grant, and who the fix speaks to.
 */
import { describe, expect, it } from '@jest/globals'
import { crossAccountRemedy } from '../../src/diagnose/foreign-remedy.js'
import { assessKey } from '../../src/kms/key.js'
import { accountOfReference, ownerStatements, refusedKeyFacts } from '../../src/kms/foreign.js'
import { rememberGrant } from '../../src/kms/grant.js'
import { planKeyAction } from '../../src/kms/plan.js'
import type { KeyContext, KeyFacts, KeyRecord } from '../../src/model/index.js'

const ARN = 'arn:aws:kms:us-east-1:999988887777:key/5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9'
const ROLE =
  'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
const deploy = { mode: 'deploy' as const, patchPolicy: true, dryRun: false }
const context: KeyContext = {
  callerAccount: '111122223333',
  region: 'us-east-1',
  autoscalingRoleArn: ROLE,
  autoscalingRoleExists: true
}

function foreignFacts(extra: Partial<KeyFacts> = {}): KeyFacts {
  return {
    reference: ARN,
    found: true,
    arn: ARN,
    account: '999988887777',
    state: 'Enabled',
    manager: 'CUSTOMER',
    spec: 'SYMMETRIC_DEFAULT',
    usage: 'ENCRYPT_DECRYPT',
    grants: [],
    ...extra
  }
}

function record(facts: KeyFacts, more: Partial<KeyRecord> = {}): KeyRecord {
  return {
    id: ARN,
    facts,
    assessment: assessKey(facts, context),
    uses: [],
    roleArn: ROLE,
    context,
    secretsKey: false,
    ...more
  }
}

describe('assessing another account’s key', () => {
  it('grants hidden by the owner (ListGrants refused) are not blamed without evidence, and deploy still creates its grant', () => {
    const r = record(foreignFacts({ grantsUnknown: true, ownerRefused: ['kms:ListGrants'] }))
    expect(r.assessment.causes).toEqual([])
    expect(r.assessment.crossAccount).toBe(true)
    expect(r.assessment.openQuestions.join(' ')).toContain('refuses kms:ListGrants')
    expect(planKeyAction(r, deploy)).toBe('grant')
    expect(planKeyAction(r, { ...deploy, mode: 'verify' })).toBe('none')
  })

  it('grants listed and none for the role: the cause, and deploy grants', () => {
    const r = record(foreignFacts())
    expect(r.assessment.causes).toEqual(['kms-key-cross-account'])
    expect(planKeyAction(r, deploy)).toBe('grant')
  })

  it('a grant this run already created is not created twice', () => {
    const r = record(foreignFacts({ grantsUnknown: true }), {
      grant: { id: 'g1', name: 'eks-kms-guard-autoscaling-ebs' }
    })
    expect(planKeyAction(r, deploy)).toBe('none')
    rememberGrant(r)
    expect(assessKey(r.facts, context).grantCovers).toBe(true)
  })

  it('an owner that refuses DescribeKey or CreateGrant: the cause, and nothing for deploy to do', () => {
    const untrusted = record(refusedKeyFacts(ARN, '999988887777'))
    expect(untrusted.assessment.causes).toEqual(['kms-key-cross-account'])
    expect(planKeyAction(untrusted, deploy)).toBe('none')
    const noGrants = record(foreignFacts({ ownerRefused: ['kms:CreateGrant'] }))
    expect(noGrants.assessment.causes).toEqual(['kms-key-cross-account'])
    expect(planKeyAction(noGrants, deploy)).toBe('none')
  })

  it('reads the owner account from a key or alias ARN only', () => {
    expect(accountOfReference(ARN)).toBe('999988887777')
    expect(accountOfReference('arn:aws:kms:us-east-1:999988887777:alias/ebs')).toBe('999988887777')
    expect(accountOfReference('alias/ebs')).toBeUndefined()
  })
})

describe('the fix for another account’s key', () => {
  const input = {
    keyArn: ARN,
    roleArn: ROLE,
    region: 'us-east-1',
    account: '111122223333',
    partition: 'aws'
  }

  it('owner allows grants: only the grant, from this account, named as deploy names it', () => {
    const remedy = crossAccountRemedy({ ...input, key: record(foreignFacts()) })
    expect(remedy.json).toBeUndefined()
    expect(remedy.cli).toContain(
      `--key-id ${ARN} --grantee-principal ${ROLE} --operations Encrypt Decrypt ReEncryptFrom ReEncryptTo GenerateDataKey GenerateDataKeyWithoutPlaintext DescribeKey CreateGrant --name eks-kms-guard-autoscaling-ebs`
    )
    expect(remedy.terraform).toContain('resource "aws_kms_grant"')
  })

  it('owner refuses: the owner account and the statements it must add', () => {
    const remedy = crossAccountRemedy({
      ...input,
      key: record(refusedKeyFacts(ARN, '999988887777'))
    })
    expect(remedy.summary).toContain('account 999988887777 must add')
    expect(JSON.parse(remedy.json!).map((s: { Sid: string }) => s.Sid)).toEqual([
      'AllowExternalAccount111122223333Use',
      'AllowExternalAccount111122223333Grants'
    ])
    expect(ownerStatements('aws', '111122223333', ['kms:CreateGrant'])).toHaveLength(1)
  })
})
