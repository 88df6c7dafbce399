/**
 * Writes the missing statements into a key policy, minimally and safely. KMS has no ETag, so a
 * write is last-writer-wins: we re-read just before writing and read back at once after (also
 * when the write timed out: it may have landed), and when another writer got in between we merge
 * into what is there now instead of overwriting it, and say so. What no read can show is a write
 * landing in the one round trip between our last read and our write; CloudTrail's PutKeyPolicy
 * events are the only record of it.
 */
import { PutKeyPolicyCommand, type KMSClient } from '@aws-sdk/client-kms'
import { createTwoFilesPatch } from 'diff'
import {
  call,
  errorMessage,
  errorName,
  ExpiredCredentialsError,
  isTransient,
  PermissionError
} from '../aws/errors.js'
import type { PatchOutcome } from '../model/index.js'
import { retry } from '../retry.js'
import { readKeyPolicy } from './key.js'
import { checkRequirements } from './requirements.js'
import { lostStatements, orphanedPrincipals, parseKeyPolicy, PolicyParseError } from './document.js'
import { mergeMissing } from './merge.js'
import { type KeyPolicy, type Requirement, type Statement } from '../model/index.js'

/** The documented key policy size quota (32 KB); larger policies should use grants. */
export const POLICY_SIZE_LIMIT = 32_768

export interface PatchOptions {
  dryRun: boolean
  sleep: (ms: number) => Promise<void>
  log: (line: string) => void
  /** True right after this run created the service-linked role: IAM may not show it to KMS yet. */
  roleJustCreated?: boolean
  /** Also add the statements whose answer is "cannot tell" (launches fail with a KMS error). */
  includeUnknown?: boolean
  maxRounds?: number
  principalRetries?: number
}

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

function parse(text: string): KeyPolicy | PolicyParseError {
  try {
    return parseKeyPolicy(text)
  } catch (error) {
    return error instanceof PolicyParseError ? error : new PolicyParseError(String(error))
  }
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

function sidsOf(statements: Statement[]): string {
  return statements.map(s => s.Sid ?? '(no Sid)').join(', ')
}

/** Statements of `a` that `b` does not hold as they are. */
function missingFrom(a: KeyPolicy, b: KeyPolicy): Statement[] {
  return lostStatements(a, b)
}

/** A write that failed on the way (timeout, reset) may still have landed: re-read, never assume. */
function mayHaveLanded(error: unknown): boolean {
  if (
    error instanceof RefusedByKms ||
    error instanceof PermissionError ||
    error instanceof ExpiredCredentialsError
  )
    return false
  // Timeouts, resets and server errors: the request may have reached KMS and been applied.
  return (
    isTransient(error) ||
    /^(TimeoutError|AbortError|RequestTimeout\w*)$/.test(errorName(error)) ||
    /ECONNRESET|ETIMEDOUT|EPIPE|socket hang up/.test(errorMessage(error))
  )
}

export async function patchKeyPolicy(
  kms: KMSClient,
  keyArn: string,
  needed: Requirement[],
  options: PatchOptions
): Promise<PatchOutcome> {
  const maxRounds = options.maxRounds ?? 5
  let concurrentWrites = 0
  const added: Statement[] = []
  /** What the report says besides the result: other writers seen, writes whose fate was unclear. */
  const notes: string[] = []
  const withNotes = (message: string) => [message, ...notes].join(' ')
  for (let round = 1; round <= maxRounds; round++) {
    const text = await readKeyPolicy(kms, keyArn)
    const policy = parse(text)
    if (policy instanceof PolicyParseError) {
      return {
        status: 'refused',
        added,
        message: withNotes(`${policy.message} Nothing was written.`),
        rounds: round,
        concurrentWrites,
        refusal: 'not-json'
      }
    }
    const merge = mergeMissing(
      policy,
      checkRequirements(policy, keyArn, needed),
      options.includeUnknown
    )
    if (!merge.changed) {
      return added.length > 0
        ? {
            status: 'written',
            added,
            message: withNotes(`Key policy of ${keyArn} now grants what Auto Scaling needs.`),
            rounds: round,
            concurrentWrites
          }
        : {
            status: 'unchanged',
            added,
            message: withNotes(
              `Key policy of ${keyArn} already grants what Auto Scaling needs; nothing written.`
            ),
            rounds: round,
            concurrentWrites
          }
    }
    const orphans = orphanedPrincipals(policy)
    if (orphans.length > 0) {
      return {
        status: 'refused',
        added,
        message: `The key policy of ${keyArn} names deleted principals by unique id (${orphans.map(o => o.id).join(', ')}); KMS rejects any update of it until they are removed or replaced by ARNs. Nothing was written.`,
        rounds: round,
        concurrentWrites,
        refusal: 'orphaned-principal'
      }
    }
    const sent = policyToSend(merge.policy, merge.text)
    if (sent.size > POLICY_SIZE_LIMIT) {
      return {
        status: 'refused',
        added,
        message: `The patched key policy of ${keyArn} would be ${sent.size} bytes even without indentation, over the ${POLICY_SIZE_LIMIT}-byte key policy quota; create a grant for the Auto Scaling role instead. Nothing was written.`,
        rounds: round,
        concurrentWrites,
        refusal: 'too-large'
      }
    }
    const diff = policyDiff(keyArn, text, merge.text)
    if (options.dryRun) {
      return {
        status: 'dry-run',
        added: merge.added,
        diff,
        message: `dry-run: would add ${merge.added.map(s => s.Sid).join(', ')} to the key policy of ${keyArn}.`,
        rounds: round,
        concurrentWrites
      }
    }
    // KMS has no conditional write (no ETag, no version to compare): re-read just before writing
    // so the window in which another writer's edit could be overwritten is one round trip.
    const latestText = await readKeyPolicy(kms, keyArn)
    if (latestText !== text) {
      concurrentWrites++
      const latest = parse(latestText)
      const theirs = latest instanceof PolicyParseError ? [] : missingFrom(latest, policy)
      const dropped = latest instanceof PolicyParseError ? [] : missingFrom(policy, latest)
      const what = [
        theirs.length ? `added ${sidsOf(theirs)}` : '',
        dropped.length ? `dropped ${sidsOf(dropped)}` : ''
      ].filter(Boolean)
      const note = `The key policy of ${keyArn} changed between two of our reads${what.length ? ` (another writer ${what.join(' and ')})` : ''}; merged again instead of overwriting it.`
      notes.push(note)
      options.log(note)
      continue
    }
    let writeError: unknown
    try {
      await putWithRetry(kms, keyArn, sent.text, options)
    } catch (error) {
      if (!mayHaveLanded(error)) throw error
      writeError = error
    }
    // Read back at once, whatever the write answered: what is in force is what counts.
    const readBackText = await readKeyPolicy(kms, keyArn)
    const readBack = parse(readBackText)
    if (writeError !== undefined) {
      const landed =
        !(readBack instanceof PolicyParseError) && missingFrom(merge.policy, readBack).length === 0
      const note = `PutKeyPolicy on ${keyArn} did not answer (${errorMessage(writeError)}); the policy read back ${landed ? 'shows that the write landed' : 'shows that it did not land'}.`
      notes.push(note)
      options.log(note)
    }
    if (readBack instanceof PolicyParseError) continue
    if (writeError === undefined || missingFrom(merge.policy, readBack).length === 0)
      added.push(...merge.added.filter(s => !added.some(a => a.Sid === s.Sid)))
    // A statement of the last read before our write that our write does not hold would be
    // another writer's statement lost by us: never let that pass as success.
    const lostByUs = missingFrom(policy, merge.policy)
    if (lostByUs.length > 0) {
      throw new Error(
        `internal: the patched policy of ${keyArn} drops ${sidsOf(lostByUs)}; nothing more is written.`
      )
    }
    const afterUs = missingFrom(readBack, merge.policy)
    const oursGone = missingFrom(merge.policy, readBack)
    if (afterUs.length > 0 || (writeError === undefined && oursGone.length > 0)) {
      concurrentWrites++
      const note = `Another writer changed the key policy of ${keyArn} right after our write${afterUs.length ? ` (it added ${sidsOf(afterUs)})` : ''}${oursGone.length ? ` and dropped ${sidsOf(oursGone)}` : ''}; merging with its version.`
      notes.push(note)
      options.log(note)
    }
    const stillMissing = checkRequirements(readBack, keyArn, needed).some(
      s => s.status === 'missing'
    )
    if (!stillMissing && writeError === undefined) {
      return {
        status: 'written',
        added,
        diff,
        message: withNotes(
          `Added ${added.map(s => s.Sid).join(', ')} to the key policy of ${keyArn}.`
        ),
        rounds: round,
        concurrentWrites
      }
    }
  }
  return {
    status: 'refused',
    added,
    message: withNotes(
      `The key policy of ${keyArn} kept changing under us (${concurrentWrites} concurrent writes in ${maxRounds} rounds); stopped without overwriting the other writer.`
    ),
    rounds: maxRounds,
    concurrentWrites,
    refusal: 'unresolved'
  }
}

class RefusedByKms extends Error {
  constructor(
    message: string,
    readonly refusal: 'lockout' | 'invalid-principal' | 'too-large'
  ) {
    super(message)
  }
}

function isInvalidPrincipal(error: unknown): boolean {
  return (
    errorName(error) === 'MalformedPolicyDocumentException' &&
    /invalid principals/i.test(errorMessage(error))
  )
}

async function putWithRetry(
  kms: KMSClient,
  keyArn: string,
  text: string,
  options: PatchOptions
): Promise<void> {
  try {
    // A role created seconds ago may not be visible to KMS yet: retry only that, and only then.
    await retry(
      () =>
        // BypassPolicyLockoutSafetyCheck is never set: KMS's own lockout check stays in force.
        call('kms:PutKeyPolicy', keyArn, () =>
          kms.send(new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: text }))
        ),
      {
        attempts: options.roleJustCreated ? (options.principalRetries ?? 6) + 1 : 1,
        baseMs: 2000,
        maxMs: 30_000,
        shouldRetry: isInvalidPrincipal,
        sleep: options.sleep,
        onRetry: (error, wait) =>
          options.log(
            `KMS does not see the new service-linked role yet (${errorMessage(error)}); retrying in ${(wait / 1000).toFixed(1)}s.`
          )
      }
    )
  } catch (error) {
    const message = errorMessage(error)
    if (
      errorName(error) === 'MalformedPolicyDocumentException' &&
      /not allow you to update the key policy/i.test(message)
    ) {
      throw new RefusedByKms(
        `KMS's lockout safety check rejected the patched policy of ${keyArn}: ${message}`,
        'lockout'
      )
    }
    if (isInvalidPrincipal(error)) {
      throw new RefusedByKms(
        `KMS rejected the patched policy of ${keyArn} because a principal does not exist: ${message}`,
        'invalid-principal'
      )
    }
    if (errorName(error) === 'LimitExceededException') {
      throw new RefusedByKms(
        `KMS rejected the patched policy of ${keyArn} as too large: ${message}`,
        'too-large'
      )
    }
    throw error
  }
}

/** Runs the patch and turns KMS's refusals into outcomes instead of exceptions. */
export async function patchKeyPolicySafely(
  kms: KMSClient,
  keyArn: string,
  needed: Requirement[],
  options: PatchOptions
): Promise<PatchOutcome> {
  try {
    return await patchKeyPolicy(kms, keyArn, needed, options)
  } catch (error) {
    if (error instanceof RefusedByKms) {
      return {
        status: 'refused',
        added: [],
        message: `${error.message}. Nothing was changed.`,
        rounds: 1,
        concurrentWrites: 0,
        refusal: error.refusal
      }
    }
    throw error
  }
}
