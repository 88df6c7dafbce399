/**
 * The post step: when the main step was killed before it reported (a job timeout, a hard
 * cancel), write what it had seen — the timeline it kept on disk — to the job summary and the
 * pull request comment. The verdict comes from the same place as every other.
 */
import * as core from '@actions/core'
import { existsSync, readFileSync } from 'node:fs'
import { diagnose } from '../diagnose/diagnose.js'
import { readConfig } from '../inputs.js'
import type { TimelineEvent } from '../model/index.js'
import { decideVerdict } from '../verdict/decide.js'
import { renderComment, renderReport, type ReportContext } from './markdown.js'
import { publishComment } from './publish.js'
import { runUrl } from './run-url.js'

export async function post(now: () => number = Date.now): Promise<void> {
  const path = core.getState('timeline-file')
  if (core.getState('reported') === 'true' || !path || !existsSync(path)) return
  try {
    const config = readConfig(name => core.getInput(name))
    const events = (JSON.parse(readFileSync(path, 'utf8')) as { events: TimelineEvent[] }).events
    const verdict = decideVerdict({
      now: now(),
      startedAt: now(),
      clusterName: config.clusterName,
      region: config.region,
      cluster: 'unknown',
      nodegroups: [],
      keys: [],
      keyWorkPending: [],
      propagationGraceMs: config.propagationGraceMs,
      timeoutMs: config.timeoutMs,
      stoppedBeforeReport: true
    })!
    const diagnosis = diagnose(
      {
        verdict,
        roleCreated: false,
        keys: [],
        nodegroups: [],
        policyChanged: false,
        watchedFrom: 0
      },
      config.region
    )
    const context: ReportContext = {
      mode: config.mode,
      clusterName: config.clusterName,
      region: config.region,
      runUrl: runUrl(),
      events,
      dryRun: config.dryRun && config.mode === 'deploy'
    }
    const markdown = renderReport(diagnosis, context)
    core.setOutput('result', diagnosis.result)
    await core.summary.addRaw(markdown, true).write()
    await publishComment(config, renderComment(diagnosis, context))
  } catch (error) {
    core.warning(
      `The post step could not write the report: ${error instanceof Error ? error.message : String(error)}`
    )
  }
}
