import { run } from './main.js'

/*
 * The bundle's entry, for the action and (through dist/cli.js, which sets the flag) the CLI: one
 * bundle, one copy of the AWS SDK. The runner cancels a job with SIGINT, then SIGTERM: both stop
 * the watch loop, and the run still writes what it saw before the process exits.
 */
const controller = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort(signal))
}
if ((globalThis as { __EKS_KMS_GUARD_CLI__?: boolean }).__EKS_KMS_GUARD_CLI__) {
  const { runCli } = await import('./cli/run.js')
  await runCli(controller.signal)
} else {
  await run({ signal: controller.signal })
}
