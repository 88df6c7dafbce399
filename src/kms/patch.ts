/**
 * Writes the missing statements into a key policy, minimally and safely. KMS has no ETag, so a
 * write is last-writer-wins: we re-read just before writing, read back after, and when another
 * writer got in between we merge into what is there now instead of overwriting it.
 */
import { PutKeyPolicyCommand, type KMSClient } from '@aws-sdk/client-kms'
import { createTwoFilesPatch } from 'diff'
import { call, errorMessage, errorName } from '../aws/errors.js'
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

export async function patchKeyPolicy(
  kms: KMSClient,
  keyArn: string,
  needed: Requirement[],
  options: PatchOptions
): Promise<PatchOutcome> {
  const maxRounds = options.maxRounds ?? 5
  let concurrentWrites = 0
  const added: Statement[] = []
  for (let round = 1; round <= maxRounds; round++) {
    const text = await readKeyPolicy(kms, keyArn)
    const policy = parse(text)
    if (policy instanceof PolicyParseError) {
      return {
        status: 'refused',
        added,
        message: `${policy.message} Nothing was written.`,
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
            message: `Key policy of ${keyArn} now grants what Auto Scaling needs.`,
            rounds: round,
            concurrentWrites
          }
        : {
            status: 'unchanged',
            added,
            message: `Key policy of ${keyArn} already grants what Auto Scaling needs; nothing written.`,
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
    const size = Buffer.byteLength(merge.text, 'utf8')
    if (size > POLICY_SIZE_LIMIT) {
      return {
        status: 'refused',
        added,
        message: `The patched key policy of ${keyArn} would be ${size} bytes, over the ${POLICY_SIZE_LIMIT}-byte key policy quota; create a grant for the Auto Scaling role instead. Nothing was written.`,
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
    // Narrow the last-writer-wins window: if the policy moved since we read it, merge again.
    if ((await readKeyPolicy(kms, keyArn)) !== text) {
      concurrentWrites++
      options.log(`The key policy of ${keyArn} changed while we prepared our patch; merging again.`)
      continue
    }
    await putWithRetry(kms, keyArn, merge.text, options)
    added.push(...merge.added.filter(s => !added.some(a => a.Sid === s.Sid)))
    const readBack = parse(await readKeyPolicy(kms, keyArn))
    if (readBack instanceof PolicyParseError) continue
    const lost = lostStatements(policy, readBack)
    const stillMissing = checkRequirements(readBack, keyArn, needed).some(
      s => s.status === 'missing'
    )
    if (!stillMissing && lost.length === 0) {
      return {
        status: 'written',
        added,
        diff,
        message: `Added ${added.map(s => s.Sid).join(', ')} to the key policy of ${keyArn}.`,
        rounds: round,
        concurrentWrites
      }
    }
    concurrentWrites++
    options.log(
      `Another writer changed the key policy of ${keyArn} right after our write; merging with its version.`
    )
  }
  return {
    status: 'refused',
    added,
    message: `The key policy of ${keyArn} kept changing under us (${concurrentWrites} concurrent writes in ${maxRounds} rounds); stopped without overwriting the other writer.`,
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
