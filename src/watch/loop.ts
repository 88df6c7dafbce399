/**
 * The watch loop only schedules: poll, ask the verdict, sleep. Like the SDK's generated waiters,
 * the decision (src/verdict) is a pure function over what was observed, kept apart from the loop
 * and its delays. Errors become observations: throttling slows the loop, anything else ends it
 * with a verdict that keeps the report.
 */
import {
  errorMessage,
  ExpiredCredentialsError,
  isTransient,
  PermissionError
} from '../aws/errors.js'
import type { Clock } from '../clock.js'
import type { RunError, Verdict } from '../model/index.js'
import { jittered } from '../retry.js'

/** The slowest the loop gets under throttling, as a multiple of the poll interval. */
const MAX_BACKOFF = 4

export interface DecideFlags {
  cancelled: boolean
  deadlineReached: boolean
  error?: RunError
}

export interface LoopOptions {
  clock: Clock
  pollIntervalMs: number
  deadline: number
  signal?: AbortSignal
  random?: () => number
  /** Reads AWS; returns whether AWS pushed back (the SDK had to retry). */
  poll: () => Promise<{ throttled: boolean }>
  decide: (flags: DecideFlags) => Verdict | undefined
  /** Called between polls, for the progress line. */
  progress?: () => void
  warn: (line: string) => void
}

/** An error that ended the run, as the verdict sees it. */
export function runError(error: unknown): RunError {
  if (error instanceof PermissionError)
    return {
      kind: 'permission',
      message: error.message,
      action: error.action,
      resource: error.resource
    }
  if (error instanceof ExpiredCredentialsError)
    return { kind: 'credentials', message: error.message }
  return { kind: 'unexpected', message: errorMessage(error) }
}

/** What an aborted run signal means: the runner's cancel, or the deadline (reason 'timeout'). */
export function stoppedBy(signal: AbortSignal | undefined): {
  cancelled: boolean
  deadlineReached: boolean
} {
  const aborted = signal?.aborted === true
  return {
    cancelled: aborted && signal.reason !== 'timeout',
    deadlineReached: aborted && signal.reason === 'timeout'
  }
}

export async function watchUntilVerdict(options: LoopOptions): Promise<Verdict> {
  const { clock, signal } = options
  const random = options.random ?? Math.random
  const cancelled = () => stoppedBy(signal).cancelled
  const expired = () => clock.now() >= options.deadline || stoppedBy(signal).deadlineReached
  let backoff = 1
  for (;;) {
    let error: RunError | undefined
    if (!signal?.aborted) {
      try {
        const { throttled } = await options.poll()
        // Slow down once per poll that AWS throttled; recover gradually on clean polls.
        backoff = throttled ? Math.min(backoff * 1.5, MAX_BACKOFF) : Math.max(1, backoff / 1.5)
      } catch (caught) {
        // An in-flight call cut short by our own cancellation or deadline is not an AWS failure.
        if (!signal?.aborted) {
          if (caught instanceof PermissionError || !isTransient(caught)) error = runError(caught)
          else {
            backoff = Math.min(backoff * 2, MAX_BACKOFF)
            options.warn(
              `AWS is throttling or failing (${errorMessage(caught)}); polling every ${((options.pollIntervalMs * backoff) / 1000).toFixed(1)}s for now.`
            )
          }
        }
      }
    }
    const flags = { cancelled: cancelled(), deadlineReached: expired(), error }
    const verdict = options.decide(flags)
    if (verdict) return verdict
    if (flags.cancelled || flags.deadlineReached || error) {
      // decideVerdict always answers these; a verdict of last resort keeps the loop finite.
      return {
        result: 'timeout',
        cancelled: flags.cancelled,
        message: error?.message ?? 'The watch ended without a verdict.',
        decidedAt: clock.now()
      }
    }
    options.progress?.()
    const wait = jittered(options.pollIntervalMs * backoff, random)
    await clock.sleep(Math.min(wait, Math.max(0, options.deadline - clock.now())), signal)
  }
}
