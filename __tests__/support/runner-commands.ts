/**
 * The workflow commands a runner would act on in a step's output, read as the runner reads them:
 * a line is a command when, after leading blanks, it starts with `::` (or holds `##[`, the older
 * syntax); between `::stop-commands::<token>` and `::<token>::` nothing is a command.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
export interface RunnerCommand {
  name: string
  properties: string
  data: string
}

export function runnerCommands(stdout: string): { commands: RunnerCommand[]; stopped: boolean } {
  const commands: RunnerCommand[] = []
  let stopToken: string | undefined
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trimStart()
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined
      continue
    }
    const v2 = /^::([A-Za-z-]+)( [^:]*)?::(.*)$/.exec(line)
    if (v2) {
      if (v2[1] === 'stop-commands') stopToken = v2[3]
      else commands.push({ name: v2[1], properties: (v2[2] ?? '').trim(), data: v2[3] })
      continue
    }
    const v1 = /##\[([A-Za-z-]+)[^\]]*\](.*)$/.exec(line)
    if (v1) commands.push({ name: v1[1], properties: '', data: v1[2] })
  }
  return { commands, stopped: stopToken !== undefined }
}
