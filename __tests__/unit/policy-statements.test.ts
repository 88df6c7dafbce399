/**
 * What one statement of a key policy grants, denies or leaves "cannot tell" for the role that
 * launches nodes, element by element (Effect, Principal, NotPrincipal, Action, Resource), and what
 * the requirement check and the statements the action adds say about it (issue #24).
 *
 * Decided answers are checked against @cloud-copilot/iam-simulate. Where IAM's grammar rules a
 * shape out (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html:
 * Effect is "Allow" or "Deny"; Principal and NotPrincipal are "*" or a map of principal lists;
 * Action and Resource are strings or lists of strings), PutKeyPolicy never stores it, and ours
 * says "cannot tell" or "no effect" rather than guess, whatever the oracle makes of it.
 */
import { describe, expect, it } from '@jest/globals'
import { evaluate } from '../../src/kms/evaluate.js'
import { checkRequirements, ebsContext, requirements } from '../../src/kms/requirements.js'
import { launcherRequirements } from '../../src/kms/launchers.js'
import type { Decision, KeyPolicy, Statement } from '../../src/model/index.js'
import { oracle, type OracleResult } from '../support/oracle.js'

const ACCOUNT = '111122223333'
const REGION = 'us-east-1'
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
const OTHER_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/9999abcd-12ab-34cd-56ef-1234567890ab`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`
/** The session Auto Scaling's service-linked role calls with (as CloudTrail names it). */
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling`
const CLUSTER_ROLE = `arn:aws:iam::${ACCOUNT}:role/eks-cluster`
const ROOT = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*'
}
const GRANT = { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'kms:*', Resource: '*' }
const DENY = { Effect: 'Deny', Action: 'kms:*', Resource: '*' }
/** A condition on a key the action does not know for these requests (organisation membership). */
const ORG_ONLY = { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }
/** The reason a statement whose principal cannot be decided prints in the report. */
const UNDECIDED_PRINCIPAL = `statement 2: its Principal or NotPrincipal cannot be decided for ${ROLE}`
const UNKNOWN_KEY_REASON = 'condition key aws:PrincipalOrgID is not known for this request'

const policyOf = (...statements: unknown[]): KeyPolicy => ({
  Version: '2012-10-17',
  Statement: statements as Statement[]
})

function decide(policy: KeyPolicy, action = 'kms:Decrypt', principal = ROLE): Decision {
  return evaluate(policy, KEY, {
    principal,
    action,
    context: ebsContext(REGION, ACCOUNT, principal)
  })
}

async function oracleSays(
  policy: KeyPolicy,
  action = 'kms:Decrypt',
  principal = ROLE
): Promise<OracleResult> {
  return oracle(policy, KEY, principal, action, ebsContext(REGION, ACCOUNT, ROLE))
}

describe('NotPrincipal in a Deny', () => {
  it('"*" exempts every principal: the Deny reaches no one', async () => {
    const policy = policyOf(GRANT, { ...DENY, NotPrincipal: '*' })
    expect(decide(policy)).toEqual({ result: 'allowed', statements: [0], reasons: [] })
    expect(await oracleSays(policy)).toBe('Allowed')
  })

  // Named with its account, as the NotPrincipal guide asks ("include the ARN for the role and the
  // account containing the role"):
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
  it.each([
    ['the role', [ROOT.Principal.AWS, ROLE]],
    ['every AWS principal', ['*']]
  ])('naming %s exempts the role', async (_label, entries) => {
    const policy = policyOf(GRANT, { ...DENY, NotPrincipal: { AWS: entries } })
    expect(decide(policy).result).toBe('allowed')
    expect(await oracleSays(policy)).toBe('Allowed')
  })

  it('naming one session of the role is "cannot tell": it exempts only that session, and the launcher\'s session name is not known', async () => {
    const policy = policyOf(GRANT, {
      ...DENY,
      NotPrincipal: { AWS: [ROOT.Principal.AWS, SESSION] }
    })
    expect(decide(policy)).toEqual({
      result: 'unknown',
      statements: [1],
      reasons: [UNDECIDED_PRINCIPAL]
    })
    // The named session is exempt. Another session of the same role is not: "An assumed-role user
    // is identified by the role session name", so AWS asks for the role's ARN instead
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
    expect(await oracleSays(policy, 'kms:Decrypt', SESSION)).toBe('Allowed')
  })

  it.each([
    ['every service', { Service: '*' }],
    ['EC2', { Service: 'ec2.amazonaws.com' }]
  ])('exempting %s (a service principal) still denies the role', async (_label, NotPrincipal) => {
    const policy = policyOf(GRANT, { ...DENY, NotPrincipal })
    expect(decide(policy)).toEqual({ result: 'explicit-deny', statements: [1], reasons: [] })
    expect(await oracleSays(policy)).toBe('ExplicitlyDenied')
  })

  it.each([
    ['a bare ARN string', ROLE],
    ['null', null],
    ['a list', [ROLE]],
    ['a number under AWS', { AWS: 5 }],
    ['an object under Service', { Service: { name: 'ec2' } }]
  ])(
    'written as %s (outside IAM\'s grammar) is "cannot tell", the Deny named as open',
    (_label, NotPrincipal) => {
      // iam-simulate reads the bare string as that principal; PutKeyPolicy would not store it.
      const decision = decide(policyOf(GRANT, { ...DENY, NotPrincipal }))
      expect(decision).toEqual({
        result: 'unknown',
        statements: [1],
        reasons: [UNDECIDED_PRINCIPAL]
      })
    }
  )
})

describe('Principal in an Allow', () => {
  it('an Allow without Principal grants nobody (a key policy statement must name one)', () => {
    // "Principal – (Required)": https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
    const noPrincipal = { Effect: 'Allow', Action: 'kms:*', Resource: '*' }
    expect(decide(policyOf(noPrincipal))).toEqual({
      result: 'implicit-deny',
      statements: [],
      reasons: []
    })
  })

  it.each([
    ['every service', { Service: '*' }],
    ['the Auto Scaling service', { Service: 'autoscaling.amazonaws.com' }]
  ])('naming %s does not grant the role', async (_label, Principal) => {
    const policy = policyOf({ ...GRANT, Principal })
    expect(decide(policy).result).toBe('implicit-deny')
    expect(await oracleSays(policy)).toBe('ImplicitlyDenied')
  })

  it.each([
    ['a bare ARN string', ROLE],
    ['null', null],
    ['a list', [ROLE]],
    ['a number under AWS', { AWS: 5 }],
    ['an object under Service', { Service: { name: 'ec2' } }]
  ])(
    'written as %s (outside IAM\'s grammar) is "cannot tell", never "granted"',
    (_label, Principal) => {
      expect(decide(policyOf(ROOT, { ...GRANT, Principal }))).toEqual({
        result: 'unknown',
        statements: [1],
        reasons: [UNDECIDED_PRINCIPAL]
      })
    }
  )

  it('a requester that is not an IAM ARN is matched by its exact name only, without error', () => {
    expect(decide(policyOf(ROOT), 'kms:Decrypt', 'AWSServiceRoleForAutoScaling').result).toBe(
      'implicit-deny'
    )
  })
})

describe('Action and NotAction', () => {
  it('action names match whatever their case (IAM action names are case-insensitive)', async () => {
    const policy = policyOf({ ...GRANT, Action: 'KMS:DECRYPT' })
    expect(decide(policy).result).toBe('allowed')
    expect(await oracleSays(policy)).toBe('Allowed')
  })

  it('NotAction naming the operation leaves it ungranted', async () => {
    const { Action: _a, ...noAction } = GRANT
    const policy = policyOf({ ...noAction, NotAction: ['kms:PutKeyPolicy', 'kms:Decrypt'] })
    expect(decide(policy).result).toBe('implicit-deny')
    expect(await oracleSays(policy)).toBe('ImplicitlyDenied')
    expect(decide(policy, 'kms:Encrypt').result).toBe('allowed')
    expect(await oracleSays(policy, 'kms:Encrypt')).toBe('Allowed')
  })

  it('a statement with neither Action nor NotAction has no effect', () => {
    const { Action: _a, ...noAction } = GRANT
    expect(decide(policyOf(noAction))).toEqual({
      result: 'implicit-deny',
      statements: [],
      reasons: []
    })
  })

  it.each([
    ['Action', 5],
    ['Action', ['kms:Decrypt', 5]],
    ['NotAction', { kms: 'Decrypt' }]
  ])('%s that is not a string list (%j) is "cannot tell"', (element, value) => {
    const { Action: _a, ...noAction } = GRANT
    expect(decide(policyOf({ ...noAction, [element]: value }))).toEqual({
      result: 'unknown',
      statements: [0],
      reasons: []
    })
  })
})

describe('Resource and NotResource', () => {
  it('a list naming this key among others grants', async () => {
    const policy = policyOf({ ...GRANT, Resource: [OTHER_KEY, KEY] })
    expect(decide(policy).result).toBe('allowed')
    expect(await oracleSays(policy)).toBe('Allowed')
  })

  it('the key ARN matches case-sensitively: an upper-cased copy names another key', async () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
    const policy = policyOf({ ...GRANT, Resource: KEY.toUpperCase() })
    expect(decide(policy).result).toBe('implicit-deny')
    expect(await oracleSays(policy)).toBe('ImplicitlyDenied')
  })

  it('NotResource excludes this key when any entry names it, and only an exact-case one', async () => {
    const { Resource: _r, ...noResource } = GRANT
    const excluded = policyOf({ ...noResource, NotResource: [OTHER_KEY, KEY] })
    expect(decide(excluded).result).toBe('implicit-deny')
    expect(await oracleSays(excluded)).toBe('ImplicitlyDenied')
    const otherCase = policyOf({ ...noResource, NotResource: [KEY.toUpperCase()] })
    expect(decide(otherCase).result).toBe('allowed')
    expect(await oracleSays(otherCase)).toBe('Allowed')
  })

  it.each([
    ['Resource', 5],
    ['NotResource', [KEY, 5]]
  ])('%s that is not a string list (%j) is "cannot tell"', (element, value) => {
    const { Resource: _r, ...noResource } = GRANT
    expect(decide(policyOf({ ...noResource, [element]: value }))).toEqual({
      result: 'unknown',
      statements: [0],
      reasons: []
    })
  })
})

describe('Effect', () => {
  it('a misspelt Effect grants nothing and the report names the statement and its Effect', () => {
    // iam-simulate refuses the policy outright ("Effect must be present and exactly Allow or Deny").
    const decision = decide(policyOf(ROOT, { ...GRANT, Effect: 'allow' }))
    expect(decision).toEqual({
      result: 'implicit-deny',
      statements: [],
      reasons: ['statement 2 has Effect "allow"']
    })
  })

  it('with another statement open, a misspelt Effect is listed among the open statements; a missing one is only reported', () => {
    const open = { ...GRANT, Condition: ORG_ONLY }
    const misspelt = decide(policyOf({ ...GRANT, Effect: 'Permit' }, open))
    expect(misspelt.result).toBe('unknown')
    expect(misspelt.statements).toEqual([0, 1])
    const { Effect: _e, ...noEffect } = GRANT
    const missing = decide(policyOf(noEffect, open))
    expect(missing.result).toBe('unknown')
    expect(missing.statements).toEqual([1])
    expect(missing.reasons).toEqual([
      'statement 1 has Effect undefined',
      `statement 2: ${UNKNOWN_KEY_REASON}`
    ])
  })
})

describe('how open statements combine, and what the report reads', () => {
  it('an open Allow names its Sid, or its position, and what it depends on', () => {
    const bySid = decide(policyOf(ROOT, { ...GRANT, Sid: 'OrgOnly', Condition: ORG_ONLY }))
    expect(bySid).toEqual({
      result: 'unknown',
      statements: [1],
      reasons: [`statement OrgOnly: ${UNKNOWN_KEY_REASON}`]
    })
    const byPosition = decide(policyOf(ROOT, { ...GRANT, Condition: ORG_ONLY }))
    expect(byPosition.reasons).toEqual([`statement 2: ${UNKNOWN_KEY_REASON}`])
  })

  it('an IfExists condition on an unknown key is open, and the report names the key', async () => {
    const policy = policyOf({
      ...GRANT,
      Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } }
    })
    expect(decide(policy)).toEqual({
      result: 'unknown',
      statements: [0],
      reasons: [`statement 1: ${UNKNOWN_KEY_REASON}`]
    })
    // IAM grants only if the request carries no organisation id, or this one.
    expect(await oracleSays(policy)).toBe('Allowed')
  })

  it('an Allow that grants outright is not made doubtful by a later open Allow', async () => {
    const policy = policyOf(GRANT, { ...GRANT, Condition: ORG_ONLY })
    expect(decide(policy)).toMatchObject({ result: 'allowed', statements: [0] })
    expect(await oracleSays(policy)).toBe('Allowed')
  })

  it('an open Deny with no Allow reaching the request is denied either way', async () => {
    const policy = policyOf(ROOT, {
      ...DENY,
      Sid: 'OutsideOrg',
      Principal: '*',
      Condition: ORG_ONLY
    })
    expect(decide(policy)).toEqual({
      result: 'implicit-deny',
      statements: [],
      reasons: [`statement OutsideOrg: ${UNKNOWN_KEY_REASON}`]
    })
    // Whatever the organisation, the oracle denies too: implicitly or explicitly.
    expect(await oracleSays(policy)).toBe('ImplicitlyDenied')
  })
})

describe('the requirement check', () => {
  const needed = () => requirements({ autoscalingRoleArn: ROLE, region: REGION, account: ACCOUNT })
  const useOf = (policy: KeyPolicy) => checkRequirements(policy, KEY, needed())[0]

  it('a requirement granted by two statements names both', () => {
    const policy = policyOf(
      ROOT,
      { ...GRANT, Action: ['kms:Encrypt', 'kms:Decrypt'] },
      { ...GRANT, Action: ['kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'] }
    )
    expect(useOf(policy)).toMatchObject({ status: 'granted', statements: [1, 2], reasons: [] })
  })

  it('a Deny of one operation makes the requirement denied, naming only the Deny', async () => {
    const policy = policyOf(ROOT, GRANT, {
      ...DENY,
      Principal: { AWS: ROLE },
      Action: 'kms:Decrypt'
    })
    expect(useOf(policy)).toMatchObject({ status: 'denied', statements: [2] })
    expect(await oracleSays(policy, 'kms:Decrypt')).toBe('ExplicitlyDenied')
    expect(await oracleSays(policy, 'kms:Encrypt')).toBe('Allowed')
  })

  it('granting some of the operations is missing, not granted', async () => {
    const policy = policyOf(ROOT, { ...GRANT, Action: 'kms:Decrypt' })
    expect(useOf(policy)).toMatchObject({ status: 'missing', statements: [1] })
    expect(await oracleSays(policy, 'kms:Encrypt')).toBe('ImplicitlyDenied')
  })

  it('one operation granted and the others open is "cannot tell", its reason reported once', () => {
    const policy = policyOf(
      ROOT,
      { ...GRANT, Action: 'kms:Decrypt' },
      { ...GRANT, Sid: 'OrgOnly', Condition: ORG_ONLY }
    )
    const use = useOf(policy)
    expect(use).toMatchObject({
      status: 'unknown',
      reasons: [`statement OrgOnly: ${UNKNOWN_KEY_REASON}`]
    })
    expect([...use.statements].sort()).toEqual([1, 2])
  })
})

describe('the request context of an EBS launch', () => {
  // FAS requests keep the role as principal; a service made the call with its credentials:
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html and
  // aws:PrincipalType, aws:PrincipalIsAWSService, aws:ViaAWSService in
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
  it.each([
    ['an assumed role', { StringEquals: { 'aws:PrincipalType': 'AssumedRole' } }],
    ['not an AWS service principal', { Bool: { 'aws:PrincipalIsAWSService': 'false' } }],
    ['through an AWS service', { Bool: { 'aws:ViaAWSService': 'true' } }]
  ])('a grant only when the caller is %s grants the Auto Scaling role', (_label, Condition) => {
    const list = requirements({ autoscalingRoleArn: ROLE, region: REGION, account: ACCOUNT })
    const statuses = checkRequirements(policyOf(ROOT, { ...GRANT, Condition }), KEY, list)
    expect(statuses.map(s => s.status)).toEqual(['granted', 'granted'])
  })

  it.each([
    ['an assumed role', { StringEquals: { 'aws:PrincipalType': 'AssumedRole' } }],
    ['of this account', { StringEquals: { 'kms:CallerAccount': ACCOUNT } }]
  ])('a grant only when the caller is %s grants the cluster role its secrets use', (_l, cond) => {
    const list = requirements({
      autoscalingRoleArn: ROLE,
      region: REGION,
      account: ACCOUNT,
      clusterRoleArn: CLUSTER_ROLE
    })
    // Without the account statement: it would let the cluster role's IAM policy grant instead.
    const policy = policyOf({ ...GRANT, Principal: { AWS: CLUSTER_ROLE }, Condition: cond })
    const secrets = checkRequirements(policy, KEY, list).find(
      s => s.requirement.id === 'cluster-secrets'
    )
    expect(secrets?.status).toBe('granted')
  })
})

describe('the statements the action adds', () => {
  it('asks for the cluster secrets statement only when a cluster role is given', () => {
    const ids = requirements({ autoscalingRoleArn: ROLE, region: REGION, account: ACCOUNT }).map(
      r => r.id
    )
    expect(ids).toEqual(['autoscaling-use', 'autoscaling-grants'])
  })

  it('each statement alone grants what it is added for (the oracle agrees)', async () => {
    const list = requirements({
      autoscalingRoleArn: ROLE,
      region: REGION,
      account: ACCOUNT,
      clusterRoleArn: CLUSTER_ROLE
    })
    for (const requirement of list) {
      const policy = policyOf(requirement.statement)
      const [status] = checkRequirements(policy, KEY, [{ ...requirement, identityMayGrant: false }])
      expect([requirement.id, status.status]).toEqual([requirement.id, 'granted'])
      for (const request of requirement.requests)
        expect(await oracle(policy, KEY, request.principal, request.action, request.context)).toBe(
          'Allowed'
        )
    }
  })

  it('the Auto Scaling grant statement lets the role create grants only for AWS resources', async () => {
    const grants = requirements({ autoscalingRoleArn: ROLE, region: REGION, account: ACCOUNT })[1]
    const policy = policyOf(grants.statement)
    const context = { ...ebsContext(REGION, ACCOUNT, ROLE), 'kms:GrantIsForAWSResource': 'false' }
    const request = { principal: ROLE, action: 'kms:CreateGrant', context }
    expect(evaluate(policy, KEY, request).result).toBe('implicit-deny')
    expect(await oracle(policy, KEY, ROLE, 'kms:CreateGrant', context)).toBe('ImplicitlyDenied')
  })

  it.each(['karpenter', 'auto-mode'] as const)(
    "%s's grant statement lets its role create grants only for AWS resources, through EC2 of this Region",
    async launcher => {
      const role = `arn:aws:iam::${ACCOUNT}:role/${launcher}-nodes`
      const [use, grants] = launcherRequirements({
        principal: { launcher, roleArn: role },
        region: REGION,
        account: ACCOUNT
      })
      expect(use.id).toBe('launcher-use')
      const policy = policyOf(grants.statement)
      const ebs = ebsContext(REGION, ACCOUNT, role)
      const cases: [Record<string, string>, 'allowed' | 'implicit-deny'][] = [
        [{ ...ebs, 'kms:GrantIsForAWSResource': 'true' }, 'allowed'],
        [{ ...ebs, 'kms:GrantIsForAWSResource': 'false' }, 'implicit-deny'],
        [
          {
            ...ebs,
            'kms:ViaService': 'ec2.eu-west-1.amazonaws.com',
            'kms:GrantIsForAWSResource': 'true'
          },
          'implicit-deny'
        ]
      ]
      for (const [context, expected] of cases) {
        const request = { principal: role, action: 'kms:CreateGrant', context }
        expect(evaluate(policy, KEY, request).result).toBe(expected)
        expect(await oracle(policy, KEY, role, 'kms:CreateGrant', context)).toBe(
          expected === 'allowed' ? 'Allowed' : 'ImplicitlyDenied'
        )
      }
    }
  )
})
