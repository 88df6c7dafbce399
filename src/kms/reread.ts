/**
 * A key read again because the evidence changed: launches of a node group fail with a KMS error
 * that started after the key was last read, and the key had passed every check. The key may have
 * changed during the run (a policy stripped by another writer), so it is inspected again (the same
 * KMS calls as its first read) and judged on what KMS stores now; a change goes on the timeline.
 */
import type { KMSClient } from '@aws-sdk/client-kms'
import type { Clock } from '../clock.js'
import type { KeyRecord, Logger, RootCause, TimelineSink } from '../model/index.js'
import { rememberGrant } from './grant.js'
import { assessKey, inspectKey } from './key.js'

export interface RereadDeps {
  kms: KMSClient
  clock: Clock
  log: Logger
  timeline: TimelineSink
}

export async function rereadKeys(
  records: KeyRecord[],
  deps: RereadDeps,
  nodegroup: string,
  /** The newest KMS launch failure's start: keys read since then already saw the key as it was. */
  since: number
): Promise<void> {
  for (const record of records) {
    if (!record.uses.some(u => u.nodegroup === nodegroup)) continue
    if (!record.facts.arn || record.assessment.causes.length > 0) continue
    if ((record.readAt ?? 0) >= since) continue
    const before = record.assessment.causes
    const readBefore = record.readAt
    record.facts = await inspectKey(
      deps.kms,
      record.facts.arn,
      record.roleArn,
      record.context.callerAccount
    )
    rememberGrant(record)
    record.assessment = assessKey(record.facts, record.context)
    record.readAt = deps.clock.now()
    const after = record.assessment.causes
    if (after.join() === before.join()) continue
    const who = whoChanged(record, readBefore)
    record.changed = { at: record.readAt, before, after, readBefore, who }
    const detail = `key ${record.id} changed during the run: it passed every check when first read${readBefore !== undefined ? ` (${iso(readBefore)})` : ''}; read again after KMS launch failures of ${nodegroup} (${iso(record.readAt)}), it has ${after.join(', ')}. ${who}`
    deps.timeline.add('kms', 'key-changed', detail, { nodegroup })
    deps.log.warning(detail)
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/** The CloudTrail events (eventSource kms.amazonaws.com) that make each kind of change. */
function changeEvents(causes: RootCause[]): string {
  if (causes.includes('kms-key-disabled')) return 'DisableKey'
  if (causes.includes('kms-key-pending-deletion')) return 'ScheduleKeyDeletion'
  if (causes.includes('kms-key-cross-account')) return 'RevokeGrant, RetireGrant or PutKeyPolicy'
  return 'PutKeyPolicy'
}

/**
 * Who changed it: nothing this run may read says so (KMS stores no author with a key policy or
 * state, and CloudTrail is outside the run's least-privilege permissions), so the run says where
 * the answer is: the key's CloudTrail events between the two reads, whose userIdentity names the
 * caller (https://docs.aws.amazon.com/kms/latest/developerguide/ct-put-key-policy.html).
 */
function whoChanged(record: KeyRecord, readBefore: number | undefined): string {
  const account = record.facts.account ?? record.context.callerAccount
  const window =
    readBefore !== undefined && record.readAt !== undefined
      ? ` between ${iso(readBefore)} and ${iso(record.readAt)}`
      : ''
  return `This run cannot tell who changed it: the CloudTrail ${changeEvents(record.assessment.causes)} events of account ${account} for this key${window} name the caller.`
}
