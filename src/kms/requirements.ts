/** What a key policy must grant for EBS launches by EC2 Auto Scaling (and EKS secrets). Pure. */
import type { KeyPolicy, Requirement, RequirementStatus } from '../model/index.js'
import { evaluate } from './evaluate.js'

/**
 * The request context of a call the Auto Scaling role makes through EBS: EC2 calls KMS with a
 * forward access session of the role (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html).
 * - kms:ViaService, kms:CallerAccount: https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
 * - aws:PrincipalArn (the role's ARN for an assumed role), aws:PrincipalAccount,
 *   aws:PrincipalType = AssumedRole, aws:PrincipalIsAWSService = false (a service-linked role is
 *   a role, not a service principal), aws:ViaAWSService = true (a service made the request with
 *   the principal's credentials, as FAS does), aws:RequestedRegion: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * Keys known absent are listed in evaluate.ts (KNOWN_ABSENT); any other key is "cannot tell"
 * (e.g. aws:PrincipalOrgID: whether the account is in an organisation, which the action does not
 * read; aws:userid: the role's unique id; aws:CurrentTime: when the next launch happens).
 */
/**
 * Global condition keys that are in every request context, with the value they have when an AWS
 * service calls KMS for a role (AWS global condition context keys,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
 * aws:SecureTransport ("Availability – This key is always included in the request context"; true
 * when the request was sent over TLS, and AWS services such as EC2 and EKS call KMS over TLS: the
 * KMS API accepts TLS only, https://docs.aws.amazon.com/kms/latest/developerguide/data-protection.html).
 */
const ALWAYS_PRESENT: Record<string, string> = { 'aws:SecureTransport': 'true' }

export function ebsContext(
  region: string,
  account: string,
  principal: string
): Record<string, string> {
  return {
    ...ALWAYS_PRESENT,
    'kms:ViaService': `ec2.${region}.amazonaws.com`,
    'kms:CallerAccount': account,
    'aws:PrincipalArn': principal,
    'aws:PrincipalAccount': account,
    'aws:PrincipalType': 'AssumedRole',
    'aws:PrincipalIsAWSService': 'false',
    'aws:ViaAWSService': 'true',
    'aws:RequestedRegion': region
  }
}

/** The Auto Scaling guide's first statement, as concrete KMS operations. */
export const USE_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey'
]

/** The same, as the guide writes them in its key policy statement (wildcards included). */
export const USE_STATEMENT_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:DescribeKey'
]

export const CLUSTER_SECRETS_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ListGrants',
  'kms:DescribeKey'
]

export const SID_USE = 'EksKmsGuardAutoScalingUse'
export const SID_GRANTS = 'EksKmsGuardAutoScalingGrants'
export const SID_CLUSTER = 'EksKmsGuardClusterSecrets'

export interface RequirementInput {
  autoscalingRoleArn: string
  region: string
  account: string
  /** Set when the key also encrypts the cluster's Kubernetes secrets. */
  clusterRoleArn?: string
}

/** The statements of the EC2 Auto Scaling guide (and EKS's, for a secrets key), with stable Sids. */
export function requirements(input: RequirementInput): Requirement[] {
  const { autoscalingRoleArn: role, region, account } = input
  const context = ebsContext(region, account, role)
  const list: Requirement[] = [
    {
      id: 'autoscaling-use',
      statement: {
        Sid: SID_USE,
        Effect: 'Allow',
        Principal: { AWS: role },
        Action: [...USE_STATEMENT_ACTIONS],
        Resource: '*'
      },
      requests: USE_ACTIONS.map(action => ({ principal: role, action, context })),
      identityMayGrant: false
    },
    {
      id: 'autoscaling-grants',
      statement: {
        Sid: SID_GRANTS,
        Effect: 'Allow',
        Principal: { AWS: role },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': true } }
      },
      requests: [
        {
          principal: role,
          action: 'kms:CreateGrant',
          context: { ...context, 'kms:GrantIsForAWSResource': 'true' }
        }
      ],
      identityMayGrant: false
    }
  ]
  if (input.clusterRoleArn) {
    const clusterContext = {
      ...ALWAYS_PRESENT,
      'aws:PrincipalType': 'AssumedRole',
      'kms:CallerAccount': account,
      'aws:PrincipalArn': input.clusterRoleArn,
      'aws:PrincipalAccount': account
    }
    list.push({
      id: 'cluster-secrets',
      statement: {
        Sid: SID_CLUSTER,
        Effect: 'Allow',
        Principal: { AWS: input.clusterRoleArn },
        Action: CLUSTER_SECRETS_ACTIONS,
        Resource: '*'
      },
      requests: CLUSTER_SECRETS_ACTIONS.map(action => ({
        principal: input.clusterRoleArn as string,
        action,
        context: clusterContext
      })),
      identityMayGrant: true
    })
  }
  return list
}

export function checkRequirements(
  policy: KeyPolicy,
  keyArn: string,
  list: Requirement[]
): RequirementStatus[] {
  return list.map(requirement => {
    const decisions = requirement.requests.map(r =>
      evaluate(policy, keyArn, r, requirement.identityMayGrant)
    )
    const statements = [...new Set(decisions.flatMap(d => d.statements))]
    const reasons = [...new Set(decisions.flatMap(d => d.reasons))]
    if (decisions.some(d => d.result === 'explicit-deny')) {
      const denying = [
        ...new Set(decisions.filter(d => d.result === 'explicit-deny').flatMap(d => d.statements))
      ]
      return { requirement, status: 'denied', statements: denying, reasons }
    }
    if (decisions.every(d => d.result === 'allowed'))
      return { requirement, status: 'granted', statements, reasons }
    if (decisions.some(d => d.result === 'unknown'))
      return { requirement, status: 'unknown', statements, reasons }
    return { requirement, status: 'missing', statements, reasons }
  })
}

/** The grant's operations live in the model, so the permissions data below `kms/` reads them too. */
export { GRANT_OPERATIONS } from '../model/index.js'
