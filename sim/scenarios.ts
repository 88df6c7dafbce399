/** Finds a scenario by name (a file in sim/scenarios/) or by path. */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadScenario, type Scenario } from './scenario.js'

export const SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), 'scenarios')

export function resolveScenario(nameOrPath: string): Scenario {
  const path = existsSync(nameOrPath) ? nameOrPath : join(SCENARIO_DIR, `${nameOrPath}.json`)
  return loadScenario(path)
}
