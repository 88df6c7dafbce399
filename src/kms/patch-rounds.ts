/**
 * Writes the missing statements into a key policy, minimally and safely. KMS has no ETag, so a
 * write is last-writer-wins: we re-read just before writing and read back at once after (also
 * when the write timed out: it may have landed), and when another writer got in between we merge
 * into what is there now instead of overwriting it, and say so. What no read can show is a write
 * landing in the one round trip between our last read and our write; CloudTrail's PutKeyPolicy
 * events are the only record of it.
 */
import type { KMSClient } from '@aws-sdk/client-kms'
import { errorMessage } from '../aws/errors.js'
import type { PatchOutcome } from '../model/index.js'
import { readKeyPolicy } from './key.js'
import { checkRequirements } from './requirements.js'
import { lostStatements, orphanedPrincipals, parseKeyPolicy, PolicyParseError } from './document.js'
import { mergeMissing } from './merge.js'
import { policyDiff, policyToSend, POLICY_SIZE_LIMIT } from './policy-text.js'
import { mayHaveLanded, putWithRetry, type PutOptions } from './put-policy.js'
import { type KeyPolicy, type Requirement, type Statement } from '../model/index.js'

export interface PatchOptions extends PutOptions {
  dryRun: boolean
  /** Also add the statements whose answer is "cannot tell" (launches fail with a KMS error). */
  includeUnknown?: boolean
  maxRounds?: number
}

function parse(text: string): KeyPolicy | PolicyParseError {
  try {
    return parseKeyPolicy(text)
  } catch (error) {
    return error instanceof PolicyParseError ? error : new PolicyParseError(String(error))
  }
}

function sidsOf(statements: Statement[]): string {
  return statements.map(s => s.Sid ?? '(no Sid)').join(', ')
}

/** Statements of `a` that `b` does not hold as they are. */
function missingFrom(a: KeyPolicy, b: KeyPolicy): Statement[] {
  return lostStatements(a, b)
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
    // A statement of what we read that the patched policy does not hold would be somebody's
    // statement lost by us: stop before anything is sent, whatever the merge got wrong.
    const lostByUs = missingFrom(policy, merge.policy)
    if (lostByUs.length > 0) {
      throw new Error(
        `internal: the patched policy of ${keyArn} would drop ${sidsOf(lostByUs)}; nothing was written.`
      )
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
