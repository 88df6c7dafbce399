/**
 * The text of a patched key policy: the diff a reviewer reads, and the bytes KMS counts against
 * its quota. Both the dry run and the write show the same diff, so it is rendered in one place.
 */
import { createTwoFilesPatch } from 'diff'
import type { KeyPolicy } from '../model/index.js'

/** The documented key policy size quota (32 KB); larger policies should use grants. */
export const POLICY_SIZE_LIMIT = 32_768

export function policyDiff(keyArn: string, before: string, after: string): string {
  return createTwoFilesPatch(
    `${keyArn} (current)`,
    `${keyArn} (patched)`,
    before.endsWith('\n') ? before : before + '\n',
    after + '\n',
    '',
    '',
    { context: 3 }
  )
}

/** What we send: the policy as we lay it out, or compact when only that fits (KMS counts the bytes sent). */
export function policyToSend(policy: KeyPolicy, pretty: string): { text: string; size: number } {
  const size = Buffer.byteLength(pretty, 'utf8')
  if (size <= POLICY_SIZE_LIMIT) return { text: pretty, size }
  // The 32 KB quota applies to the document as sent, whitespace included ("The policy size limit
  // is 32 KiB (32768 bytes)", PutKeyPolicy's Policy parameter:
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html): indentation we
  // add must not be what pushes a policy over it.
  const compact = JSON.stringify(policy)
  return { text: compact, size: Buffer.byteLength(compact, 'utf8') }
}
