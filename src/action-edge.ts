/**
 * The GitHub Actions edge: @actions/core for outputs, the log and the summary; the PR comment.
 *
 * @actions/core cannot be imported without @actions/http-client and undici (a 1 MB chunk, about
 * 80 ms of a 120 ms start), which only its OIDC helper needs. So inputs are read the way the
 * runner passes them, and core loads in `open()`, once they are valid: a run that fails on its
 * inputs starts and ends in the time of a bare `node`.
 */
import type * as Core from '@actions/core'
import { EOL } from 'node:os'
import { errorMessage } from './aws/errors.js'
import type { Edge } from './edge.js'
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

export const actionEdge: Edge = {
  open: async () => {
    core ??= await import('@actions/core')
  },
  input: name => readActionInput(process.env, name),
  setOutput: (name, value) => loaded().setOutput(name, value),
  setSecret: value => loaded().setSecret(value),
  info: line => loaded().info(line),
  debug: line => loaded().debug(line),
  warning: (message, properties) => loaded().warning(message, properties),
  error: (message, properties) => loaded().error(message, properties),
  notice: (message, properties) => loaded().notice(message, properties),
  startGroup: title => loaded().startGroup(title),
  endGroup: () => loaded().endGroup(),
  saveState: (name, value) => loaded().saveState(name, value),
  state: name => loaded().getState(name),
  // GitHub drops error, warning and notice annotations past 10 each in a step.
  annotationsPerLevel: 10,
  setFailed: message => (core ? core.setFailed(message) : failBeforeOpen(message)),
  // The error annotation is already printed with the diagnosis; setFailed would print it twice.
  setVerdictFailed: () => {
    process.exitCode = 1
  },
  report: async (markdown, config, comment) => {
    const core = loaded()
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
