/** The GitHub Actions edge: @actions/core for inputs, outputs and the log; summary and PR comment. */
import * as core from '@actions/core'
import { errorMessage } from './aws/errors.js'
import type { Edge } from './edge.js'
import { publishComment } from './report/publish.js'

export const actionEdge: Edge = {
  input: name => core.getInput(name),
  setOutput: (name, value) => core.setOutput(name, value),
  setSecret: value => core.setSecret(value),
  info: line => core.info(line),
  debug: line => core.debug(line),
  warning: (message, properties) => core.warning(message, properties),
  error: (message, properties) => core.error(message, properties),
  notice: (message, properties) => core.notice(message, properties),
  startGroup: title => core.startGroup(title),
  endGroup: () => core.endGroup(),
  saveState: (name, value) => core.saveState(name, value),
  setFailed: message => core.setFailed(message),
  // The error annotation is already printed with the diagnosis; setFailed would print it twice.
  setVerdictFailed: () => {
    process.exitCode = 1
  },
  report: async (markdown, config, comment) => {
    if (process.env.GITHUB_STEP_SUMMARY) {
      try {
        await core.summary.addRaw(markdown, true).write()
      } catch (error) {
        core.warning(`Could not write the job summary: ${errorMessage(error)}`)
      }
    }
    await publishComment(config, comment ?? markdown)
  }
}
