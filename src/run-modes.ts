/** A run past its inputs: the chosen mode, then the report. Loaded once the inputs are valid. */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requestTimeoutFor } from './aws/timeout.js'
import { errorMessage } from './aws/errors.js'
import { systemClock, type Clock } from './clock.js'
import { diagnose } from './diagnose/diagnose.js'
import { DeployCommand } from './deploy/command.js'
import type { CommandState, Logger } from './model/index.js'
import type { Config } from './inputs.js'
import type { Edge } from './edge.js'
import { redactCommand } from './render/redact.js'
import { Timeline } from './timeline/collector.js'
import { logDiagnosis, publish } from './run-report.js'

export interface RunOptions {
  signal?: AbortSignal
  clock?: Clock
}

function loggerOf(edge: Edge): Logger {
  return {
    info: line => edge.info(line),
    warning: line => edge.warning(line),
    error: line => edge.error(line),
    debug: line => edge.debug(line)
  }
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

/** The command's output group; closed before the verdict is printed, so it is not hidden inside. */
class CommandGroup {
  private open = false
  constructor(private readonly edge: Edge) {}
  start(title: string): void {
    this.edge.startGroup(title)
    this.open = true
  }
  close(): void {
    if (this.open) this.edge.endGroup()
    this.open = false
  }
}

function startCommand(
  config: Config,
  timeline: Timeline,
  edge: Edge,
  group: CommandGroup
): DeployCommand | undefined {
  if (config.mode !== 'deploy' || !config.command) return undefined
  const command = new DeployCommand(
    {
      command: config.command,
      shown: redactCommand(config.command),
      cwd: config.workingDirectory,
      interruptGraceMs: interruptGraceMs(),
      terminateGraceMs: Math.min(10_000, interruptGraceMs())
    },
    {
      line: text => (edge.commandOutput ? edge.commandOutput(text) : edge.info(text)),
      info: text => edge.info(text),
      warning: text => edge.warning(text)
    },
    timeline
  )
  group.start(
    `Deploy command: ${redactCommand(config.command)} (its output, with the guard's progress)`
  )
  command.start()
  void command.wait().then(() => group.close())
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

/** Runs the configured mode and reports it at the edge. */
export async function runMode(edge: Edge, config: Config, options: RunOptions): Promise<void> {
  const clock = options.clock ?? systemClock
  if (config.githubToken) edge.setSecret(config.githubToken)
  const timeline = new Timeline(() => clock.now())
  const path = timelinePath()
  timeline.autosave(path, { mode: config.mode, cluster: config.clusterName, region: config.region })
  edge.saveState('timeline-file', path)
  const group = new CommandGroup(edge)
  let command: DeployCommand | undefined
  try {
    if (config.mode === 'check') {
      // The Terraform reader (and its WASM parser) loads only for check, the AWS SDK only for the others.
      const { checkMode } = await import('./check/mode.js')
      const diagnosis = await checkMode(config, timeline, edge, (d, sections) =>
        publish(edge, config, d, timeline, path, undefined, sections)
      )
      if (diagnosis.result !== 'success') edge.setVerdictFailed(diagnosis.couldNotLook)
      return
    }
    const started = startCommand(config, timeline, edge, group)
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
      log: loggerOf(edge),
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
    // The command's output group closes first, so the verdict and its fix are not hidden inside.
    group.close()
    logDiagnosis(edge, diagnosis)
    if (!outcome.verdict.cancelled && stopping) await stopping
    await publish(edge, config, diagnosis, timeline, path, outcome)
    edge.saveState('reported', 'true')
    if (stopping) await stopping
    if (diagnosis.result !== 'success') edge.setVerdictFailed(diagnosis.couldNotLook)
  } catch (error) {
    group.close()
    if (command?.running) await command.interrupt(`the guard failed: ${errorMessage(error)}`)
    edge.setOutput('result', 'failure')
    edge.setFailed(errorMessage(error))
  }
}
