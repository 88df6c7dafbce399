/**
 * The one PutKeyPolicy call of a patch round: retried only while KMS cannot see a role created
 * seconds ago, and its refusals told apart from a failure on the way, which may still have landed.
 */
import { PutKeyPolicyCommand, type KMSClient } from '@aws-sdk/client-kms'
import {
  call,
  errorMessage,
  errorName,
  ExpiredCredentialsError,
  isTransient,
  PermissionError
} from '../aws/errors.js'
import { retry } from '../retry.js'

export interface PutOptions {
  sleep: (ms: number) => Promise<void>
  log: (line: string) => void
  /** True right after this run created the service-linked role: IAM may not show it to KMS yet. */
  roleJustCreated?: boolean
  principalRetries?: number
}

/** KMS said no to the document itself: an outcome to report, not an error to retry or re-read. */
export class RefusedByKms extends Error {
  constructor(
    message: string,
    readonly refusal: 'lockout' | 'invalid-principal' | 'too-large'
  ) {
    super(message)
  }
}

/** A write that failed on the way (timeout, reset) may still have landed: re-read, never assume. */
export function mayHaveLanded(error: unknown): boolean {
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

function isInvalidPrincipal(error: unknown): boolean {
  return (
    errorName(error) === 'MalformedPolicyDocumentException' &&
    /invalid principals/i.test(errorMessage(error))
  )
}

export async function putWithRetry(
  kms: KMSClient,
  keyArn: string,
  text: string,
  options: PutOptions
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
