/** The CLI: the same run as the action (src/main.ts runWith), at its own edge. */
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
  await runWith(edge, { signal: io.signal, clock: io.clock })
  const final = finalOutput(args, edge)
  if (final !== undefined) io.out(final)
  return edge.exitCode
}
