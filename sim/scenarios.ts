/**
 * Finds a scenario by name (a file in sim/scenarios/) or by path. A scenario may `extends` another
 * and say only what differs: objects merge, and lists of objects merge by `id` or `name`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { normalizeScenario, type Scenario, type ScenarioInput } from './scenario.js'

export const SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), 'scenarios')

type Plain = Record<string, unknown>

function identity(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined
  const v = value as Plain
  return typeof v.id === 'string' ? v.id : typeof v.name === 'string' ? v.name : undefined
}

export function mergeScenario(base: unknown, over: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(over) && over.every(o => identity(o) !== undefined)) {
    const result = [...base]
    for (const item of over) {
      const at = result.findIndex(b => identity(b) === identity(item))
      if (at >= 0) result[at] = mergeScenario(result[at], item)
      else result.push(item)
    }
    return result
  }
  if (
    base &&
    over &&
    typeof base === 'object' &&
    typeof over === 'object' &&
    !Array.isArray(base) &&
    !Array.isArray(over)
  ) {
    const result: Plain = { ...(base as Plain) }
    for (const [key, value] of Object.entries(over as Plain))
      result[key] = key in result ? mergeScenario(result[key], value) : value
    return result
  }
  return over
}

function scenarioPath(nameOrPath: string): string {
  return existsSync(nameOrPath) ? nameOrPath : join(SCENARIO_DIR, `${nameOrPath}.json`)
}

/** The scenario file's content with its `extends` chain applied. */
export function readScenarioInput(nameOrPath: string): ScenarioInput {
  const input = JSON.parse(readFileSync(scenarioPath(nameOrPath), 'utf8')) as ScenarioInput & {
    extends?: string
  }
  if (!input.extends) return input
  const { extends: parent, ...rest } = input
  return mergeScenario(readScenarioInput(parent), rest) as ScenarioInput
}

export function resolveScenario(nameOrPath: string, overrides: unknown = {}): Scenario {
  return normalizeScenario(mergeScenario(readScenarioInput(nameOrPath), overrides) as ScenarioInput)
}
