/**
 * Decides whether an Auto Scaling launch can use the EBS keys it needs, with an IAM evaluator that
 * is independent of the action's own policy module (@cloud-copilot/iam-simulate), so the
 * simulator cannot share the action's mistakes.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate'
import type { Key, Nodegroup, World } from './world.js'

export type LaunchJudgement =
  { ok: true } | { ok: false; statusCode: 'Failed' | 'Cancelled'; message: string }

export const KMS_TERMINATION =
  'Instance became unhealthy while waiting for instance to be in InService state. Termination Reason: Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state'

/** What EBS asks of KMS, as the Auto Scaling service-linked role, when it launches an instance. */
const LAUNCH_CALLS: { action: string; context: Record<string, string> }[] = [
  { action: 'kms:CreateGrant', context: { 'kms:GrantIsForAWSResource': 'true' } },
  { action: 'kms:GenerateDataKeyWithoutPlaintext', context: {} },
  { action: 'kms:Decrypt', context: {} },
  { action: 'kms:DescribeKey', context: {} }
]

const GRANT_OPERATIONS: Record<string, string> = {
  'kms:CreateGrant': 'CreateGrant',
  'kms:GenerateDataKeyWithoutPlaintext': 'GenerateDataKeyWithoutPlaintext',
  'kms:Decrypt': 'Decrypt',
  'kms:DescribeKey': 'DescribeKey'
}

/** Every key the launch needs, resolved the way EBS does. */
export function keysForLaunch(world: World, ng: Nodegroup): (Key | { missing: string })[] {
  const keys: (Key | { missing: string })[] = []
  const data = world.launchData(ng)
  // Volumes are created from the AMI's snapshots: an encrypted snapshot's key is needed to read
  // it, whichever key encrypts the new volume.
  const image = world.scenario.images?.find(i => i.id === data.imageId)
  for (const snapshot of image?.blockDeviceMappings ?? []) {
    if (snapshot.encrypted && snapshot.kmsKeyId)
      keys.push(world.findKey(snapshot.kmsKeyId) ?? { missing: snapshot.kmsKeyId })
  }
  for (const mapping of data.blockDeviceMappings) {
    const ebs = mapping.ebs
    if (!ebs) continue
    if (ebs.kmsKeyId) {
      keys.push(world.findKey(ebs.kmsKeyId) ?? { missing: ebs.kmsKeyId })
    } else if (ebs.encrypted || world.scenario.ebsEncryptionByDefault) {
      const reference = world.scenario.ebsEncryptionByDefault && world.scenario.ebsDefaultKmsKeyId
      keys.push(
        reference ? (world.findKey(reference) ?? { missing: reference }) : world.awsManagedEbsKey()
      )
    }
  }
  return keys
}

export async function evaluateKeyPolicy(
  world: World,
  policyText: string,
  key: Key,
  principal: string,
  action: string,
  context: Record<string, string>,
  identityAllowsAll = false,
  /** The principal's own IAM policies (a launcher's role), judged with the key policy. */
  identityPolicies: unknown[] = []
): Promise<'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied'> {
  let policy: unknown
  try {
    policy = JSON.parse(policyText)
  } catch {
    return 'ImplicitlyDenied'
  }
  const result = await runSimulation(
    {
      request: {
        principal,
        action,
        resource: { resource: key.arn, accountId: key.account },
        contextVariables: {
          'kms:ViaService': `ec2.${world.region}.amazonaws.com`,
          'kms:CallerAccount': principal.split(':')[4] ?? world.account,
          // Global keys IAM sets on every request (a role's ARN, not its session's).
          'aws:PrincipalArn': principal,
          'aws:PrincipalAccount': principal.split(':')[4] ?? world.account,
          ...context
        }
      },
      identityPolicies: identityAllowsAll
        ? [
            {
              name: 'admin',
              policy: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }]
              }
            }
          ]
        : identityPolicies.map((p, i) => ({
            name: `role-policy-${i}`,
            policy: p as Record<string, unknown>
          })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: policy as Record<string, unknown>
    },
    { simulationMode: 'Strict' }
  )
  if (result.resultType !== 'single') return 'ImplicitlyDenied'
  return result.overallResult as 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied'
}

function grantAllows(key: Key, principal: string, action: string): boolean {
  const operation = GRANT_OPERATIONS[action]
  return key.grants.some(g => g.granteePrincipal === principal && g.operations.includes(operation))
}

export async function judgeLaunch(
  world: World,
  ng: Nodegroup,
  time: number
): Promise<LaunchJudgement> {
  if (ng.spec.launchError) return { ok: false, ...ng.spec.launchError }
  const kmsFailure: LaunchJudgement = {
    ok: false,
    statusCode: 'Cancelled',
    message: KMS_TERMINATION
  }
  const role = world.roles.get(ng.spec.serviceLinkedRoleName ?? 'AWSServiceRoleForAutoScaling')
  const principal = role?.arn ?? world.serviceLinkedRoleArn(ng.spec.serviceLinkedRoleName)
  for (const key of keysForLaunch(world, ng)) {
    if ('missing' in key) return kmsFailure
    if (key.state !== 'Enabled') return kmsFailure
    if (key.spec !== 'SYMMETRIC_DEFAULT' || key.usage !== 'ENCRYPT_DECRYPT') return kmsFailure
    const policy = world.policyAt(key, time)
    for (const { action, context } of LAUNCH_CALLS) {
      if (key.manager === 'AWS') continue
      const decision = await evaluateKeyPolicy(world, policy, key, principal, action, context)
      if (decision === 'ExplicitlyDenied') return kmsFailure
      if (decision === 'Allowed') continue
      if (grantAllows(key, principal, action)) continue
      return kmsFailure
    }
  }
  return { ok: true }
}
