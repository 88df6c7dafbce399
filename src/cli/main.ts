/** The CLI: the same run as the action (src/main.ts runWith), at its own edge. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clock } from '../clock.js'
import { runWith } from '../main.js'
import { parseCli, USAGE, UsageError } from './args.js'
import { cliEdge, finalOutput } from './edge.js'

export interface CliIo {
  out: (text: string) => void
  err: (text: string) => void
  signal?: AbortSignal
  version?: string
  /** The watch's clock (tests run the CLI on the simulator's time). */
  clock?: Clock
}

/** Runs the CLI; resolves to the exit code. */
export async function cli(argv: string[], io: CliIo): Promise<number> {
  let args
  try {
    args = parseCli(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.err(`eks-kms-guard: ${error.message}\n\n${USAGE}`)
    return 2
  }
  if (args.help) {
    io.out(USAGE)
    return 0
  }
  if (args.version) {
    io.out(io.version ?? 'unknown')
    return 0
  }
  const edge = cliEdge(args, io)
  // The timeline and SARIF files a run writes go to a folder of this run's own, removed at the
  // end: a terminal has no runner to clean its temp folder. What the user asked for is printed
  // (--format sarif) or written where they said (--report).
  const scratch = mkdtempSync(join(tmpdir(), 'eks-kms-guard-'))
  const runnerTemp = process.env.RUNNER_TEMP
  process.env.RUNNER_TEMP = scratch
  try {
    await runWith(edge, { signal: io.signal, clock: io.clock })
    delete edge.outputs['sarif-file']
    delete edge.outputs['timeline-file']
    const final = finalOutput(args, edge, scratch)
    if (final !== undefined) io.out(final)
    return edge.exitCode
  } finally {
    if (runnerTemp === undefined) delete process.env.RUNNER_TEMP
    else process.env.RUNNER_TEMP = runnerTemp
    rmSync(scratch, { recursive: true, force: true })
  }
}
