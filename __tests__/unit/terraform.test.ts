import { describe, expect, it } from '@jest/globals'
import { normalizeStatements } from '../../src/terraform/check.js'
import { resolveSymbols } from '../../src/terraform/expressions.js'
import { parseReference } from '../../src/terraform/model.js'

describe('parseReference', () => {
  it.each([
    ['${aws_kms_key.ebs.arn}', 'aws_kms_key.ebs', 'arn'],
    ['${aws_kms_key.ebs[0].arn}', 'aws_kms_key.ebs', 'arn'],
    ['${aws_kms_key.ebs["nodes"].key_id}', 'aws_kms_key.ebs', 'key_id'],
    ['${data.aws_iam_policy_document.key.json}', 'data.aws_iam_policy_document.key', 'json'],
    ['${module.ebs_kms_key.key_arn}', 'module.ebs_kms_key', 'key_arn']
  ])('%s (count, for_each and modules included)', (value, address, attribute) => {
    expect(parseReference(value)).toEqual({ address, attribute })
  })

  it.each([
    'alias/eks',
    'arn:aws:kms:us-east-1:111122223333:key/x',
    '${var.key}',
    '${"arn:${var.x}"}'
  ])('%s is not a resource reference', value => {
    expect(parseReference(value)).toBeUndefined()
  })
})

describe('symbolic principals', () => {
  it('reads "this account" and "this partition" references as the account itself', () => {
    expect(
      resolveSymbols(
        'arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root'
      )
    ).toBe('arn:aws:iam::000000000000:root')
    expect(resolveSymbols('arn:aws:iam::${local.account_id}:root')).toBe(
      'arn:aws:iam::000000000000:root'
    )
  })

  it('recognises the role with an unknown account, and leaves other unknown principals unknown', () => {
    const [role, other] = normalizeStatements([
      {
        Effect: 'Allow',
        Principal: {
          AWS: 'arn:aws:iam::${var.account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
        },
        Action: 'kms:*',
        Resource: '*'
      },
      {
        Effect: 'Allow',
        Principal: { AWS: '${module.iam.role_arn}' },
        Action: 'kms:*',
        Resource: '*'
      }
    ])
    expect(role.Principal).toEqual({
      AWS: 'arn:aws:iam::000000000000:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
    })
    expect(other.Principal).toEqual({ AWS: { unresolved: '${module.iam.role_arn}' } })
  })
})
