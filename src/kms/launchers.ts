/**
 * What a key policy must grant the principal that launches nodes with Karpenter or EKS Auto Mode.
 * Pure. The Auto Scaling service-linked role's set stays in requirements.ts.
 *
 * EC2 calls KMS for the new volume with a forward access session of the role that called
 * CreateFleet/RunInstances, so the request context is the same EBS context as the Auto Scaling
 * role's (kms:ViaService ec2.<region>.amazonaws.com, the role as aws:PrincipalArn).
 * - Karpenter: its controller role calls CreateFleet. Karpenter's troubleshooting guide documents
 *   a key policy statement for EBS through ec2 (Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*,
 *   CreateGrant, DescribeKey with kms:ViaService and kms:CallerAccount):
 *   https://karpenter.sh/docs/troubleshooting/ ("Node terminates before ready on failed encrypted
 *   EBS volume"). A key policy that delegates to the account leaves it to the role's IAM policy.
 * - Auto Mode: the cluster IAM role. https://docs.aws.amazon.com/eks/latest/userguide/auto-kms.html
 *   documents "Allow use of the key" (Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey)
 *   and "Allow attachment of persistent resources" (CreateGrant, ListGrants, RevokeGrant with
 *   kms:GrantIsForAWSResource) for the cluster role.
 */
import type { LaunchPrincipal, Requirement } from '../model/index.js'
import { ebsContext, USE_STATEMENT_ACTIONS } from './requirements.js'

/**
 * What EBS asks KMS for when it creates a launch's encrypted volume with the launcher's session
 * (the least-privilege set the reference's IAM policies grant: no Encrypt or plaintext data
 * keys), so a key that grants only these is not called missing.
 */
export const LAUNCHER_USE_ACTIONS = [
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey'
]

export const SID_LAUNCHER = {
  karpenter: { use: 'EksKmsGuardKarpenterUse', grants: 'EksKmsGuardKarpenterGrants' },
  'auto-mode': { use: 'EksKmsGuardAutoModeUse', grants: 'EksKmsGuardAutoModeGrants' }
} as const

/** Auto Mode's documented grant statement also lets the role list and revoke its grants. */
const GRANT_ACTIONS = {
  karpenter: ['kms:CreateGrant'],
  'auto-mode': ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant']
} as const

export interface LauncherRequirementInput {
  principal: LaunchPrincipal & { launcher: 'karpenter' | 'auto-mode' }
  region: string
  account: string
}

/**
 * The two statements a launcher's role needs on the key, with stable Sids; each narrowed to EBS
 * through EC2 of this Region, so adding it lets the role use the key for volumes only.
 */
export function launcherRequirements(input: LauncherRequirementInput): Requirement[] {
  const { principal, region, account } = input
  const role = principal.roleArn
  const launcher = principal.launcher
  const context = ebsContext(region, account, role)
  const viaEc2 = { StringEquals: { 'kms:ViaService': `ec2.${region}.amazonaws.com` } }
  return [
    {
      id: 'launcher-use',
      launcher,
      statement: {
        Sid: SID_LAUNCHER[launcher].use,
        Effect: 'Allow',
        Principal: { AWS: role },
        Action: [...USE_STATEMENT_ACTIONS],
        Resource: '*',
        Condition: viaEc2
      },
      requests: LAUNCHER_USE_ACTIONS.map(action => ({ principal: role, action, context })),
      identityMayGrant: true
    },
    {
      id: 'launcher-grants',
      launcher,
      statement: {
        Sid: SID_LAUNCHER[launcher].grants,
        Effect: 'Allow',
        Principal: { AWS: role },
        Action: [...GRANT_ACTIONS[launcher]],
        Resource: '*',
        Condition: { ...viaEc2, Bool: { 'kms:GrantIsForAWSResource': true } }
      },
      requests: [
        {
          principal: role,
          action: 'kms:CreateGrant',
          context: { ...context, 'kms:GrantIsForAWSResource': 'true' }
        }
      ],
      identityMayGrant: true
    }
  ]
}
