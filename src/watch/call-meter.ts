/**
 * A reader's AWS calls, counted (a poll's budget, the benchmark's calls a minute) and watched for
 * throttling: a response the SDK had to retry slows the next polls down.
 */
import { call } from '../aws/errors.js'

export type Send = <T extends { $metadata?: { attempts?: number } }>(
  action: string,
  resource: string | undefined,
  fn: (abortSignal?: AbortSignal) => Promise<T>
) => Promise<T>

export class CallMeter {
  count = 0
  /** A call of this poll was retried by the SDK (throttled, or a transient fault). */
  throttled = false

  constructor(private readonly signal?: AbortSignal) {}

  readonly send: Send = async (action, resource, fn) => {
    this.count++
    const response = await call(action, resource, () => fn(this.signal))
    if ((response.$metadata?.attempts ?? 1) > 1) this.throttled = true
    return response
  }
}
