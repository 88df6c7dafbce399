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
  if (options.input) return { arn: options.input, exists: true, source: 'input' }
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
