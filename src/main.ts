import * as core from '@actions/core'
import * as github from '@actions/github'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClients, destroyClients } from './aws/clients.js'
import { errorMessage } from './aws/errors.js'
import { systemClock, type Clock } from './clock.js'
import { diagnose, type Diagnosis } from './diagnose/diagnose.js'
import { Guard, type GuardOutcome, type Logger } from './guard.js'
import { InputError, readConfig, type Config } from './inputs.js'
import { commentMarker, findPullRequest, upsertComment, type CommentApi } from './report/comment.js'
import { renderReport } from './report/markdown.js'
import { Timeline } from './report/timeline.js'

export interface RunOptions {
  signal?: AbortSignal
  clock?: Clock
}

export const coreLogger: Logger = {
  info: line => core.info(line),
  warning: line => core.warning(line),
  error: line => core.error(line),
  debug: line => core.debug(line)
}

function runUrl(): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env
  return GITHUB_REPOSITORY && GITHUB_RUN_ID
    ? `${GITHUB_SERVER_URL ?? 'https://github.com'}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`
    : undefined
}

function timelinePath(): string {
  const dir = process.env.RUNNER_TEMP || tmpdir()
  return join(
    dir,
    `eks-kms-guard-timeline-${process.env.GITHUB_RUN_ID ?? 'local'}-${process.env.GITHUB_RUN_ATTEMPT ?? '1'}-${process.pid}.json`
  )
}

async function runGuard(
  config: Config,
  timeline: Timeline,
  clock: Clock,
  signal?: AbortSignal
): Promise<GuardOutcome> {
  const clients = createClients(config.region)
  try {
    return await new Guard(config, { clients, clock, log: coreLogger, timeline, signal }).run()
  } finally {
    destroyClients(clients)
  }
}

async function publish(
  config: Config,
  diagnosis: Diagnosis,
  timeline: Timeline,
  outcome?: GuardOutcome
): Promise<void> {
  const path = timelinePath()
  timeline.write(path, {
    mode: config.mode,
    cluster: config.clusterName,
    region: config.region,
    result: diagnosis.result,
    rootCause: diagnosis.rootCause ?? null,
    failureCode: diagnosis.failureCode ?? null
  })
  core.setOutput('result', diagnosis.result)
  core.setOutput('root-cause', diagnosis.rootCause ?? '')
  core.setOutput('failure-code', diagnosis.failureCode ?? '')
  core.setOutput('policy-changed', String(outcome?.policyChanged ?? false))
  core.setOutput(
    'detected-after-seconds',
    diagnosis.detectedAfterSeconds === undefined ? '' : String(diagnosis.detectedAfterSeconds)
  )
  core.setOutput('timeline-file', path)
  const markdown = renderReport(diagnosis, {
    mode: config.mode,
    clusterName: config.clusterName,
    region: config.region,
    runUrl: runUrl(),
    events: timeline.sorted(),
    outcome
  })
  if (process.env.GITHUB_STEP_SUMMARY) {
    try {
      await core.summary.addRaw(markdown, true).write()
    } catch (error) {
      core.warning(`Could not write the job summary: ${errorMessage(error)}`)
    }
  }
  await comment(config, markdown)
}

/** The sticky pull request comment; any problem is a warning, never the step's failure. */
async function comment(config: Config, markdown: string): Promise<void> {
  if (!config.prComment) return
  if (!config.githubToken) {
    core.info('No github-token: the pull request comment is skipped.')
    return
  }
  const { context } = github
  const api = github.getOctokit(config.githubToken) as unknown as CommentApi
  const { owner, repo } = context.repo
  const issueNumber = await findPullRequest(
    api,
    { eventName: context.eventName, payload: context.payload, ref: context.ref, owner, repo },
    config.prNumber
  )
  if (!issueNumber) {
    core.info(
      'No pull request is known for this run (pass pr-number for workflow_dispatch): only the job summary was written.'
    )
    return
  }
  const marker = commentMarker(context.workflow, config.clusterName, config.nodegroupNames)
  const url = runUrl()
  const stamp = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${url ? `, [run ${context.runId}](${url})` : ''}`
  const result = await upsertComment(api, { owner, repo, issueNumber }, marker, markdown, {
    runUrl: url,
    stamp
  })
  if (result.status === 'failed') {
    core.warning(result.message ?? 'Could not write the pull request comment.')
    return
  }
  if (result.url) core.setOutput('comment-url', result.url)
  core.info(
    `Pull request #${issueNumber} comment ${result.status}${result.url ? `: ${result.url}` : ''}.`
  )
}

function logDiagnosis(diagnosis: Diagnosis): void {
  if (diagnosis.result === 'success') {
    core.info(diagnosis.headline)
    return
  }
  const firstFix = diagnosis.fix?.summary ? ` Fix: ${diagnosis.fix.summary}` : ''
  core.error(
    `${diagnosis.rootCause ? `[${diagnosis.rootCause}] ` : ''}${diagnosis.headline}${firstFix}`
  )
  const groups: [string, string[]][] = [
    ['Evidence', diagnosis.evidence],
    ['Ruled out', diagnosis.ruledOut],
    ['Fix: key policy statements (JSON)', diagnosis.fix?.json ? [diagnosis.fix.json] : []],
    ['Fix: Terraform', diagnosis.fix?.terraform ? [diagnosis.fix.terraform] : []],
    ['Fix: AWS CLI', diagnosis.fix?.cli ? [diagnosis.fix.cli] : []]
  ]
  for (const [title, lines] of groups) {
    if (lines.length === 0) continue
    core.startGroup(title)
    for (const line of lines) core.info(line)
    core.endGroup()
  }
  for (const drift of diagnosis.drift) core.warning(drift)
}

/** The action: inputs → mode → report. Importable without side effects. */
export async function run(options: RunOptions = {}): Promise<void> {
  const clock = options.clock ?? systemClock
  let config: Config
  try {
    config = readConfig(name => core.getInput(name))
  } catch (error) {
    core.setFailed(error instanceof InputError ? error.message : errorMessage(error))
    return
  }
  if (config.githubToken) core.setSecret(config.githubToken)
  const timeline = new Timeline(() => clock.now())
  try {
    if (config.mode === 'check') throw new Error("mode 'check' is not available yet")
    const outcome = await runGuard(config, timeline, clock, options.signal)
    timeline.add('action', 'verdict', `${outcome.verdict.result}: ${outcome.verdict.message}`, {
      nodegroup: outcome.verdict.nodegroup
    })
    const diagnosis = diagnose(outcome, config.region)
    logDiagnosis(diagnosis)
    await publish(config, diagnosis, timeline, outcome)
    // logDiagnosis already printed the error annotation; setFailed would print it twice.
    if (diagnosis.result !== 'success') process.exitCode = 1
  } catch (error) {
    core.setOutput('result', 'failure')
    core.setFailed(errorMessage(error))
  }
}
