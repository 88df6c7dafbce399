/** Runs the bundled action against a simulator scenario, as the runner does, and tidies up. */
import { compressedInputs, startSession, type ActionRun, type Session } from '../../sim/harness.js'
import { resolveScenario } from '../../sim/scenarios.js'
import type { FakeGitHubOptions } from '../../sim/github.js'

export interface ScenarioRun {
  run: ActionRun
  session: Session
}

/** Starts a session for a scenario (with overrides), runs the action once, and keeps the world for assertions. */
export async function runScenario(
  name: string,
  inputs: Record<string, string>,
  options: {
    overrides?: unknown
    github?: FakeGitHubOptions
    event?: Record<string, unknown>
    eventName?: string
    env?: Record<string, string>
    signalAfter?: { ms: number; signal: NodeJS.Signals }
  } = {}
): Promise<ScenarioRun> {
  const scenario = resolveScenario(name, options.overrides)
  const session = await startSession(scenario, options.github)
  try {
    const run = await session.run({
      inputs: compressedInputs(scenario, inputs),
      event: options.event,
      eventName: options.eventName,
      env: options.env,
      signalAfter: options.signalAfter,
      killAfterMs: 90_000
    })
    return { run, session }
  } catch (error) {
    await session.close()
    throw error
  }
}

export function operations(session: Session, operation: string): number {
  return session.sim.world.calls.filter(c => c.operation === operation).length
}

export function currentPolicy(
  session: Session,
  keyId = '1234abcd-12ab-34cd-56ef-1234567890ab'
): { Statement: Record<string, unknown>[] } {
  const key = session.sim.world.keys.get(keyId)
  if (!key) throw new Error(`no key ${keyId}`)
  return JSON.parse(session.sim.world.currentPolicy(key))
}

export const INCIDENT_KEY =
  'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
export const SLR =
  'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
