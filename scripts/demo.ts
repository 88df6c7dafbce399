/**
 * `npm run demo`: the incident the README opens with (a node group CREATE_FAILED after 34 minutes),
 * replayed against the built-in AWS simulator in compressed time (34 minutes ≈ 34 seconds), through
 * the bundled action exactly as the GitHub runner runs it.
 *
 *   1. verify: the node group is creating and every launch is cancelled with
 *      Client.InvalidKMSKey.InvalidState; the guard fails within seconds, with the cause and the fix.
 *   2. deploy: the same world from the start; the guard patches the key policy, and the node group
 *      becomes ACTIVE.
 */
import { compressedInputs, startSession, type ActionRun } from '../sim/harness.js'
import { resolveScenario } from '../sim/scenarios.js'

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)

function show(run: ActionRun): void {
  console.log(bold('\nOutputs:'))
  for (const [name, value] of Object.entries(run.outputs)) console.log(`  ${name} = ${value}`)
  console.log(bold('\nJob summary (first lines):'))
  console.log(
    run.summary
      .split('\n')
      .filter(l => l.trim())
      .slice(0, 8)
      .map(l => `  ${l}`)
      .join('\n')
  )
  console.log(`\n  (exit code ${run.exitCode}, ${(run.durationMs / 1000).toFixed(1)} s wall-clock)`)
}

async function replay(title: string, mode: 'verify' | 'deploy'): Promise<ActionRun> {
  const scenario = resolveScenario('incident')
  const session = await startSession(scenario)
  console.log(bold(`\n=== ${title} ===`))
  console.log(
    `Simulated AWS at ${session.sim.url}; time runs ${scenario.timeScale}x faster (EKS would give up after ${(34 * 60) / scenario.timeScale} s).\n`
  )
  try {
    const run = await session.run({
      inputs: compressedInputs(scenario, { mode }),
      runner: 'bundle',
      echo: true
    })
    show(run)
    return run
  } finally {
    await session.close()
  }
}

const verify = await replay('1. verify: the incident, watched', 'verify')
const deploy = await replay(
  '2. deploy: the same incident, patched before the first launches give up',
  'deploy'
)
const ok =
  verify.outputs['root-cause'] === 'kms-policy-missing-autoscaling-role' &&
  deploy.outputs.result === 'success'
console.log(bold(`\nDemo ${ok ? 'finished as expected' : 'did NOT behave as expected'}.`))
process.exitCode = ok ? 0 : 1
