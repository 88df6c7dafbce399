/**
 * The post step: when the main step was killed before it reported (a job timeout, a hard
 * cancel), write what it had seen — the timeline it kept on disk — to the job summary and the
 * pull request comment. It reads its inputs and reports through the same edge as the main step.
 */
import { existsSync, readFileSync } from 'node:fs'
import { errorMessage } from './aws/errors.js'
import type { Edge } from './edge.js'
import { readConfig } from './inputs.js'
import type { TimelineEvent } from './model/index.js'
import { publishStopped } from './run-report.js'

export async function postWith(edge: Edge, now: () => number = Date.now): Promise<void> {
  await edge.open?.()
  const path = edge.state?.('timeline-file')
  if (edge.state?.('reported') === 'true' || !path || !existsSync(path)) return
  try {
    const config = readConfig(name => edge.input(name))
    const events = (JSON.parse(readFileSync(path, 'utf8')) as { events: TimelineEvent[] }).events
    await publishStopped(edge, config, events, now())
  } catch (error) {
    edge.warning(`The post step could not write the report: ${errorMessage(error)}`)
  }
}

/** The action's post step. */
export async function post(now: () => number = Date.now): Promise<void> {
  const { actionEdge } = await import('./action-edge.js')
  await postWith(actionEdge, now)
}
