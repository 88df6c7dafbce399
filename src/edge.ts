/**
 * Where a run meets the outside world: inputs, outputs, the log, and the report. The action and
 * the CLI differ only here; everything behind `runWith` is shared.
 */
import type { AnnotationProperties } from '@actions/core'
import type { Config } from './inputs.js'

export interface Edge {
  input(name: string): string
  /**
   * Called once the inputs are valid, before anything else is used: an edge may load what only a
   * valid run needs (the action's @actions/core).
   */
  open?(): Promise<void>
  setOutput(name: string, value: string): void
  setSecret(value: string): void
  info(line: string): void
  /**
   * A line of the deploy command's output, printed as it came but unable to act as a workflow
   * command (the action edge prints it inside a stop-commands block). Unset: `info`.
   */
  commandOutput?(line: string): void
  debug(line: string): void
  warning(message: string, properties?: AnnotationProperties): void
  error(message: string, properties?: AnnotationProperties): void
  notice(message: string, properties?: AnnotationProperties): void
  startGroup(title: string): void
  endGroup(): void
  saveState(name: string, value: string): void
  /** What the main step saved with saveState, read by the post step ('' when nothing was saved). */
  state?(name: string): string
  /** Annotations of each level the log shows; unset: all (GitHub shows 10 a step). */
  annotationsPerLevel?: number
  /** The run could not start or crashed: the message, and a failed step (exit code). */
  setFailed(message: string): void
  /**
   * The step's verdict was not success: a finding, or (`couldNotLook`) a run that could not look
   * at all. The action fails the step either way; the CLI exits 1 or 2.
   */
  setVerdictFailed(couldNotLook?: boolean): void
  /**
   * The report: the full one for the job summary (and the CLI's --report file), and the compact
   * one for the pull request comment on GitHub (the full one when not given).
   */
  report(markdown: string, config: Config, comment?: string): Promise<void>
}
