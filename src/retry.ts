/** One retry helper, with jittered exponential backoff and an injectable sleep, for every retry we make. */

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number
  baseMs: number
  maxMs: number
  /** Only errors this accepts are retried (never AccessDenied: it cannot succeed on its own). */
  shouldRetry: (error: unknown) => boolean
  sleep: (ms: number) => Promise<void>
  random?: () => number
  onRetry?: (error: unknown, waitMs: number, attempt: number) => void
}

/** `ms` spread by ±10 %, so many runs throttled together do not retry in step. */
export function jittered(ms: number, random: () => number = Math.random): number {
  return ms * (0.9 + 0.2 * random())
}

/** The wait before retry `attempt` (1-based): base × 2^(attempt−1), capped, jittered. */
export function backoffDelay(
  attempt: number,
  options: Pick<RetryOptions, 'baseMs' | 'maxMs' | 'random'>
): number {
  return jittered(Math.min(options.baseMs * 2 ** (attempt - 1), options.maxMs), options.random)
}

export async function retry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (error) {
      if (attempt >= options.attempts || !options.shouldRetry(error)) throw error
      const wait = backoffDelay(attempt, options)
      options.onRetry?.(error, wait, attempt)
      await options.sleep(wait)
    }
  }
}
