/**
 * The statements Karpenter's controller role and EKS Auto Mode's cluster role need on a key, judged
 * by the same evaluator as the Auto Scaling role's, on the policy shapes their documentation shows.
 */
import { describe, expect, it } from '@jest/globals'
import { checkRequirements } from '../../src/kms/requirements.js'
import { launcherRequirements } from '../../src/kms/launchers.js'
import type { KeyPolicy } from '../../src/model/index.js'

const ACCOUNT = '111122223333'
const REGION = 'eu-west-2'
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
const KARPENTER = `arn:aws:iam::${ACCOUNT}:role/karpenter-controller`
const CLUSTER = `arn:aws:iam::${ACCOUNT}:role/AmazonEKSAutoClusterRole`
const ROOT = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*'
}

function statuses(
  launcher: 'karpenter' | 'auto-mode',
  policy: KeyPolicy,
  identityAllows?: boolean
): Record<string, string> {
  const roleArn = launcher === 'karpenter' ? KARPENTER : CLUSTER
  const list = launcherRequirements({
    principal: { launcher, roleArn },
    region: REGION,
    account: ACCOUNT
  })
  const forCheck =
    identityAllows === false ? list.map(r => ({ ...r, identityMayGrant: false })) : list
  return Object.fromEntries(
    checkRequirements(policy, KEY, forCheck).map(s => [s.requirement.id, s.status])
  )
}

describe('launcher requirements', () => {
  it("Karpenter's documented statement (every principal of the account through EC2) grants its controller role", () => {
    const policy = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: [
            'kms:Encrypt',
            'kms:Decrypt',
            'kms:ReEncrypt*',
            'kms:GenerateDataKey*',
            'kms:CreateGrant',
            'kms:DescribeKey'
          ],
          Resource: '*',
          Condition: {
            StringEquals: {
              'kms:ViaService': `ec2.${REGION}.amazonaws.com`,
              'kms:CallerAccount': ACCOUNT
            }
          }
        }
      ]
    }
    expect(statuses('karpenter', policy)).toEqual({
      'launcher-use': 'granted',
      'launcher-grants': 'granted'
    })
  })

  it("the same statement for another Region's EC2 grants nothing", () => {
    const policy = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: [
            'kms:Decrypt',
            'kms:ReEncrypt*',
            'kms:GenerateDataKey*',
            'kms:CreateGrant',
            'kms:DescribeKey'
          ],
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } }
        }
      ]
    }
    expect(statuses('karpenter', policy)).toEqual({
      'launcher-use': 'missing',
      'launcher-grants': 'missing'
    })
  })

  it('a key that only delegates to the account leaves it to the role: granted only if its IAM policy allows', () => {
    const policy = { Statement: [ROOT] }
    expect(statuses('karpenter', policy)).toEqual({
      'launcher-use': 'granted',
      'launcher-grants': 'granted'
    })
    expect(statuses('karpenter', policy, false)).toEqual({
      'launcher-use': 'missing',
      'launcher-grants': 'missing'
    })
  })

  it("Auto Mode's documented two statements for the cluster role grant it; without the grant statement the grants are missing", () => {
    const use = {
      Sid: 'Allow use of the key',
      Effect: 'Allow',
      Principal: { AWS: [CLUSTER] },
      Action: [
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncrypt*',
        'kms:GenerateDataKey*',
        'kms:DescribeKey'
      ],
      Resource: '*'
    }
    const grants = {
      Sid: 'Allow attachment of persistent resources',
      Effect: 'Allow',
      Principal: { AWS: [CLUSTER] },
      Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } }
    }
    expect(statuses('auto-mode', { Statement: [use, grants] }, false)).toEqual({
      'launcher-use': 'granted',
      'launcher-grants': 'granted'
    })
    expect(statuses('auto-mode', { Statement: [use] }, false)).toEqual({
      'launcher-use': 'granted',
      'launcher-grants': 'missing'
    })
  })

  it('a statement naming the Auto Scaling service-linked role does not cover the launcher roles', () => {
    const policy = {
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            AWS: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`
          },
          Action: [
            'kms:Decrypt',
            'kms:ReEncrypt*',
            'kms:GenerateDataKey*',
            'kms:CreateGrant',
            'kms:DescribeKey'
          ],
          Resource: '*'
        }
      ]
    }
    expect(statuses('auto-mode', policy, false)).toEqual({
      'launcher-use': 'missing',
      'launcher-grants': 'missing'
    })
  })

  it('the statements it would add are themselves enough, and narrowed to EC2 of the Region', () => {
    for (const launcher of ['karpenter', 'auto-mode'] as const) {
      const roleArn = launcher === 'karpenter' ? KARPENTER : CLUSTER
      const list = launcherRequirements({
        principal: { launcher, roleArn },
        region: REGION,
        account: ACCOUNT
      })
      const added = { Statement: list.map(r => r.statement) }
      expect(statuses(launcher, added, false)).toEqual({
        'launcher-use': 'granted',
        'launcher-grants': 'granted'
      })
      for (const r of list)
        expect(r.statement.Condition).toMatchObject({
          StringEquals: { 'kms:ViaService': `ec2.${REGION}.amazonaws.com` }
        })
    }
  })
})
