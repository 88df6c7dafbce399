/** Error helpers shared by every AWS call site. */
import { capText } from '../render/cap.js'

interface AwsLikeError {
  name?: string
  message?: string
  Code?: string
  $metadata?: { httpStatusCode?: number }
}

export function errorName(error: unknown): string {
  const e = error as AwsLikeError
  return e?.name ?? e?.Code ?? 'Error'
}

/**
 * An error's message, cut to `max` characters with the cut said: AWS's messages are text from
 * outside, and one of 400 KB must not fill the log, the summary and the comment.
 */
export function errorMessage(error: unknown, max = 3000): string {
  return capText(error instanceof Error ? error.message : String(error), max)
}

export function isAccessDenied(error: unknown): boolean {
  const name = errorName(error)
  return (
    /AccessDenied|UnauthorizedOperation|NotAuthorized|AuthorizationError/i.test(name) ||
    (error as AwsLikeError)?.$metadata?.httpStatusCode === 403
  )
}

export function isNotFound(error: unknown): boolean {
  return /NotFound|NoSuchEntity/i.test(errorName(error))
}

/** Errors worth another try at our own level (the SDK has already retried these a few times). */
export function isTransient(error: unknown): boolean {
  const name = errorName(error)
  const status = (error as AwsLikeError)?.$metadata?.httpStatusCode ?? 0
  return (
    /Throttl|RequestLimitExceeded|TooManyRequests|Rate ?Exceeded|ResourceContention|ServiceUnavailable|InternalFailure|InternalError|KMSInternal|DependencyTimeout|TimeoutError|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket hang up/i.test(
      `${name} ${errorMessage(error)}`
    ) || status >= 500
  )
}

/**
 * An AccessDenied translated into what the user must grant, naming the IAM action (and the
 * resource when known), because the SDK's message often names neither.
 */
export class PermissionError extends Error {
  constructor(
    readonly action: string,
    readonly resource: string | undefined,
    cause: unknown
  ) {
    super(
      `Access denied for ${action}${resource ? ` on ${resource}` : ''}: allow ${action} to the role this workflow assumes (see the README's IAM section). AWS said: ${errorMessage(cause, 1500)}`
    )
    this.name = 'PermissionError'
  }
}

/**
 * The session's credentials ran out. AWS answers these with HTTP 400 or 403 (`ExpiredToken`,
 * `ExpiredTokenException`, `RequestExpired`, `TokenRefreshRequired`; the errors common to all AWS
 * APIs give ExpiredTokenException HTTP 403:
 * https://docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/common-errors.html), so they are told apart
 * before the AccessDenied test, which a 403 alone would match.
 */
export function isExpiredCredentials(error: unknown): boolean {
  return /ExpiredToken|RequestExpired|TokenRefreshRequired|InvalidClientTokenId|security token included in the request is expired/i.test(
    `${errorName(error)} ${(error as AwsLikeError)?.Code ?? ''}`
  )
}

/** The role session ended before the run did: say how to make it last. */
export class ExpiredCredentialsError extends Error {
  constructor(action: string, cause: unknown) {
    super(
      `The AWS credentials expired while calling ${action} (${errorMessage(cause, 1500)}). The role session ended before the guard finished: raise role-duration-seconds in aws-actions/configure-aws-credentials above timeout-minutes, or lower timeout-minutes.`
    )
    this.name = 'ExpiredCredentialsError'
  }
}

/** Runs one AWS call; an AccessDenied becomes a PermissionError that names the IAM action. */
export async function call<T>(
  action: string,
  resource: string | undefined,
  send: () => Promise<T>
): Promise<T> {
  try {
    return await send()
  } catch (error) {
    // Expired first: an ExpiredToken often comes with HTTP 403, which isAccessDenied also matches.
    if (isExpiredCredentials(error)) throw new ExpiredCredentialsError(action, error)
    if (isAccessDenied(error)) throw new PermissionError(action, resource, error)
    throw error
  }
}
