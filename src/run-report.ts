/**
 * A run's verdict at the edge: the outputs, the log, the timeline file and the report. The main
 * step publishes through it, and so does the post step when the main step was stopped before it
 * reported.
 */
import { diagnose } from './diagnose/diagnose.js'
import type { Edge } from './edge.js'
import type { Config } from './inputs.js'
import type { Diagnosis, GuardOutcome, TimelineEvent } from './model/index.js'
import { renderComment, renderReport, type ReportContext } from './report/markdown.js'
import { runUrl } from './report/run-url.js'
import type { Timeline } from './timeline/collector.js'
import { phases } from './timeline/phases.js'
import { decideVerdict } from './verdict/decide.js'

/** A run's outputs, its timeline file and its report, at the edge. */
export async function publish(
  edge: Edge,
  config: Config,
  diagnosis: Diagnosis,
  timeline: Timeline,
  path: string,
  outcome?: GuardOutcome,
  sections: string[] = []
): Promise<void> {
  timeline.autosave(path, {
    mode: config.mode,
    cluster: config.clusterName,
    region: config.region,
    result: diagnosis.result,
    rootCause: diagnosis.rootCause ?? null,
    failureCode: diagnosis.failureCode ?? null,
    phases: phases(timeline.sorted(), diagnosis).map(p => ({
      ...p,
      seconds: (Date.parse(p.end) - Date.parse(p.start)) / 1000
    }))
  })
  edge.setOutput('result', diagnosis.result)
  edge.setOutput('root-cause', diagnosis.rootCause ?? '')
  edge.setOutput('failure-code', diagnosis.failureCode ?? '')
  edge.setOutput('policy-changed', String(outcome?.policyChanged ?? false))
  edge.setOutput(
    'detected-after-seconds',
    diagnosis.detectedAfterSeconds === undefined ? '' : String(diagnosis.detectedAfterSeconds)
  )
  edge.setOutput('timeline-file', path)
  if (outcome && config.mode !== 'check') {
    const selfManaged = outcome.nodegroups.filter(n => n.selfManaged).length
    edge.setOutput('nodegroups-checked', String(outcome.nodegroups.length - selfManaged))
    edge.setOutput('asgs-checked', String(selfManaged))
    edge.setOutput(
      'launchers-checked',
      String((outcome.launchers ?? []).filter(l => l.keyIds.length > 0).length)
    )
  }
  const context: ReportContext = {
    mode: config.mode,
    clusterName: config.clusterName,
    region: config.region,
    runUrl: runUrl(),
    events: timeline.sorted(),
    outcome,
    sections,
    dryRun: config.dryRun && config.mode === 'deploy'
  }
  await edge.report(renderReport(diagnosis, context), config, renderComment(diagnosis, context))
}

/** The diagnosis in the log: the headline, then a group per part of the evidence and the fix. */
export function logDiagnosis(edge: Edge, diagnosis: Diagnosis): void {
  if (diagnosis.result === 'success') {
    edge.info(diagnosis.headline)
    return
  }
  const firstFix = diagnosis.fix?.summary ? ` Fix: ${diagnosis.fix.summary}` : ''
  edge.error(
    `${diagnosis.rootCause ? `[${diagnosis.rootCause}] ` : ''}${diagnosis.headline}${firstFix}`
  )
  const groups: [string, string[]][] = [
    ['Evidence', diagnosis.evidence],
    ['Checks passed', diagnosis.ruledOut],
    ['Could not tell', diagnosis.openQuestions],
    ['Fix: key policy statements (JSON)', diagnosis.fix?.json ? [diagnosis.fix.json] : []],
    ['Fix: Terraform', diagnosis.fix?.terraform ? [diagnosis.fix.terraform] : []],
    ['Fix: CloudFormation / CDK', diagnosis.fix?.template ? [diagnosis.fix.template] : []],
    ['Fix: AWS CLI', diagnosis.fix?.cli ? [diagnosis.fix.cli] : []]
  ]
  for (const [title, lines] of groups) {
    if (lines.length === 0) continue
    edge.startGroup(title)
    for (const line of lines) edge.info(line)
    edge.endGroup()
  }
  for (const drift of diagnosis.drift) edge.warning(drift)
  if (diagnosis.driftFix) {
    edge.startGroup("Drift: the same statements in the key's Terraform configuration")
    edge.info(diagnosis.driftFix)
    edge.endGroup()
  }
}

/**
 * The report of a main step stopped before it reported (a job timeout, a hard cancel), from the
 * timeline it kept on disk: the verdict and the diagnosis come from the same place as every other.
 */
export async function publishStopped(
  edge: Edge,
  config: Config,
  events: TimelineEvent[],
  now: number
): Promise<void> {
  const verdict = decideVerdict({
    now,
    startedAt: now,
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
  const outcome: GuardOutcome = {
    verdict,
    roleCreated: false,
    keys: [],
    nodegroups: [],
    policyChanged: false,
    watchedFrom: 0
  }
  const diagnosis = diagnose(outcome, config.region)
  const context: ReportContext = {
    mode: config.mode,
    clusterName: config.clusterName,
    region: config.region,
    runUrl: runUrl(),
    events,
    dryRun: config.dryRun && config.mode === 'deploy'
  }
  edge.setOutput('result', diagnosis.result)
  await edge.report(renderReport(diagnosis, context), config, renderComment(diagnosis, context))
}
