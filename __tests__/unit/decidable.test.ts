/**
 * #22 item 7: decide what is decidable. A Deny whose condition cannot be evaluated only removes
 * access, so with no Allow for the role the answer is the missing statement; aws:SecureTransport
 * is always in the request context and true for AWS services' calls to KMS; the cluster role's
 * statement is added only when the policy neither names that role nor delegates to IAM. Each
 * decision is checked against an independent evaluator.
 */
import { describe, expect, it } from '@jest/globals'
import { mergeMissing } from '../../src/kms/merge.js'
import {
  checkRequirements,
  ebsContext,
  requirements,
  SID_CLUSTER,
  SID_GRANTS,
  SID_USE,
  USE_STATEMENT_ACTIONS
} from '../../src/kms/requirements.js'
import type { KeyPolicy, Statement } from '../../src/model/index.js'
import { oracle } from '../support/oracle.js'

const ACCOUNT = '111122223333'
const REGION = 'us-east-1'
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`
const CLUSTER_ROLE = `arn:aws:iam::${ACCOUNT}:role/eks-cluster-role`
const CONTEXT = ebsContext(REGION, ACCOUNT, ROLE)
const GRANT_CONTEXT = { ...CONTEXT, 'kms:GrantIsForAWSResource': 'true' }
const ROOT = {
  Sid: 'Root',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*'
}
const USE = {
  Sid: 'Use',
  Effect: 'Allow',
  Principal: { AWS: ROLE },
  Action: USE_STATEMENT_ACTIONS,
  Resource: '*'
}
const TLS_ONLY = {
  Sid: 'TlsOnly',
  Effect: 'Deny',
  Principal: '*',
  Action: 'kms:*',
  Resource: '*',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } }
}
/** A Deny on a key this action cannot know (the caller's organisation). */
const ORG_DENY = {
  Sid: 'OrgOnly',
  Effect: 'Deny',
  Principal: '*',
  Action: 'kms:*',
  Resource: '*',
  Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }
}
const policyOf = (...statements: unknown[]): KeyPolicy => ({
  Version: '2012-10-17',
  Statement: statements as Statement[]
})
const NEEDED = requirements({ autoscalingRoleArn: ROLE, region: REGION, account: ACCOUNT })
const statuses = (policy: KeyPolicy) =>
  Object.fromEntries(checkRequirements(policy, KEY, NEEDED).map(s => [s.requirement.id, s.status]))

describe('a Deny that cannot be evaluated does not hide a missing Allow', () => {
  const noGrantForAwsResource = {
    Effect: 'Allow',
    Principal: { AWS: ROLE },
    Action: 'kms:CreateGrant',
    Resource: '*',
    Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' } }
  }
  const onlyServicePrincipal = {
    Effect: 'Allow',
    Principal: { Service: 'autoscaling.amazonaws.com' },
    Action: 'kms:CreateGrant',
    Resource: '*'
  }

  it.each([
    ['an Allow only for grants not for AWS resources', noGrantForAwsResource],
    ['an Allow only for the service principal', onlyServicePrincipal]
  ])(
    '%s, beside a Deny on aws:SecureTransport: the grant statement is missing',
    async (_, allow) => {
      const policy = policyOf(ROOT, USE, allow, TLS_ONLY)
      expect(statuses(policy)).toEqual({
        'autoscaling-use': 'granted',
        'autoscaling-grants': 'missing'
      })
      expect(await oracle(policy, KEY, ROLE, 'kms:CreateGrant', GRANT_CONTEXT)).toBe(
        'ImplicitlyDenied'
      )
      expect(await oracle(policy, KEY, ROLE, 'kms:Decrypt', CONTEXT)).toBe('Allowed')
    }
  )

  it('beside a Deny whose condition it cannot know: still missing, whatever that condition says', async () => {
    const policy = policyOf(ROOT, USE, noGrantForAwsResource, ORG_DENY)
    expect(statuses(policy)['autoscaling-grants']).toBe('missing')
    for (const org of ['o-abc123', 'o-other'])
      expect(
        await oracle(policy, KEY, ROLE, 'kms:CreateGrant', {
          ...GRANT_CONTEXT,
          'aws:PrincipalOrgID': org
        })
      ).toBe(org === 'o-abc123' ? 'ImplicitlyDenied' : 'ExplicitlyDenied')
    // With an Allow that reaches the role, the same Deny keeps the answer open.
    const granted = policyOf(ROOT, USE, ORG_DENY)
    expect(statuses(granted)['autoscaling-use']).toBe('unknown')
  })

  it('a Deny on aws:SecureTransport = false is decided: AWS services call KMS over TLS', async () => {
    const policy = policyOf(
      ROOT,
      USE,
      {
        Effect: 'Allow',
        Principal: { AWS: ROLE },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } }
      },
      TLS_ONLY
    )
    expect(statuses(policy)).toEqual({
      'autoscaling-use': 'granted',
      'autoscaling-grants': 'granted'
    })
    expect(await oracle(policy, KEY, ROLE, 'kms:CreateGrant', GRANT_CONTEXT)).toBe('Allowed')
    // Over plain HTTP (which KMS refuses anyway) the Deny would apply: the key is really evaluated.
    expect(
      await oracle(policy, KEY, ROLE, 'kms:Decrypt', { ...CONTEXT, 'aws:SecureTransport': 'false' })
    ).toBe('ExplicitlyDenied')
  })
})

describe('the cluster role statement must be earned by evidence', () => {
  const withCluster = requirements({
    autoscalingRoleArn: ROLE,
    region: REGION,
    account: ACCOUNT,
    clusterRoleArn: CLUSTER_ROLE
  })
  const clusterStatus = (policy: KeyPolicy) =>
    checkRequirements(policy, KEY, withCluster).find(s => s.requirement.id === 'cluster-secrets')

  it('a policy that delegates to the account, beside a TLS-only Deny, gets no cluster statement even when acting on launch failures', () => {
    const policy = policyOf(ROOT, TLS_ONLY)
    expect(clusterStatus(policy)?.status).toBe('granted')
    const merged = mergeMissing(policy, checkRequirements(policy, KEY, withCluster), true)
    expect(merged.added.map(s => s.Sid)).toEqual([SID_USE, SID_GRANTS])
  })

  it('an undecided answer for the cluster role adds nothing for it; a policy that neither names it nor delegates does', () => {
    const undecided = policyOf(ROOT, ORG_DENY)
    expect(clusterStatus(undecided)?.status).toBe('unknown')
    const merged = mergeMissing(undecided, checkRequirements(undecided, KEY, withCluster), true)
    expect(merged.added.map(s => s.Sid)).not.toContain(SID_CLUSTER)
    const neither = policyOf(USE)
    expect(clusterStatus(neither)?.status).toBe('missing')
    const added = mergeMissing(neither, checkRequirements(neither, KEY, withCluster)).added
    expect(added.map(s => s.Sid)).toContain(SID_CLUSTER)
  })
})
