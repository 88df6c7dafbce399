/**
 * The GitHub Actions edge: @actions/core for outputs, the log and the summary; the PR comment.
 *
 * @actions/core cannot be imported without @actions/http-client and undici (a 1 MB chunk, about
 * 80 ms of a 120 ms start), which only its OIDC helper needs. So inputs are read the way the
 * runner passes them, and core loads in `open()`, once they are valid: a run that fails on its
 * inputs starts and ends in the time of a bare `node`.
 */
import type * as Core from '@actions/core'
import { randomUUID } from 'node:crypto'
import { EOL } from 'node:os'
import { errorMessage } from './aws/errors.js'
import type { Edge } from './edge.js'
import { inertLogText } from './render/escape.js'
import { fitSummary } from './render/summary-limit.js'

let core: typeof Core | undefined

function loaded(): typeof Core {
  if (!core) throw new Error('internal: the action edge was used before open()')
  return core
}

/**
 * An input as the runner passes it (`with: cluster-name` arrives as INPUT_CLUSTER-NAME), trimmed:
 * what core.getInput(name) returns.
 */
export function readActionInput(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim()
}

/** core.setFailed(message) before core is loaded: the `error` workflow command, and exit code 1. */
export function failBeforeOpen(
  message: string,
  write: (text: string) => unknown = text => process.stdout.write(text)
): void {
  process.exitCode = 1
  // The workflow-command escaping of a message (core's escapeData).
  const data = message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
  write(`::error::${data}${EOL}`)
}

/**
 * The deploy command's output goes out verbatim inside a `::stop-commands::<token>` block, the
 * token random per block so the output cannot end it; the block is closed (`::<token>::`) before
 * any line of the action's own, so its annotations, masks and groups always act.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#stopping-and-starting-workflow-commands
 */
export class StoppedCommands {
  private token?: string
  constructor(
    private readonly write: (text: string) => unknown = text => process.stdout.write(text),
    private readonly newToken: () => string = randomUUID
  ) {}
  /** A line of the command's output. */
  output(line: string): void {
    if (!this.token) {
      this.token = this.newToken()
      this.write(`::stop-commands::${this.token}${EOL}`)
    }
    this.write(`${line}${EOL}`)
  }
  /** Before a line of the action's own. */
  resume(): void {
    if (!this.token) return
    this.write(`::${this.token}::${EOL}`)
    this.token = undefined
  }
}

const commandOutput = new StoppedCommands()

/** Core, once the command block (if any) is closed: what the action writes itself must act. */
function own(): typeof Core {
  const loadedCore = loaded()
  commandOutput.resume()
  return loadedCore
}

export const actionEdge: Edge = {
  open: async () => {
    core ??= await import('@actions/core')
  },
  input: name => readActionInput(process.env, name),
  setOutput: (name, value) => own().setOutput(name, value),
  setSecret: value => own().setSecret(value),
  // Our lines carry AWS's and Terraform's text: none of it may act as a workflow command.
  info: line => own().info(inertLogText(line)),
  commandOutput: line => commandOutput.output(line),
  debug: line => own().debug(inertLogText(line)),
  warning: (message, properties) => own().warning(message, properties),
  error: (message, properties) => own().error(message, properties),
  notice: (message, properties) => own().notice(message, properties),
  startGroup: title => own().startGroup(title),
  endGroup: () => own().endGroup(),
  saveState: (name, value) => own().saveState(name, value),
  state: name => loaded().getState(name),
  // GitHub drops error, warning and notice annotations past 10 each in a step.
  annotationsPerLevel: 10,
  setFailed: message => (core ? own().setFailed(message) : failBeforeOpen(message)),
  // The error annotation is already printed with the diagnosis; setFailed would print it twice.
  setVerdictFailed: () => {
    process.exitCode = 1
  },
  report: async (markdown, config, comment) => {
    const core = own()
    if (process.env.GITHUB_STEP_SUMMARY) {
      try {
        await core.summary.addRaw(fitSummary(markdown), true).write()
      } catch (error) {
        core.warning(`Could not write the job summary: ${errorMessage(error)}`)
      }
    }
    const { publishComment } = await import('./report/publish.js')
    await publishComment(config, comment ?? markdown)
  }
}
