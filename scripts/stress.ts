/**
 * The suite under load: `npm run test:stress -- [--runs N] [--hogs N] [jest paths…]` runs the tests
 * N times (5 by default) while busy-looping processes (one per core by default) take the CPU away
 * from them, and fails unless every run passed. A test whose verdict depends on how busy the
 * machine is fails here.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'

const { values, positionals } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    hogs: { type: 'string', default: String(availableParallelism()) }
  },
  allowPositionals: true
})
const runs = Number(values.runs)
const hogCount = Number(values.hogs)
for (const [name, value] of [
  ['--runs', runs],
  ['--hogs', hogCount]
] as const) {
  if (!Number.isInteger(value) || value < 0 || (name === '--runs' && value < 1)) {
    console.error(`${name} takes a whole number${name === '--runs' ? ' from 1' : ''}`)
    process.exit(2)
  }
}

const hogs: ChildProcess[] = []
function stopHogs(): void {
  for (const hog of hogs.splice(0)) hog.kill('SIGKILL')
}
process.on('exit', stopHogs)
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    stopHogs()
    process.exit(130)
  })
for (let i = 0; i < hogCount; i++)
  hogs.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }))

const results: { run: number; passed: boolean; seconds: number }[] = []
for (let run = 1; run <= runs; run++) {
  const started = Date.now()
  const jest = spawnSync(
    process.execPath,
    ['node_modules/jest/bin/jest.js', '--coverage=false', ...positionals],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim(),
        NODE_NO_WARNINGS: '1'
      }
    }
  )
  const seconds = (Date.now() - started) / 1000
  results.push({ run, passed: jest.status === 0, seconds })
  console.log(
    `stress run ${run}/${runs}: ${jest.status === 0 ? 'passed' : 'FAILED'} in ${seconds.toFixed(0)} s beside ${hogCount} busy process(es)`
  )
}
stopHogs()
const passed = results.filter(r => r.passed).length
console.log(`stress: ${passed} of ${runs} runs passed beside ${hogCount} busy process(es)`)
process.exit(passed === runs ? 0 : 1)
