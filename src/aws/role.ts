/**
 * The EC2 Auto Scaling service-linked role: its ARN is read, never built from a guessed
 * partition, and it is created (deploy only) when a fresh account has none yet.
 */
import { CreateServiceLinkedRoleCommand, GetRoleCommand, type IAMClient } from '@aws-sdk/client-iam'
import type { AutoscalingRole } from '../model/index.js'
import { call, errorMessage, isAccessDenied, isNotFound } from './errors.js'

export const DEFAULT_ROLE_NAME = 'AWSServiceRoleForAutoScaling'

/** The ARN AWS gives the default role; used only for the fix text when the role is missing. */
export function expectedRoleArn(
  partition: string,
  account: string,
  name = DEFAULT_ROLE_NAME
): string {
  return `arn:${partition}:iam::${account}:role/aws-service-role/autoscaling.amazonaws.com/${name}`
}

export async function resolveAutoscalingRole(
  iam: IAMClient,
  options: { input?: string; fromAutoScalingGroup?: string; partition: string; account: string }
): Promise<AutoscalingRole> {
  if (options.input) return inputRole(iam, options.input)
  if (options.fromAutoScalingGroup)
    return { arn: options.fromAutoScalingGroup, exists: true, source: 'auto-scaling-group' }
  try {
    const response = await iam.send(new GetRoleCommand({ RoleName: DEFAULT_ROLE_NAME }))
    if (response.Role?.Arn) return { arn: response.Role.Arn, exists: true, source: 'iam' }
  } catch (error) {
    if (isNotFound(error))
      return {
        arn: expectedRoleArn(options.partition, options.account),
        exists: false,
        source: 'expected'
      }
    if (isAccessDenied(error)) {
      return {
        arn: expectedRoleArn(options.partition, options.account),
        exists: 'unknown',
        source: 'expected',
        note: `iam:GetRole was denied, so the role's ARN is assumed from the caller's partition (${errorMessage(error)})`
      }
    }
    throw error
  }
  return {
    arn: expectedRoleArn(options.partition, options.account),
    exists: false,
    source: 'expected'
  }
}

/**
 * The role the autoscaling-role-arn input names, read like any other: a custom-suffix role is
 * created only by whoever creates it (never by us), so one that does not exist is said.
 */
async function inputRole(iam: IAMClient, arn: string): Promise<AutoscalingRole> {
  const name = arn.split('/').pop() ?? arn
  try {
    await iam.send(new GetRoleCommand({ RoleName: name }))
    return { arn, exists: true, source: 'input' }
  } catch (error) {
    if (isNotFound(error))
      return {
        arn,
        exists: false,
        source: 'input',
        note: `The autoscaling-role-arn input names ${arn}, which does not exist in this account: an Auto Scaling group cannot use it, and a key policy cannot name it. Create it (aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com --custom-suffix ${name.replace(/^AWSServiceRoleForAutoScaling_?/, '') || '<suffix>'}) or fix the input.`
      }
    if (isAccessDenied(error)) return { arn, exists: 'unknown', source: 'input' }
    throw error
  }
}

/** Creates the default role; "has been taken" means another writer created it first: fine. */
export async function createServiceLinkedRole(
  iam: IAMClient
): Promise<{ arn?: string; created: boolean }> {
  try {
    const response = await call('iam:CreateServiceLinkedRole', 'autoscaling.amazonaws.com', () =>
      iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com' }))
    )
    return { arn: response.Role?.Arn, created: true }
  } catch (error) {
    if (/has been taken/i.test(errorMessage(error))) return { created: false }
    throw error
  }
}
