/** verify and deploy with real AWS clients; loaded on demand, so the SDK stays out of check's start-up. */
import { createClients, destroyClients } from '../aws/clients.js'
import { requestTimeoutFor } from '../aws/timeout.js'
import type { GuardDeps } from './context.js'
import { Guard } from './guard.js'
import type { Config } from '../inputs.js'
import type { GuardOutcome } from '../model/index.js'

export async function runGuard(
  config: Config,
  deps: Omit<GuardDeps, 'clients'>
): Promise<GuardOutcome> {
  const clients = createClients(config.region, {
    requestTimeoutMs: requestTimeoutFor(config.pollIntervalMs)
  })
  try {
    return await new Guard(config, { ...deps, clients }).run()
  } finally {
    destroyClients(clients)
  }
}
