/**
 * What a key policy statement's Condition grants, refuses or leaves "cannot tell", operator by
 * operator, and the reason the report shows when it cannot tell. Every decided answer is checked
 * against @cloud-copilot/iam-simulate; where ours deliberately stays "cannot tell" the test says
 * why. Semantics: IAM condition operators,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { describe, expect, it } from '@jest/globals'
import { evaluate } from '../../src/kms/evaluate.js'
import { ebsContext } from '../../src/kms/requirements.js'
import type { AccessRequest, Decision, KeyPolicy, Statement } from '../../src/model/index.js'
import { oracle } from '../support/oracle.js'

const ACCOUNT = '111122223333'
const REGION = 'us-east-1'
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/key-admin`
/** The Auto Scaling role's EBS call, as KMS sees it. */
const EBS: AccessRequest = {
  principal: ROLE,
  action: 'kms:Decrypt',
  context: ebsContext(REGION, ACCOUNT, ROLE)
}
/** An administrator calling from a host, with the keys such a request carries. */
const adminRequest = (context: Record<string, string>): AccessRequest => ({
  principal: ADMIN,
  action: 'kms:Decrypt',
  context: { 'aws:PrincipalArn': ADMIN, 'kms:CallerAccount': ACCOUNT, ...context }
})

type Result = Exclude<Decision['result'], 'unknown'>
const ORACLE: Record<Result, string> = {
  allowed: 'Allowed',
  'explicit-deny': 'ExplicitlyDenied',
  'implicit-deny': 'ImplicitlyDenied'
}

/** A key policy whose one statement allows the requester kms:Decrypt under `condition`. */
function allowUnder(condition: unknown, request: AccessRequest, extra: object = {}): KeyPolicy {
  const statement = {
    Effect: 'Allow',
    Principal: { AWS: request.principal },
    Action: 'kms:Decrypt',
    Resource: '*',
    Condition: condition,
    ...extra
  }
  const present = Object.entries(statement).filter(([, value]) => value !== undefined)
  return { Version: '2012-10-17', Statement: [Object.fromEntries(present) as Statement] }
}

/** Our decision, which must be `expected`, and IAM's (the oracle's) must be the same. */
async function decides(condition: unknown, expected: Result, request = EBS): Promise<void> {
  const policy = allowUnder(condition, request)
  expect(evaluate(policy, KEY, request).result).toBe(expected)
  expect(await oracle(policy, KEY, request.principal, request.action, request.context)).toBe(
    ORACLE[expected]
  )
}

/** Our decision for a condition we leave open, with the reasons the report prints. */
function cannotTell(condition: unknown, request = EBS): string[] {
  const decision = evaluate(allowUnder(condition, request), KEY, request)
  expect(decision.result).toBe('unknown')
  return decision.reasons
}

const VIA = `ec2.${REGION}.amazonaws.com`

describe('string operators', () => {
  it.each<[string, unknown, Result]>([
    [
      'StringEqualsIgnoreCase matches a service name in capitals',
      { StringEqualsIgnoreCase: { 'kms:ViaService': VIA.toUpperCase() } },
      'allowed'
    ],
    [
      'StringEqualsIgnoreCase still needs the same name',
      { StringEqualsIgnoreCase: { 'kms:ViaService': `S3.${REGION}.AMAZONAWS.COM` } },
      'implicit-deny'
    ],
    [
      'StringNotEqualsIgnoreCase refuses the same name in capitals',
      { StringNotEqualsIgnoreCase: { 'kms:ViaService': VIA.toUpperCase() } },
      'implicit-deny'
    ],
    [
      'StringNotEqualsIgnoreCase allows another service',
      { StringNotEqualsIgnoreCase: { 'kms:ViaService': `RDS.${REGION}.AMAZONAWS.COM` } },
      'allowed'
    ],
    [
      'StringLike is case-sensitive',
      { StringLike: { 'kms:ViaService': 'EC2.*' } },
      'implicit-deny'
    ],
    [
      'StringLike: a dot is a dot and * spans the region',
      { StringLike: { 'kms:ViaService': 'ec2.*.amazonaws.com' } },
      'allowed'
    ],
    [
      'StringLike: ? stands for exactly one character',
      { StringLike: { 'kms:ViaService': `ec2.us-east-?.amazonaws.com` } },
      'allowed'
    ],
    [
      'StringLike: ? does not stand for nothing',
      { StringLike: { 'kms:ViaService': `ec2.us-east-1?.amazonaws.com` } },
      'implicit-deny'
    ],
    [
      'StringNotLike is case-sensitive, so another case does not exclude',
      { StringNotLike: { 'kms:ViaService': 'EC2.*' } },
      'allowed'
    ],
    [
      'StringNotLike excludes the matching service',
      { StringNotLike: { 'kms:ViaService': 'ec2.*' } },
      'implicit-deny'
    ]
  ])('%s', async (_label, condition, expected) => {
    await decides(condition, expected)
  })
})

describe('ARN operators compare case-sensitively', () => {
  const lowerRole = ROLE.toLowerCase()
  it.each<[string, unknown, Result]>([
    ['ArnEquals, the exact ARN', { ArnEquals: { 'aws:PrincipalArn': ROLE } }, 'allowed'],
    ['ArnEquals, another case', { ArnEquals: { 'aws:PrincipalArn': lowerRole } }, 'implicit-deny'],
    [
      'ArnLike, another case',
      { ArnLike: { 'aws:PrincipalArn': `${lowerRole.slice(0, -10)}*` } },
      'implicit-deny'
    ],
    ['ArnNotEquals, another case', { ArnNotEquals: { 'aws:PrincipalArn': lowerRole } }, 'allowed'],
    [
      'ArnNotEquals, the exact ARN',
      { ArnNotEquals: { 'aws:PrincipalArn': ROLE } },
      'implicit-deny'
    ],
    ['ArnNotLike, another case', { ArnNotLike: { 'aws:PrincipalArn': lowerRole } }, 'allowed']
  ])('%s', async (_label, condition, expected) => {
    await decides(condition, expected)
  })
})

describe('Null: whether the key is in the request', () => {
  it.each<[string, unknown, Result]>([
    ['a present key is not null', { Null: { 'kms:ViaService': 'false' } }, 'allowed'],
    [
      'a present key is not null (true fails)',
      { Null: { 'kms:ViaService': 'true' } },
      'implicit-deny'
    ],
    ['an absent key is null (false fails)', { Null: { 'aws:SourceIp': 'false' } }, 'implicit-deny'],
    ['an absent key is null, boolean true', { Null: { 'aws:SourceIp': true } }, 'allowed'],
    [
      'either value: one of them holds',
      { Null: { 'aws:SourceIp': ['false', 'true'], 'kms:ViaService': ['true', 'false'] } },
      'allowed'
    ]
  ])('%s', async (_label, condition, expected) => {
    await decides(condition, expected)
  })

  it('a key the action cannot know is "cannot tell", and the report names it', () => {
    expect(cannotTell({ Null: { 'aws:PrincipalOrgID': 'true' } })).toEqual([
      'statement 1: condition key aws:PrincipalOrgID is not known for this request'
    ])
  })
})

describe('numeric operators (an administrator signed in with MFA 300 seconds ago)', () => {
  const mfa = adminRequest({ 'aws:MultiFactorAuthAge': '300' })
  it.each<[string, number | string, Result]>([
    ['NumericEquals', '300', 'allowed'],
    ['NumericEquals', '301', 'implicit-deny'],
    ['NumericNotEquals', '300', 'implicit-deny'],
    ['NumericNotEquals', '301', 'allowed'],
    ['NumericLessThan', '3600', 'allowed'],
    ['NumericLessThan', '300', 'implicit-deny'],
    ['NumericLessThanEquals', '300', 'allowed'],
    ['NumericLessThanEquals', '299', 'implicit-deny'],
    ['NumericGreaterThan', '299', 'allowed'],
    ['NumericGreaterThan', '300', 'implicit-deny'],
    ['NumericGreaterThanEquals', '300', 'allowed'],
    ['NumericGreaterThanEquals', '301', 'implicit-deny'],
    ['NumericLessThan', 3600, 'allowed']
  ])('%s %p', async (operator, value, expected) => {
    await decides({ [operator]: { 'aws:MultiFactorAuthAge': value } }, expected, mfa)
  })

  it('a policy value that is not a number is "cannot tell" (IAM would refuse the policy), with the reason', () => {
    expect(cannotTell({ NumericLessThan: { 'aws:MultiFactorAuthAge': 'an hour' } }, mfa)).toEqual([
      'statement 1: condition NumericLessThan aws:MultiFactorAuthAge has a value this action cannot compare'
    ])
    expect(
      cannotTell({ NumericNotEquals: { 'aws:MultiFactorAuthAge': 'an hour' } }, mfa)
    ).toHaveLength(1)
  })

  it('a request value that is not a number is "cannot tell": the key does not fit the operator, and we do not guess how IAM compares it', () => {
    expect(cannotTell({ NumericNotEquals: { 'kms:ViaService': '5' } })).toEqual([
      'statement 1: condition NumericNotEquals kms:ViaService has a value this action cannot compare'
    ])
  })
})

describe('date operators (the request made at 2026-12-05 12:00 UTC)', () => {
  const NOW = '2026-12-05T12:00:00Z'
  const at = adminRequest({ 'aws:CurrentTime': NOW, 'aws:EpochTime': '1796472000' })
  const EARLIER = '2026-12-05T11:59:59Z'
  const LATER = '2026-12-05T12:00:01Z'
  it.each<[string, string, Result]>([
    ['DateEquals', NOW, 'allowed'],
    ['DateEquals', LATER, 'implicit-deny'],
    ['DateNotEquals', NOW, 'implicit-deny'],
    ['DateNotEquals', EARLIER, 'allowed'],
    ['DateLessThan', LATER, 'allowed'],
    ['DateLessThan', NOW, 'implicit-deny'],
    ['DateLessThanEquals', NOW, 'allowed'],
    ['DateLessThanEquals', EARLIER, 'implicit-deny'],
    ['DateGreaterThan', EARLIER, 'allowed'],
    ['DateGreaterThan', NOW, 'implicit-deny'],
    ['DateGreaterThanEquals', NOW, 'allowed'],
    ['DateGreaterThanEquals', LATER, 'implicit-deny']
  ])('%s %s', async (operator, value, expected) => {
    await decides({ [operator]: { 'aws:CurrentTime': value } }, expected, at)
  })

  it('epoch seconds and ISO dates compare alike', async () => {
    await decides({ DateLessThan: { 'aws:EpochTime': '1796472001' } }, 'allowed', at)
    await decides({ DateGreaterThan: { 'aws:EpochTime': '1796472000' } }, 'implicit-deny', at)
  })

  // Epoch time is in seconds ("the number of seconds since January 1, 1970",
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-epochtime);
  // the oracle reads a whole number as milliseconds, so where seconds meet an ISO date it is not
  // asked. 1800000000 s is 2027-01-15T08:00:00Z.
  it.each<[string, unknown, Result]>([
    ['until epoch 1800000000', { DateLessThan: { 'aws:CurrentTime': '1800000000' } }, 'allowed'],
    [
      'after epoch 1800000000',
      { DateGreaterThan: { 'aws:CurrentTime': '1800000000' } },
      'implicit-deny'
    ],
    [
      'epoch time after 2027',
      { DateGreaterThan: { 'aws:EpochTime': '2027-01-01' } },
      'implicit-deny'
    ],
    ['epoch time before 2027', { DateLessThan: { 'aws:EpochTime': '2027-01-01' } }, 'allowed']
  ])(
    'epoch seconds against an ISO date (decided without the oracle): %s',
    (_l, condition, expected) => {
      expect(evaluate(allowUnder(condition, at), KEY, at).result).toBe(expected)
    }
  )

  it('a value that is not a date is "cannot tell", with the reason', () => {
    expect(cannotTell({ DateLessThan: { 'aws:CurrentTime': 'next year' } }, at)).toEqual([
      'statement 1: condition DateLessThan aws:CurrentTime has a value this action cannot compare'
    ])
  })
})

describe('IP address operators (an administrator calling from 203.0.113.9)', () => {
  const from = (ip: string) => adminRequest({ 'aws:SourceIp': ip })
  const HOST = from('203.0.113.9')
  it.each<[string, unknown, AccessRequest, Result]>([
    ['inside a /24', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, HOST, 'allowed'],
    ['outside a /24', { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } }, HOST, 'implicit-deny'],
    ['the next /24', { IpAddress: { 'aws:SourceIp': '203.0.114.0/24' } }, HOST, 'implicit-deny'],
    [
      'one of several ranges',
      { IpAddress: { 'aws:SourceIp': ['198.51.100.0/24', '203.0.0.0/16'] } },
      HOST,
      'allowed'
    ],
    [
      'a bare address means /32: the same',
      { IpAddress: { 'aws:SourceIp': '203.0.113.9' } },
      HOST,
      'allowed'
    ],
    [
      'a bare address means /32: a neighbour',
      { IpAddress: { 'aws:SourceIp': '203.0.113.10' } },
      HOST,
      'implicit-deny'
    ],
    ['/32', { IpAddress: { 'aws:SourceIp': '203.0.113.9/32' } }, HOST, 'allowed'],
    [
      'an octet of 255',
      { IpAddress: { 'aws:SourceIp': '10.255.0.0/16' } },
      from('10.255.3.4'),
      'allowed'
    ],
    [
      'NotIpAddress excludes the range',
      { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
      HOST,
      'implicit-deny'
    ],
    [
      'NotIpAddress, another range',
      { NotIpAddress: { 'aws:SourceIp': '198.51.100.0/24' } },
      HOST,
      'allowed'
    ]
  ])('%s', async (_label, condition, request, expected) => {
    await decides(condition, expected, request)
  })

  // The oracle shifts -1 by 32 bits for /0, which JavaScript reads as a shift by 0: its /0 holds
  // one address. A /0 prefix leaves no bit to compare, so IAM's range holds every IPv4 address.
  it('/0 is every address (decided without the oracle, whose /0 is a single address)', () => {
    const policy = allowUnder({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, HOST)
    expect(evaluate(policy, KEY, HOST).result).toBe('allowed')
    const nowhere = allowUnder({ NotIpAddress: { 'aws:SourceIp': ['0.0.0.0/0'] } }, HOST)
    expect(evaluate(nowhere, KEY, HOST).result).toBe('implicit-deny')
  })

  it.each<[string, unknown, AccessRequest]>([
    [
      'an IPv6 caller against an IPv4 range',
      { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
      from('2001:db8::9')
    ],
    ['a prefix over /32', { IpAddress: { 'aws:SourceIp': '203.0.113.0/33' } }, HOST],
    ['a negative prefix', { IpAddress: { 'aws:SourceIp': '203.0.113.0/-1' } }, HOST],
    ['an octet over 255', { IpAddress: { 'aws:SourceIp': '203.0.113.256/24' } }, HOST],
    [
      'a range that is not an address',
      { NotIpAddress: { 'aws:SourceIp': 'corporate-network' } },
      HOST
    ]
  ])(
    '%s is "cannot tell": only IPv4 ranges are compared, and IAM refuses a malformed range',
    (_label, condition, request) => {
      expect(cannotTell(condition, request)).toEqual([
        `statement 1: condition ${Object.keys(condition as object)[0]} aws:SourceIp has a value this action cannot compare`
      ])
    }
  )
})

describe('BinaryEquals compares the base-64 text', () => {
  const request = adminRequest({ 'aws:RequestTag/blob': 'QUJD' })
  it.each<[string, Result]>([
    ['QUJD', 'allowed'],
    ['QUJE', 'implicit-deny']
  ])('%s', async (value, expected) => {
    await decides({ BinaryEquals: { 'aws:RequestTag/blob': value } }, expected, request)
  })
})

describe('values a policy may write', () => {
  it.each<[string, unknown, Result]>([
    ['a JSON number', { StringEquals: { 'kms:CallerAccount': Number(ACCOUNT) } }, 'allowed'],
    ['a JSON boolean', { Bool: { 'aws:ViaAWSService': true } }, 'allowed'],
    [
      'a list of numbers',
      { NumericEquals: { 'kms:CallerAccount': [1, Number(ACCOUNT)] } },
      'allowed'
    ]
  ])('%s is read as its text', async (_label, condition, expected) => {
    await decides(condition, expected)
  })

  it.each<[string, unknown]>([
    ['an object among the values', [VIA, { Ref: 'Service' }]],
    ['null among the values', [null, VIA]],
    ['a nested list', [[VIA]]]
  ])('%s is "cannot tell" (IAM would refuse the policy), with the reason', (_label, values) => {
    expect(cannotTell({ StringEquals: { 'kms:ViaService': values } })).toEqual([
      'statement 1: condition StringEquals kms:ViaService has values this action cannot read'
    ])
    expect(cannotTell({ Null: { 'kms:ViaService': values } })).toHaveLength(1)
  })
})

describe('a malformed Condition is "cannot tell", never granted', () => {
  it.each<[string, unknown]>([
    ['a list', []],
    ['a text', 'StringEquals'],
    ['null', null]
  ])('a Condition that is %s', (_label, condition) => {
    expect(cannotTell(condition)).toEqual(['statement 1: the Condition element is malformed'])
  })

  it.each<[string, unknown]>([
    ['a list', []],
    ['a text', 'kms:ViaService'],
    ['null', null]
  ])('an operator whose block is %s', (_label, block) => {
    expect(cannotTell({ StringEquals: block })).toEqual([
      'statement 1: condition operator StringEquals has a malformed block'
    ])
  })
})

describe('the reasons the report shows for "cannot tell"', () => {
  it('names only what it cannot tell, not the conditions it decided', () => {
    const condition = {
      StringEquals: { 'kms:ViaService': VIA, 'aws:PrincipalOrgID': 'o-1' },
      StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*' }
    }
    expect(cannotTell(condition)).toEqual([
      'statement 1: condition key aws:PrincipalOrgID is not known for this request'
    ])
  })

  it('names an operator IAM does not have', () => {
    expect(cannotTell({ StringSortOf: { 'kms:ViaService': 'ec2' } })).toEqual([
      'statement 1: condition operator StringSortOf is not an IAM condition operator'
    ])
  })

  it('a statement without a Condition, open for another reason, adds no condition reason', () => {
    const request = EBS
    const policy = allowUnder(undefined, request, {
      NotPrincipal: { AWS: 'arn:aws:iam::111122223333:user/x' }
    })
    const decision = evaluate(policy, KEY, request)
    expect(decision.result).toBe('unknown')
    expect(decision.reasons).toEqual([
      `statement 1: its Principal or NotPrincipal cannot be decided for ${ROLE}`
    ])
  })
})

describe('keys absent from the request, with IfExists and the set operators', () => {
  it.each<[string, unknown, Result]>([
    [
      'ForAnyValue with a negated operator finds no value',
      { 'ForAnyValue:StringNotEquals': { 'aws:SourceVpc': ['vpc-1'] } },
      'implicit-deny'
    ],
    [
      'ForAllValues holds over no value',
      { 'ForAllValues:StringEquals': { 'aws:SourceVpc': ['vpc-1'] } },
      'allowed'
    ],
    [
      'ForAllValues with a negated operator holds over no value',
      { 'ForAllValues:StringNotEquals': { 'aws:SourceVpc': ['vpc-1'] } },
      'allowed'
    ],
    ['a negated operator holds', { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } }, 'allowed']
  ])('%s', async (_label, condition, expected) => {
    await decides(condition, expected)
  })
})

describe('wildcards in Action and Resource', () => {
  it('action names match whatever their case (IAM: "iam:ListAccessKeys is the same as IAM:listaccesskeys")', async () => {
    const policy = allowUnder(undefined, EBS, { Action: 'KMS:decrypt' })
    expect(evaluate(policy, KEY, EBS).result).toBe('allowed')
    expect(await oracle(policy, KEY, ROLE, 'kms:Decrypt', EBS.context)).toBe('Allowed')
  })

  it.each<[string, string, Result]>([
    ['? stands for one character', `${KEY.slice(0, -1)}?`, 'allowed'],
    ['? is not optional', `${KEY}?`, 'implicit-deny'],
    [
      'a dot in the pattern is only a dot',
      'arn:aws:kms:us-east-1:111122223333:key/1234abcd.12ab*',
      'implicit-deny'
    ]
  ])('Resource: %s', async (_label, resource, expected) => {
    const policy = allowUnder(undefined, EBS, { Resource: resource })
    expect(evaluate(policy, KEY, EBS).result).toBe(expected)
    expect(await oracle(policy, KEY, ROLE, 'kms:Decrypt', EBS.context)).toBe(ORACLE[expected])
  })
})

describe('IfExists on a key the action cannot know', () => {
  const orgs = { ...EBS.context, 'aws:PrincipalOrgID': 'o-mine' }

  it('is "cannot tell", not granted: the key may be in the request, with another value', async () => {
    const condition = { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-other' } }
    expect(cannotTell(condition)).toEqual([
      'statement 1: condition key aws:PrincipalOrgID is not known for this request'
    ])
    // IAM decides by whether the account is in an organisation, which the action does not read.
    const policy = allowUnder(condition, EBS)
    expect(await oracle(policy, KEY, ROLE, 'kms:Decrypt', EBS.context)).toBe('Allowed')
    expect(await oracle(policy, KEY, ROLE, 'kms:Decrypt', orgs)).toBe('ImplicitlyDenied')
  })

  it('a Deny outside the organisation is not read as denying the role in it', async () => {
    const perimeter = {
      Sid: 'DenyOutsideOrg',
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:*',
      Resource: '*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-mine' } }
    }
    const policy = allowUnder(undefined, EBS)
    policy.Statement.push(perimeter as Statement)
    const decision = evaluate(policy, KEY, EBS)
    expect(decision.result).toBe('unknown')
    expect(decision.reasons).toEqual([
      'statement DenyOutsideOrg: condition key aws:PrincipalOrgID is not known for this request'
    ])
    expect(await oracle(policy, KEY, ROLE, 'kms:Decrypt', orgs)).toBe('Allowed')
    expect(await oracle(policy, KEY, ROLE, 'kms:Decrypt', EBS.context)).toBe('ExplicitlyDenied')
  })
})

// "Each of the six colon-delimited components of the ARN is checked separately" (ARN condition
// operators, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN).
describe('ARN operators match component by component', () => {
  it.each<[string, unknown, Result]>([
    [
      'a wildcard within the account and the resource',
      { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/aws-service-role/*' } },
      'allowed'
    ],
    ['every component a wildcard', { ArnLike: { 'aws:PrincipalArn': 'arn:*:*:*:*:*' } }, 'allowed'],
    [
      'a wildcard for a whole component only',
      {
        ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/*` },
        ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' }
      },
      'allowed'
    ]
  ])('%s', async (_label, condition, expected) => {
    await decides(condition, expected)
  })

  it.each<[string, string]>([
    ['a * spanning components', 'arn:aws:*:role/aws-service-role/*'],
    ['fewer than six components', 'arn:aws:iam::*'],
    ['a bare *', '*']
  ])(
    '%s is "cannot tell", never granted: IAM compares six components (the oracle matches none)',
    async (_label, pattern) => {
      const condition = { ArnLike: { 'aws:PrincipalArn': pattern } }
      expect(cannotTell(condition)).toEqual([
        'statement 1: condition ArnLike aws:PrincipalArn has a value this action cannot compare'
      ])
      const policy = allowUnder(condition, EBS)
      expect(await oracle(policy, KEY, ROLE, 'kms:Decrypt', EBS.context)).toBe('ImplicitlyDenied')
    }
  )

  it.each<[string, string]>([
    ['ArnEquals', 'ImplicitlyDenied'],
    ['ArnLike', 'ImplicitlyDenied'],
    ['ArnNotEquals', 'Allowed'],
    ['ArnNotLike', 'Allowed']
  ])(
    '%s on a pattern of five components is "cannot tell" (the oracle: %s)',
    async (operator, iam) => {
      const condition = { [operator]: { 'aws:PrincipalArn': 'arn:aws:iam::*' } }
      expect(cannotTell(condition)).toEqual([
        `statement 1: condition ${operator} aws:PrincipalArn has a value this action cannot compare`
      ])
      expect(await oracle(allowUnder(condition, EBS), KEY, ROLE, 'kms:Decrypt', EBS.context)).toBe(
        iam
      )
    }
  )

  // The oracle matches aws:SourceArn (not kms:EncryptionContext:aws:logs:arn, whose own colons it
  // does not read as one key), so the log group comes as the source of the request.
  it.each<[string, Result]>([
    ['app-web', 'allowed'],
    ['other', 'implicit-deny']
  ])('a resource keeps its own colons (log group %s)', async (group, expected) => {
    const request = adminRequest({
      'aws:SourceArn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${group}`
    })
    const condition = {
      ArnLike: { 'aws:SourceArn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:app-*` }
    }
    await decides(condition, expected, request)
  })

  it('a key whose value is not an ARN is "cannot tell"', () => {
    expect(cannotTell({ ArnNotEquals: { 'kms:ViaService': 'arn:aws:ec2:*:*:*' } })).toHaveLength(1)
  })
})
