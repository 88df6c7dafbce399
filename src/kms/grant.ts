/**
 * The grant deploy creates on another account's key for the Auto Scaling role, from this account
 * (the only fix possible from here). Created once per key and role: named, so KMS hands back the
 * same grant for the same parameters, also when the owner's policy hides the grants.
 */
import type { KMSClient } from '@aws-sdk/client-kms'
import { errorMessage, PermissionError } from '../aws/errors.js'
import { GRANT_OPERATIONS, type KeyRecord, type Logger, type TimelineSink } from '../model/index.js'
import { assessKey, createRoleGrant } from './key.js'

export interface GrantDeps {
  kms: KMSClient
  log: Logger
  timeline: TimelineSink
  dryRun: boolean
}

export async function grantToRole(
  record: KeyRecord,
  deps: GrantDeps
): Promise<'created' | 'refused' | 'dry-run'> {
  const { kms, log, timeline } = deps
  const arn = record.facts.arn as string
  const owner = record.facts.account ?? '?'
  if (deps.dryRun) {
    log.info(`dry-run: would create a grant on ${arn} (account ${owner}) for ${record.roleArn}.`)
    return 'dry-run'
  }
  try {
    record.grant = await createRoleGrant(kms, arn, record.roleArn)
  } catch (error) {
    // The owner's key policy refused it: a fact about the key, which the assessment now carries.
    const refusedByOwner = error instanceof PermissionError
    if (refusedByOwner) {
      record.facts.ownerRefused = [...(record.facts.ownerRefused ?? []), 'kms:CreateGrant']
      record.assessment = assessKey(record.facts, record.context)
    }
    const message = refusedByOwner
      ? `The key policy of account ${owner} refuses this account kms:CreateGrant on ${arn}: no grant for ${record.roleArn} can be created from here; account ${owner} must add the statement the fix gives.`
      : `Could not create a grant on ${arn} for ${record.roleArn}: ${errorMessage(error)}.`
    timeline.add('kms', 'grant-refused', message)
    log.warning(message)
    return 'refused'
  }
  const detail = `grant ${record.grant.id} (${record.grant.name}) on ${arn} of account ${owner} for ${record.roleArn}`
  timeline.add('kms', 'grant-created', detail)
  log.info(`Created ${detail}.`)
  return 'created'
}

/**
 * The grant this run created, added to what a re-read saw when the owner's policy hides the grants
 * (ListGrants refused): KMS returned its id, so it is known to exist.
 */
export function rememberGrant(record: KeyRecord): void {
  const { grant, facts } = record
  if (!grant || !facts.grantsUnknown || facts.grants.some(g => g.GrantId === grant.id)) return
  facts.grants.push({
    GrantId: grant.id,
    Name: grant.name,
    GranteePrincipal: record.roleArn,
    Operations: [...GRANT_OPERATIONS] as never
  })
}
