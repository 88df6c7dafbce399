/**
 * A key read again because the evidence changed: launches of a node group fail with a KMS error
 * that started after the key was last read, and the key had passed every check. The key may have
 * changed during the run (a policy stripped by another writer), so it is inspected again (the same
 * KMS calls as its first read) and judged on what KMS stores now; a change goes on the timeline.
 */
import type { KMSClient } from '@aws-sdk/client-kms'
import type { Clock } from '../clock.js'
import type { KeyRecord, Logger, TimelineSink } from '../model/index.js'
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
    record.changed = { at: record.readAt, before, after }
    const detail = `key ${record.id} changed during the run: it passed every check when first read; read again after KMS launch failures of ${nodegroup}, it has ${after.join(', ')}`
    deps.timeline.add('kms', 'key-changed', detail, { nodegroup })
    deps.log.warning(`${detail}.`)
  }
}
