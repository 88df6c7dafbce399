import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  checkRequirements,
  ebsContext,
  requirements,
  SID_GRANTS,
  SID_USE
} from '../../src/kms/requirements.js'
import { conditionMatch } from '../../src/kms/conditions.js'
import { evaluate } from '../../src/kms/evaluate.js'
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
    const principalAndNotPrincipal = {
      Effect: 'Allow',
      Principal: { AWS: ROLE },
      NotPrincipal: { AWS: 'arn:aws:iam::111122223333:user/x' },
      Action: 'kms:*',
      Resource: '*'
    }
    expect(statusOf(policyOf(ROOT, principalAndNotPrincipal))).toEqual(['unknown', 'unknown'])
    const unknownOperator = {
      Effect: 'Allow',
      Principal: { AWS: ROLE },
      Action: 'kms:*',
      Resource: '*',
      Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }
    }
    // When the next launch happens is not a fact the action has.
    expect(statusOf(policyOf(ROOT, unknownOperator))).toEqual(['unknown', 'unknown'])
    const madeUp = { ...unknownOperator, Condition: { StringSortOf: { 'kms:ViaService': 'x' } } }
    expect(statusOf(policyOf(ROOT, madeUp))).toEqual(['unknown', 'unknown'])
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

describe('shapes that decide (issue 15)', () => {
  const GRANT = { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'kms:*', Resource: '*' }

  it('a Deny with NotPrincipal naming the account root denies the role (kms-key-explicit-deny)', () => {
    const deny = {
      Sid: 'DenyAllButRoot',
      Effect: 'Deny',
      NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*'
    }
    expect(statusOf(policyOf(ROOT, GRANT, deny))).toEqual(['denied', 'denied'])
    // Naming the role itself exempts it.
    const exempt = { ...deny, NotPrincipal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`, ROLE] } }
    expect(statusOf(policyOf(ROOT, GRANT, exempt))).toEqual(['granted', 'granted'])
  })

  it.each([
    ['aws:SourceIp', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }],
    ['aws:SourceVpc', { StringEquals: { 'aws:SourceVpc': 'vpc-1234' } }],
    ['aws:SourceVpce', { StringEquals: { 'aws:SourceVpce': 'vpce-1234' } }],
    [
      'aws:PrincipalServiceName',
      { StringEquals: { 'aws:PrincipalServiceName': 'ec2.amazonaws.com' } }
    ],
    ['ForAnyValue on an absent key', { 'ForAnyValue:StringEquals': { 'aws:SourceVpc': ['vpc-1'] } }]
  ])('a grant only under %s never grants the role (missing)', (_label, Condition) => {
    expect(statusOf(policyOf(ROOT, { ...GRANT, Condition }))).toEqual(['missing', 'missing'])
  })

  it.each([
    [
      'NotIpAddress on the absent source IP',
      { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }
    ],
    ['IfExists on an absent key', { StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } }],
    ['ForAllValues on an absent key', { 'ForAllValues:StringEquals': { 'aws:SourceVpce': ['x'] } }],
    ['Null on an absent key', { Null: { 'aws:SourceIp': 'true' } }],
    ['aws:PrincipalType', { StringEquals: { 'aws:PrincipalType': 'AssumedRole' } }],
    ['aws:ViaAWSService', { Bool: { 'aws:ViaAWSService': 'true' } }],
    [
      'ArnLike aws:PrincipalArn',
      { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/aws-service-role/*' } }
    ],
    ['NumericEquals on the account', { NumericEquals: { 'kms:CallerAccount': ACCOUNT } }],
    ['ForAnyValue on kms:ViaService', { 'ForAnyValue:StringLike': { 'kms:ViaService': ['ec2.*'] } }]
  ])('%s grants', (_label, Condition) => {
    expect(statusOf(policyOf(ROOT, { ...GRANT, Condition }))).toEqual(['granted', 'granted'])
  })

  it('NotResource and NotAction decide', () => {
    const notResource = { ...GRANT, Resource: undefined, NotResource: 'arn:aws:kms:*:*:key/other' }
    expect(statusOf(policyOf(ROOT, notResource))).toEqual(['granted', 'granted'])
    const excluded = { ...GRANT, Resource: undefined, NotResource: KEY }
    expect(statusOf(policyOf(ROOT, excluded))).toEqual(['missing', 'missing'])
    const notAction = { ...GRANT, Action: undefined, NotAction: 'kms:CreateGrant' }
    expect(statusOf(policyOf(ROOT, notAction))).toEqual(['granted', 'missing'])
  })

  it('a value that cannot be compared stays "cannot tell"', () => {
    const v6 = { ...GRANT, Condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } } }
    // The key is absent: a positive operator on it fails whatever the value.
    expect(statusOf(policyOf(ROOT, v6))).toEqual(['missing', 'missing'])
    const org = { ...GRANT, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } }
    expect(statusOf(policyOf(ROOT, org))).toEqual(['unknown', 'unknown'])
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
    const allowed = policyOf(
      ROOT,
      { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'kms:*', Resource: '*' },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'kms:*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }
      }
    )
    expect(statusOf(allowed)).toEqual(['unknown', 'unknown'])
    expect(mergeMissing(allowed, checkRequirements(allowed, KEY, NEEDED)).changed).toBe(false)
  })

  it('a Deny it cannot evaluate does not hide a missing Allow: the statements are added', async () => {
    const deny = {
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }
    }
    const policy = policyOf(ROOT, deny)
    expect(statusOf(policy)).toEqual(['missing', 'missing'])
    const merged = mergeMissing(policy, checkRequirements(policy, KEY, NEEDED))
    expect(merged.added.map(s => s.Sid)).toEqual([SID_USE, SID_GRANTS])
    // The Deny stays, untouched, after which the statements come.
    expect(merged.policy.Statement[1]).toEqual(deny)
    // The oracle agrees: whichever way the organisation condition goes, the role had no Allow.
    for (const org of ['o-1', 'o-2'])
      expect(
        await oracle(policy, KEY, ROLE, 'kms:Decrypt', { ...CONTEXT, 'aws:PrincipalOrgID': org })
      ).not.toBe('Allowed')
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
const notPrincipals = fc.constantFrom<unknown>(
  { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  { AWS: [`arn:aws:iam::${ACCOUNT}:root`, ROLE] },
  { AWS: 'arn:aws:iam::111122223333:role/admin' },
  { AWS: ACCOUNT }
)
/** Conditions of every operator family, on keys present in the role's request and on absent ones. */
const richConditions = fc.constantFrom<unknown>(
  { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
  { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.7'] } },
  { StringEquals: { 'aws:SourceVpc': 'vpc-1234' } },
  { StringNotEquals: { 'aws:SourceVpce': 'vpce-1234' } },
  { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1234' } },
  { StringEquals: { 'aws:PrincipalType': 'AssumedRole' } },
  { StringEquals: { 'aws:PrincipalType': 'User' } },
  { StringEqualsIgnoreCase: { 'kms:ViaService': `EC2.${REGION}.AMAZONAWS.COM` } },
  { StringNotLike: { 'kms:ViaService': 'rds.*' } },
  { ArnEquals: { 'aws:PrincipalArn': ROLE } },
  { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/aws-service-role/*' } },
  { ArnLikeIfExists: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } },
  { Bool: { 'aws:ViaAWSService': 'true' } },
  { Bool: { 'aws:PrincipalIsAWSService': 'true' } },
  { Null: { 'aws:SourceIp': 'true' } },
  { Null: { 'kms:ViaService': 'true' } },
  { NumericEquals: { 'kms:CallerAccount': ACCOUNT } },
  { NumericNotEquals: { 'aws:PrincipalAccount': '444455556666' } },
  { NumericLessThan: { 'kms:CallerAccount': '1' } },
  { DateGreaterThan: { 'aws:SourceIp': '2020-01-01T00:00:00Z' } },
  { 'ForAnyValue:StringEquals': { 'aws:SourceVpc': ['vpc-1', 'vpc-2'] } },
  { 'ForAllValues:StringEquals': { 'aws:SourceVpce': ['vpce-1'] } },
  { 'ForAnyValue:StringLike': { 'kms:ViaService': ['ec2.*', 's3.*'] } },
  { 'ForAllValues:StringNotEquals': { 'aws:RequestedRegion': ['eu-west-1'] } },
  { StringEquals: { 'aws:RequestedRegion': REGION }, Bool: { 'aws:ViaAWSService': 'true' } }
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
/** The other shapes: NotPrincipal, NotAction, NotResource, and every condition operator family. */
const shapeArb = fc
  .record({
    Effect: fc.constantFrom('Allow', 'Deny'),
    who: fc.oneof(
      principals.map(p => ({ Principal: p })),
      notPrincipals.map(p => ({ NotPrincipal: p }))
    ),
    what: fc.oneof(
      actions.map(a => ({ Action: a })),
      fc
        .constantFrom<unknown>('kms:ScheduleKeyDeletion', ['kms:CreateGrant', 'kms:Put*'], 'kms:*')
        .map(a => ({ NotAction: a }))
    ),
    where: fc.constantFrom<Record<string, unknown>>(
      { Resource: '*' },
      { Resource: KEY },
      { Resource: 'arn:aws:kms:*:*:key/other' },
      { NotResource: 'arn:aws:kms:*:*:key/other' },
      { NotResource: KEY }
    ),
    Condition: fc.option(fc.oneof(conditions, richConditions), { nil: undefined })
  })
  .map(
    ({ Effect, who, what, where, Condition }) =>
      Object.fromEntries(
        Object.entries({ Effect, ...who, ...what, ...where, Condition }).filter(
          ([, v]) => v !== undefined
        )
      ) as Statement
  )
const policyArb = fc
  .array(fc.oneof(statementArb, shapeArb), { minLength: 0, maxLength: 6 })
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

/**
 * The one documented disagreement: iam-simulate reads an account in NotPrincipal as excluding every
 * principal of that account (its source marks this "Need to do research on this"); IAM excludes
 * only the principals NotPrincipal names — a role must be named by its ARN, the account entry
 * exempts the account root (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
 * Those policies are decided by the unit tests above instead.
 */
function accountNotPrincipal(policy: KeyPolicy): boolean {
  return policy.Statement.some(s => {
    if (s.NotPrincipal === undefined) return false
    const entries = JSON.stringify(s.NotPrincipal)
    return (
      (entries.includes(`arn:aws:iam::${ACCOUNT}:root`) || entries.includes(`"${ACCOUNT}"`)) &&
      !entries.includes(ROLE)
    )
  })
}

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

  it('our evaluation agrees with the oracle wherever ours is decided, and decides every generated shape', async () => {
    let undecided = 0
    await fc.assert(
      fc.asyncProperty(policyArb, async policy => {
        for (const [action, context] of probes) {
          const ours = evaluate(policy, KEY, { principal: ROLE, action, context })
          if (accountNotPrincipal(policy)) continue
          if (ours.result === 'unknown') {
            undecided++
            continue
          }
          const expected = {
            allowed: 'Allowed',
            'explicit-deny': 'ExplicitlyDenied',
            'implicit-deny': 'ImplicitlyDenied'
          }[ours.result]
          expect(await oracle(policy, KEY, ROLE, action, context)).toBe(expected)
        }
      }),
      { numRuns: 300 }
    )
    // Only the DateGreaterThan on a key of the wrong type can stay open among the generated shapes.
    expect(undecided).toBeLessThan(300 * probes.length * 0.1)
  })
})
