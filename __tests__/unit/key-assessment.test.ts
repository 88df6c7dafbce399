/**
 * A key's assessment from what KMS said of it (pure): the Region rule, which holds whatever
 * DescribeKey answered — KMS keys are regional, and EBS encrypts a volume only with a key of the
 * volume's Region ("Amazon EBS encryption": the KMS key must be in the same Region).
 */
import { describe, expect, it } from '@jest/globals'
import { assessKey } from '../../src/kms/key.js'
import type { KeyContext, KeyFacts } from '../../src/model/index.js'

const SLR =
  'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
const context: KeyContext = {
  callerAccount: '111122223333',
  region: 'us-east-1',
  autoscalingRoleArn: SLR,
  autoscalingRoleExists: true
}
const policy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: SLR },
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
      Effect: 'Allow',
      Principal: { AWS: SLR },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': true } }
    }
  ]
})

function facts(arn: string): KeyFacts {
  return {
    reference: arn,
    found: true,
    arn,
    account: '111122223333',
    state: 'Enabled',
    manager: 'CUSTOMER',
    spec: 'SYMMETRIC_DEFAULT',
    usage: 'ENCRYPT_DECRYPT',
    policyText: policy,
    grants: []
  }
}

describe('the Region of a key', () => {
  it('a key of the run’s Region with the statements has no cause', () => {
    const key = facts('arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab')
    expect(assessKey(key, context).causes).toEqual([])
  })

  it('a key of another Region is not found here, even when a DescribeKey answered for it', () => {
    const key = facts('arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab')
    expect(assessKey(key, context).causes).toEqual(['kms-key-not-found'])
  })

  it('a key id or an alias name is resolved in the run’s Region', () => {
    const key = {
      ...facts('arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
      reference: 'alias/ebs'
    }
    expect(assessKey(key, context).causes).toEqual([])
  })
})
