import * as core from '@actions/core'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requestTimeoutFor } from './aws/timeout.js'
import { errorMessage } from './aws/errors.js'
import { systemClock, type Clock } from './clock.js'
import { diagnose, type Diagnosis } from './diagnose/diagnose.js'
import { DeployCommand } from './deploy/command.js'
import type { CommandState, GuardOutcome, Logger } from './model/index.js'
import { InputError, readConfig, type Config } from './inputs.js'
import { checkMode } from './terraform/mode.js'
import { publishComment, runUrl } from './report/publish.js'
import { phases, renderReport } from './report/markdown.js'
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

function timelinePath(): string {
  const dir = process.env.RUNNER_TEMP || tmpdir()
  return join(
    dir,
    `eks-kms-guard-timeline-${process.env.GITHUB_RUN_ID ?? 'local'}-${process.env.GITHUB_RUN_ATTEMPT ?? '1'}-${process.pid}.json`
  )
}

/** Terraform needs time to save its state after SIGINT; tests shorten it through the environment. */
function interruptGraceMs(): number {
  const value = Number(process.env.EKS_KMS_GUARD_INTERRUPT_GRACE_SECONDS)
  return Number.isFinite(value) && value > 0 ? value * 1000 : 60_000
}

function startCommand(config: Config, timeline: Timeline, clock: Clock): DeployCommand | undefined {
  if (config.mode !== 'deploy' || !config.command) return undefined
  const command = new DeployCommand(
    {
      command: config.command,
      cwd: config.workingDirectory,
      interruptGraceMs: interruptGraceMs(),
      terminateGraceMs: Math.min(10_000, interruptGraceMs())
    },
    {
      line: text => core.info(text),
      info: text => core.info(text),
      warning: text => core.warning(text)
    },
    timeline,
    clock
  )
  core.startGroup(`Deploy command: ${config.command} (its output, with the guard's progress)`)
  command.start()
  void command.wait().then(() => core.endGroup())
  return command
}

/** What the verdict needs to know of the deploy command. */
function commandState(command: DeployCommand): CommandState {
  return {
    running: command.running,
    exit: command.exit && { code: command.exit.code, signal: command.exit.signal },
    interrupted: command.interrupted
  }
}

async function publish(
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
    outcome,
    sections
  })
  if (process.env.GITHUB_STEP_SUMMARY) {
    try {
      await core.summary.addRaw(markdown, true).write()
    } catch (error) {
      core.warning(`Could not write the job summary: ${errorMessage(error)}`)
    }
  }
  await publishComment(config, markdown)
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
    ['Could not tell', diagnosis.openQuestions],
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
  const path = timelinePath()
  timeline.autosave(path, { mode: config.mode, cluster: config.clusterName, region: config.region })
  core.saveState('timeline-file', path)
  let command: DeployCommand | undefined
  try {
    if (config.mode === 'check') {
      await checkMode(config, timeline, core, (diagnosis, sections) =>
        publish(config, diagnosis, timeline, path, undefined, sections)
      )
      return
    }
    const started = startCommand(config, timeline, clock)
    command = started
    // The watch ends itself at timeout-minutes; this is the backstop for a call that hangs past it.
    const deadline = new AbortController()
    const backstop = setTimeout(
      () => deadline.abort('timeout'),
      config.timeoutMs + requestTimeoutFor(config.pollIntervalMs)
    )
    backstop.unref()
    const signal = options.signal
      ? AbortSignal.any([options.signal, deadline.signal])
      : deadline.signal
    // The AWS SDK is loaded only by the modes that talk to AWS (start-up stays quick for check).
    const { runGuard } = await import('./guard/run.js')
    const outcome = await runGuard(config, {
      timeline,
      clock,
      log: coreLogger,
      command: started && (() => commandState(started)),
      signal
    }).finally(() => clearTimeout(backstop))
    timeline.add('action', 'verdict', `${outcome.verdict.result}: ${outcome.verdict.message}`, {
      nodegroup: outcome.verdict.nodegroup
    })
    // A doomed deploy is stopped now; on cancellation the interrupt goes out while we report.
    const stopping = command?.running
      ? command.interrupt(
          outcome.verdict.cancelled
            ? 'the job was cancelled'
            : `the guard reached a verdict: ${outcome.verdict.result}`
        )
      : undefined
    const diagnosis = diagnose(outcome, config.region)
    logDiagnosis(diagnosis)
    if (!outcome.verdict.cancelled && stopping) await stopping
    await publish(config, diagnosis, timeline, path, outcome)
    core.saveState('reported', 'true')
    if (stopping) await stopping
    // logDiagnosis already printed the error annotation; setFailed would print it twice.
    if (diagnosis.result !== 'success') process.exitCode = 1
  } catch (error) {
    if (command?.running) await command.interrupt(`the guard failed: ${errorMessage(error)}`)
    core.setOutput('result', 'failure')
    core.setFailed(errorMessage(error))
  }
}
