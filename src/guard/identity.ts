/** Who the run is, and the Auto Scaling service-linked role it creates when deploy may. */
import type { IAMClient } from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts'
import { call } from '../aws/errors.js'
import { createServiceLinkedRole } from '../aws/role.js'
import type { Config } from '../inputs.js'
import type { AutoscalingRole, Identity, Logger, TimelineSink } from '../model/index.js'

function partitionOf(arn: string): string {
  return arn.split(':')[1] || 'aws'
}

/** The caller's account, partition and ARN (sts:GetCallerIdentity). */
export async function callerIdentity(sts: STSClient): Promise<Identity> {
  const caller = await call('sts:GetCallerIdentity', undefined, () =>
    sts.send(new GetCallerIdentityCommand({}))
  )
  return {
    account: caller.Account ?? '',
    partition: partitionOf(caller.Arn ?? ''),
    arn: caller.Arn ?? ''
  }
}

/**
 * The missing default role: created by deploy (unless dry run or the input says not to), else
 * said to be missing. `created` is false when it appeared meanwhile.
 */
export async function ensureRole(
  iam: IAMClient,
  config: Config,
  role: AutoscalingRole,
  timeline: TimelineSink,
  log: Logger
): Promise<{ role: AutoscalingRole; created: boolean }> {
  if (config.mode !== 'deploy' || !config.createServiceLinkedRole || config.dryRun) {
    timeline.add(
      'iam',
      'role-missing',
      `Auto Scaling service-linked role ${role.arn} does not exist`
    )
    return { role, created: false }
  }
  const created = await createServiceLinkedRole(iam)
  const ensured: AutoscalingRole = { arn: created.arn ?? role.arn, exists: true, source: 'iam' }
  log.info(
    created.created
      ? `Created the Auto Scaling service-linked role ${ensured.arn}.`
      : `The Auto Scaling service-linked role appeared meanwhile (${ensured.arn}).`
  )
  timeline.add(
    'iam',
    created.created ? 'role-created' : 'role-found',
    `Auto Scaling service-linked role ${ensured.arn}`
  )
  return { role: ensured, created: created.created }
}
