/** The patch as the key work (node groups' and launchers' keys) calls it. */
import type { KMSClient } from '@aws-sdk/client-kms'
import type { PatchOutcome, Requirement } from '../model/index.js'
import { patchKeyPolicy, type PatchOptions } from './patch-rounds.js'
import { RefusedByKms } from './put-policy.js'

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
