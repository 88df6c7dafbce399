import { run } from './main.js'

/*
 * The bundle's entry. The runner cancels a job with SIGINT, then SIGTERM: both stop the watch
 * loop, and run() still writes what it saw before the process exits.
 */
const controller = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort(signal))
}
await run({ signal: controller.signal })
