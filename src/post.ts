/**
 * The post step (`post-if: always()`): when the main step was killed before it reported (a job
 * timeout, a hard cancel), write what it had seen — the timeline it kept on disk — to the job
 * summary and the pull request comment.
 */
import * as core from '@actions/core'
import { existsSync, readFileSync } from 'node:fs'
import type { Diagnosis } from './diagnose/diagnose.js'
import { readConfig } from './inputs.js'
import { renderReport } from './report/markdown.js'
import { publishComment, runUrl } from './report/publish.js'
import type { TimelineEvent } from './report/timeline.js'

export async function post(): Promise<void> {
  const path = core.getState('timeline-file')
  if (core.getState('reported') === 'true' || !path || !existsSync(path)) return
  try {
    const config = readConfig(name => core.getInput(name))
    const events = (JSON.parse(readFileSync(path, 'utf8')) as { events: TimelineEvent[] }).events
    const diagnosis: Diagnosis = {
      result: 'timeout',
      headline:
        'The guard was stopped before it could report (the job was cancelled or timed out); below is what it had seen.',
      evidence: [],
      ruledOut: [],
      openQuestions: [],
      keyFindings: [],
      drift: [],
      cancelled: true
    }
    const markdown = renderReport(diagnosis, {
      mode: config.mode,
      clusterName: config.clusterName,
      region: config.region,
      runUrl: runUrl(),
      events
    })
    await core.summary.addRaw(markdown, true).write()
    await publishComment(config, markdown)
  } catch (error) {
    core.warning(
      `The post step could not write the report: ${error instanceof Error ? error.message : String(error)}`
    )
  }
}

await post()
