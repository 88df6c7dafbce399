/** Request timeouts, kept apart from the SDK clients so the entry point can use them without loading the SDK. */

/** Four polls' worth, between 2 and 30 seconds: slow enough for AWS, quick enough to keep watching. */
export function requestTimeoutFor(pollIntervalMs: number): number {
  return Math.min(30_000, Math.max(2_000, 4 * pollIntervalMs))
}
