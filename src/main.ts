import { errorMessage } from './aws/errors.js'
import type { Edge } from './edge.js'
import { InputError, readConfig, type Config } from './inputs.js'
import type { RunOptions } from './run-modes.js'

export type { RunOptions }

/** The action: inputs → mode → report. Importable without side effects. */
export async function run(options: RunOptions = {}): Promise<void> {
  const { actionEdge } = await import('./action-edge.js')
  await runWith(actionEdge, options)
}

/**
 * A run at any edge (the action's or the CLI's): inputs → mode → report. Bad input fails before
 * anything else loads; the modes, the report and the AWS SDK load only for a valid run.
 */
export async function runWith(edge: Edge, options: RunOptions = {}): Promise<void> {
  let config: Config
  try {
    config = readConfig(name => edge.input(name))
  } catch (error) {
    edge.setFailed(error instanceof InputError ? error.message : errorMessage(error))
    return
  }
  await edge.open?.()
  const { runMode } = await import('./run-modes.js')
  await runMode(edge, config, options)
}
