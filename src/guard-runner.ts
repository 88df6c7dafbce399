/** verify and deploy with real AWS clients; loaded on demand, so the SDK stays out of check's start-up. */
import { createClients, destroyClients } from './aws/clients.js'
import { requestTimeoutFor } from './aws/timeout.js'
import type { Clock } from './clock.js'
import { Guard, type GuardDeps, type GuardOutcome, type Logger } from './guard.js'
import type { Config } from './inputs.js'
import type { Timeline } from './report/timeline.js'

export async function runGuard(
  config: Config,
  timeline: Timeline,
  clock: Clock,
  log: Logger,
  command: GuardDeps['command'],
  signal?: AbortSignal
): Promise<GuardOutcome> {
  const clients = createClients(config.region, {
    requestTimeoutMs: requestTimeoutFor(config.pollIntervalMs)
  })
  try {
    return await new Guard(config, {
      clients,
      clock,
      log,
      timeline,
      signal,
      command
    }).run()
  } finally {
    destroyClients(clients)
  }
}
