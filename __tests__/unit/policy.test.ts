import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { checkRequirements, ebsContext, requirements } from '../../src/kms/requirements.js'
import { conditionMatch, evaluate } from '../../src/kms/evaluate.js'
import {
  lostStatements,
  orphanedPrincipals,
  parseKeyPolicy,
  PolicyParseError
} from '../../src/kms/document.js'
import { mergeMissing } from '../../src/kms/merge.js'
import { type KeyPolicy, type Statement } from '../../src/model/index.js'
import { oracle } from '../support/oracle.js'

const ACCOUNT = '111122223333'
const REGION = 'us-east-1'
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`
const ROOT = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*'
}
const NEEDED = requirements({ autoscalingRoleArn: ROLE, region: REGION, account: ACCOUNT })
const CONTEXT = ebsContext(REGION, ACCOUNT, ROLE)

const policyOf = (...statements: unknown[]): KeyPolicy => ({
  Version: '2012-10-17',
  Statement: statements as Statement[]
})
const statusOf = (policy: KeyPolicy) => checkRequirements(policy, KEY, NEEDED).map(s => s.status)

describe('parseKeyPolicy', () => {
  it('accepts a single statement object', () => {
    expect(parseKeyPolicy(JSON.stringify({ Statement: ROOT })).Statement).toHaveLength(1)
  })
  it.each([
    ['not JSON', '{"Statement": ['],
    ['an array', '[]'],
    ['no Statement', '{"Version":"2012-10-17"}'],
    ['a string statement', '{"Statement":["x"]}']
  ])('rejects %s', (_label, text) => {
    expect(() => parseKeyPolicy(text)).toThrow(PolicyParseError)
  })
})

describe('what the Auto Scaling role is granted', () => {
  it('the default key policy (root only) grants nothing to the role', () => {
    expect(statusOf(policyOf(ROOT))).toEqual(['missing', 'missing'])
  })

  it('the AWS guide statements grant everything', () => {
    const merged = mergeMissing(policyOf(ROOT), checkRequirements(policyOf(ROOT), KEY, NEEDED))
    expect(statusOf(merged.policy)).toEqual(['granted', 'granted'])
  })

  it('the service principal autoscaling.amazonaws.com is not the service-linked role (the first wrong fix)', () => {
    const servicePrincipal = {
      Effect: 'Allow',
      Principal: { Service: 'autoscaling.amazonaws.com' },
      Action: [
        'kms:Decrypt',
        'kms:Encrypt',
        'kms:ReEncrypt*',
        'kms:GenerateDataKey*',
        'kms:CreateGrant',
        'kms:DescribeKey'
      ],
      Resource: '*'
    }
    expect(statusOf(policyOf(ROOT, servicePrincipal))).toEqual(['missing', 'missing'])
  })

  it('recognises other Sids, a string principal, kms:* and the string "true"', () => {
    const policy = policyOf(ROOT, {
      Sid: 'AllowAutoScalingServiceRole',
      Effect: 'Allow',
      Principal: { AWS: ROLE },
      Action: 'kms:*',
      Resource: '*'
    })
    expect(statusOf(policy)).toEqual(['granted', 'granted'])
    const split = policyOf(
      ROOT,
      {
        Sid: 'KeyServiceRolesASG',
        Effect: 'Allow',
        Principal: { AWS: [ROLE] },
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
        Sid: 'KeyServiceRolesASGPersistentVol',
        Effect: 'Allow',
        Principal: { AWS: [ROLE] },
        Action: 'kms:Create*',
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } }
      }
    )
    expect(statusOf(split)).toEqual(['granted', 'granted'])
  })

  it('a grant condition of false does not count', () => {
    const policy = policyOf(ROOT, {
      Effect: 'Allow',
      Principal: { AWS: ROLE },
      Action: 'kms:*',
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' } }
    })
    expect(statusOf(policy)).toEqual(['missing', 'missing'])
  })

  it('the Karpenter-style "*" principal through EC2 grants the role', () => {
    const viaEc2 = {
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
    expect(statusOf(policyOf(ROOT, viaEc2))).toEqual(['granted', 'granted'])
  })

  it('an explicit Deny wins over the grant', () => {
    const deny = {
      Sid: 'DenyAll',
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:CreateGrant',
      Resource: '*'
    }
    const merged = mergeMissing(
      policyOf(ROOT),
      checkRequirements(policyOf(ROOT), KEY, NEEDED)
    ).policy
    expect(statusOf(policyOf(...merged.Statement, deny))).toEqual(['granted', 'denied'])
  })

  it('a Deny on the account covers the role', () => {
    const deny = {
      Effect: 'Deny',
      Principal: { AWS: ACCOUNT },
      Action: 'kms:Decrypt',
      Resource: '*'
    }
    expect(
      statusOf(
        policyOf(
          ROOT,
          { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'kms:*', Resource: '*' },
          deny
        )
      )
    ).toEqual(['denied', 'granted'])
  })

  it('says "cannot tell" for what it cannot evaluate, never "granted"', () => {
    const unknownCondition = {
      Effect: 'Allow',
      Principal: { AWS: ROLE },
      Action: 'kms:*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }
    }
    expect(statusOf(policyOf(ROOT, unknownCondition))).toEqual(['unknown', 'unknown'])
    const notPrincipal = {
      Effect: 'Allow',
      NotPrincipal: { AWS: 'arn:aws:iam::111122223333:user/x' },
      Action: 'kms:*',
      Resource: '*'
    }
    expect(statusOf(policyOf(ROOT, notPrincipal))).toEqual(['unknown', 'unknown'])
    const unknownOperator = {
      Effect: 'Allow',
      Principal: { AWS: ROLE },
      Action: 'kms:*',
      Resource: '*',
      Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }
    }
    expect(statusOf(policyOf(ROOT, unknownOperator))).toEqual(['unknown', 'unknown'])
  })

  it('a statement without Resource has no effect', () => {
    expect(
      statusOf(policyOf(ROOT, { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'kms:*' }))
    ).toEqual(['missing', 'missing'])
  })

  it('NotAction grants what it does not exclude', () => {
    expect(
      statusOf(
        policyOf(ROOT, {
          Effect: 'Allow',
          Principal: { AWS: ROLE },
          NotAction: 'kms:ScheduleKeyDeletion',
          Resource: '*'
        })
      )
    ).toEqual(['granted', 'granted'])
  })
})

describe('conditionMatch', () => {
  it('IfExists passes when the key is absent', () => {
    expect(
      conditionMatch({ StringEqualsIfExists: { 'kms:EncryptionContextKeys': 'x' } }, {}).result
    ).toBe('yes')
  })
  it('negated operators pass when no value matches', () => {
    expect(
      conditionMatch({ StringNotEquals: { 'kms:CallerAccount': ['222233334444'] } }, CONTEXT).result
    ).toBe('yes')
    expect(
      conditionMatch({ StringNotEquals: { 'kms:CallerAccount': [ACCOUNT] } }, CONTEXT).result
    ).toBe('no')
  })
  it('condition keys match case-insensitively', () => {
    expect(
      conditionMatch({ StringEquals: { 'KMS:VIASERVICE': `ec2.${REGION}.amazonaws.com` } }, CONTEXT)
        .result
    ).toBe('yes')
  })
})

describe('mergeMissing', () => {
  it('adds only what is missing, after the existing statements', () => {
    const half = policyOf(ROOT, {
      Sid: 'Use',
      Effect: 'Allow',
      Principal: { AWS: ROLE },
      Action: [
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncrypt*',
        'kms:GenerateDataKey*',
        'kms:DescribeKey'
      ],
      Resource: '*'
    })
    const merged = mergeMissing(half, checkRequirements(half, KEY, NEEDED))
    expect(merged.added.map(s => s.Sid)).toEqual(['EksKmsGuardAutoScalingGrants'])
    expect(merged.policy.Statement.slice(0, 2)).toEqual(half.Statement)
  })

  it('never reuses a Sid that is taken', () => {
    const taken = policyOf(ROOT, {
      Sid: 'EksKmsGuardAutoScalingUse',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:role/other' },
      Action: 'kms:Decrypt',
      Resource: '*'
    })
    const merged = mergeMissing(taken, checkRequirements(taken, KEY, NEEDED))
    expect(merged.added.map(s => s.Sid)).toEqual([
      'EksKmsGuardAutoScalingUse2',
      'EksKmsGuardAutoScalingGrants'
    ])
  })

  it('adds nothing for a requirement that a Deny blocks or that it cannot evaluate', () => {
    const deny = policyOf(ROOT, {
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }
    })
    expect(mergeMissing(deny, checkRequirements(deny, KEY, NEEDED)).changed).toBe(false)
  })
})

describe('orphanedPrincipals', () => {
  it('finds unique ids of deleted principals', () => {
    const policy = policyOf(ROOT, {
      Effect: 'Allow',
      Principal: { AWS: ['AROAJQABLZS4A3QDU576Q', ROLE] },
      Action: 'kms:*',
      Resource: '*'
    })
    expect(orphanedPrincipals(policy)).toEqual([{ statement: 1, id: 'AROAJQABLZS4A3QDU576Q' }])
  })
})

// ---- property-based: the merge is safe for arbitrary policies ----

const principals = fc.constantFrom<unknown>(
  '*',
  { AWS: '*' },
  { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  { AWS: ACCOUNT },
  { AWS: ROLE },
  { AWS: [ROLE, 'arn:aws:iam::111122223333:role/admin'] },
  { AWS: 'arn:aws:iam::111122223333:role/admin' },
  { AWS: 'arn:aws:iam::444455556666:root' },
  { Service: 'autoscaling.amazonaws.com' },
  { Service: 'eks.amazonaws.com' }
)
const actions = fc.oneof(
  fc.constantFrom<unknown>(
    'kms:*',
    'kms:Decrypt',
    'kms:CreateGrant',
    'kms:Create*',
    'kms:ReEncrypt*',
    'kms:GenerateDataKey*',
    'kms:Describe*',
    'kms:PutKeyPolicy'
  ),
  fc.uniqueArray(
    fc.constantFrom(
      'kms:Encrypt',
      'kms:Decrypt',
      'kms:ReEncrypt*',
      'kms:GenerateDataKey*',
      'kms:DescribeKey',
      'kms:CreateGrant',
      'kms:GenerateDataKeyWithoutPlaintext'
    ),
    { minLength: 1, maxLength: 6 }
  )
)
const conditions = fc.constantFrom<unknown>(
  undefined,
  { Bool: { 'kms:GrantIsForAWSResource': true } },
  { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  { Bool: { 'kms:GrantIsForAWSResource': 'false' } },
  { StringEquals: { 'kms:ViaService': `ec2.${REGION}.amazonaws.com` } },
  { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
  { StringEquals: { 'kms:CallerAccount': ACCOUNT } },
  { StringNotEquals: { 'kms:CallerAccount': ACCOUNT } }
)
const statementArb = fc
  .record(
    {
      Sid: fc.option(
        fc.constantFrom('A', 'B', 'EksKmsGuardAutoScalingUse', 'Allow use of the key', 'x1'),
        { nil: undefined }
      ),
      Effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
      Principal: principals,
      Action: actions,
      Resource: fc.constant('*'),
      Condition: conditions
    },
    { requiredKeys: ['Effect', 'Principal', 'Action', 'Resource'] }
  )
  .map(s => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as Statement)
const policyArb = fc
  .array(statementArb, { minLength: 0, maxLength: 6 })
  .map(statements => policyOf(ROOT, ...statements))

describe('mergeMissing (properties)', () => {
  it('keeps every original statement, in order and unchanged', () => {
    fc.assert(
      fc.property(policyArb, policy => {
        const merged = mergeMissing(policy, checkRequirements(policy, KEY, NEEDED))
        expect(merged.policy.Statement.slice(0, policy.Statement.length)).toEqual(policy.Statement)
        expect(lostStatements(policy, merged.policy)).toEqual([])
        expect(JSON.parse(merged.text)).toEqual(merged.policy)
      }),
      { numRuns: 300 }
    )
  })

  it('is idempotent', () => {
    fc.assert(
      fc.property(policyArb, policy => {
        const once = mergeMissing(policy, checkRequirements(policy, KEY, NEEDED))
        const twice = mergeMissing(once.policy, checkRequirements(once.policy, KEY, NEEDED))
        expect(twice.changed).toBe(false)
        expect(twice.text).toBe(once.text)
      }),
      { numRuns: 300 }
    )
  })

  it('writes nothing when the grant is already there, and grants it whenever nothing blocks it', () => {
    fc.assert(
      fc.property(policyArb, policy => {
        const statuses = checkRequirements(policy, KEY, NEEDED)
        const merged = mergeMissing(policy, statuses)
        if (statuses.every(s => s.status === 'granted')) expect(merged.changed).toBe(false)
        if (statuses.every(s => s.status === 'granted' || s.status === 'missing')) {
          expect(
            checkRequirements(merged.policy, KEY, NEEDED).every(s => s.status === 'granted')
          ).toBe(true)
        }
      }),
      { numRuns: 300 }
    )
  })
})

// ---- the independent evaluator agrees ----

const probes: [string, Record<string, string>][] = [
  ['kms:CreateGrant', { ...CONTEXT, 'kms:GrantIsForAWSResource': 'true' }],
  ['kms:GenerateDataKeyWithoutPlaintext', CONTEXT],
  ['kms:Decrypt', CONTEXT],
  ['kms:DescribeKey', CONTEXT]
]
const OTHERS = [
  'arn:aws:iam::111122223333:role/admin',
  'arn:aws:iam::444455556666:role/outsider',
  `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_custom`
]
const OTHER_ACTIONS = [
  'kms:Decrypt',
  'kms:CreateGrant',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'kms:Encrypt'
]

describe('against @cloud-copilot/iam-simulate', () => {
  it('the incident policy: ImplicitlyDenied before the patch, Allowed after', async () => {
    const before = policyOf(ROOT, {
      Sid: 'EKS',
      Effect: 'Allow',
      Principal: { Service: 'eks.amazonaws.com' },
      Action: ['kms:Encrypt', 'kms:Decrypt'],
      Resource: '*'
    })
    const after = mergeMissing(before, checkRequirements(before, KEY, NEEDED)).policy
    for (const [action, context] of probes) {
      expect(await oracle(before, KEY, ROLE, action, context)).toBe('ImplicitlyDenied')
      expect(await oracle(after, KEY, ROLE, action, context)).toBe('Allowed')
    }
    // The grant statement is limited to grants for AWS resources.
    expect(
      await oracle(after, KEY, ROLE, 'kms:CreateGrant', {
        ...CONTEXT,
        'kms:GrantIsForAWSResource': 'false'
      })
    ).toBe('ImplicitlyDenied')
  })

  it('the patch gives no other principal anything', async () => {
    await fc.assert(
      fc.asyncProperty(policyArb, async policy => {
        const merged = mergeMissing(policy, checkRequirements(policy, KEY, NEEDED))
        for (const principal of OTHERS) {
          for (const action of OTHER_ACTIONS) {
            const context = {
              'kms:CallerAccount': principal.split(':')[4],
              'kms:GrantIsForAWSResource': 'true'
            }
            expect(await oracle(merged.policy, KEY, principal, action, context)).toBe(
              await oracle(policy, KEY, principal, action, context)
            )
          }
        }
      }),
      { numRuns: 40 }
    )
  })

  it('our evaluation agrees with the oracle wherever ours is decided', async () => {
    await fc.assert(
      fc.asyncProperty(policyArb, async policy => {
        for (const [action, context] of probes) {
          const ours = evaluate(policy, KEY, { principal: ROLE, action, context })
          if (ours.result === 'unknown') continue
          const expected = {
            allowed: 'Allowed',
            'explicit-deny': 'ExplicitlyDenied',
            'implicit-deny': 'ImplicitlyDenied'
          }[ours.result]
          expect(await oracle(policy, KEY, ROLE, action, context)).toBe(expected)
        }
      }),
      { numRuns: 150 }
    )
  })
})
