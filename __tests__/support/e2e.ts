/** Runs the bundled action against a simulator scenario, as the runner does, and tidies up. */
import { join } from 'node:path'
import {
  compressedInputs,
  ROOT,
  startSession,
  type ActionRun,
  type RunActionOptions,
  type Session
} from '../../sim/harness.js'
import { resolveScenario } from '../../sim/scenarios.js'
import type { FakeGitHubOptions } from '../../sim/github.js'

export interface ScenarioRun {
  run: ActionRun
  session: Session
}

/**
 * A deploy command that only runs for `seconds` of the simulator's time (in-process runs share
 * simulated time, so it ends at the same point of the run however busy the machine is).
 */
export function waitCommand(seconds: number): string {
  return `node ${join(ROOT, '__tests__', 'fixtures', 'fake-wait.mjs')} --seconds ${seconds}`
}

export const INCIDENT_KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab'

/** The statement of KMS's default key policy: the account root, which delegates to IAM. */
export const ROOT_STATEMENT = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111122223333:root' },
  Action: 'kms:*',
  Resource: '*'
}

/** A key policy of the root statement followed by these. */
export function rootPolicy(...statements: Record<string, unknown>[]) {
  return { Version: '2012-10-17', Statement: [ROOT_STATEMENT, ...statements] }
}

/** Scenario overrides giving the incident's key this policy (an object, or text kept as it is). */
export function withIncidentKeyPolicy(policy: unknown) {
  return { keys: [{ id: INCIDENT_KEY_ID, policy }] }
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
    runner?: RunActionOptions['runner']
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
      runner: options.runner,
      killAfterMs: 170_000
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
  keyId = INCIDENT_KEY_ID
): { Statement: Record<string, unknown>[] } {
  const key = session.sim.world.keys.get(keyId)
  if (!key) throw new Error(`no key ${keyId}`)
  return JSON.parse(session.sim.world.currentPolicy(key))
}

export const INCIDENT_KEY = `arn:aws:kms:us-east-1:111122223333:key/${INCIDENT_KEY_ID}`
export const SLR =
  'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
