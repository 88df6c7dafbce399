/**
 * `npm run scenarios [filter]`: every simulator scenario through the bundled action, in verify and
 * deploy mode, one line each: the quickest way to see what a change did to every verdict.
 */
import { readdirSync } from 'node:fs'
import { compressedInputs, startSession } from '../sim/harness.js'
import { resolveScenario, SCENARIO_DIR } from '../sim/scenarios.js'
const only = process.argv[2]
for (const file of readdirSync(SCENARIO_DIR).filter(f => f.endsWith('.json'))) {
  const name = file.replace('.json', '')
  if (only && !name.includes(only)) continue
  for (const mode of ['verify', 'deploy']) {
    const scenario = resolveScenario(name)
    const s = await startSession(scenario)
    const r = await s.run({ inputs: compressedInputs(scenario, { mode }) })
    const puts = s.sim.world.calls.filter(c => c.operation === 'PutKeyPolicy').length
    console.log(
      `${name.padEnd(28)} ${mode.padEnd(6)} exit=${r.exitCode} result=${r.outputs.result} cause=${r.outputs['root-cause']} code=${r.outputs['failure-code']} changed=${r.outputs['policy-changed']} puts=${puts} after=${r.outputs['detected-after-seconds']} ${(r.durationMs / 1000).toFixed(1)}s`
    )
    if (!r.outputs.result || process.env.V)
      console.log(
        r.stdout
          .split('\n')
          .filter(l => /error|warning|::/.test(l))
          .slice(0, 6)
          .join('\n')
      )
    await s.close()
  }
}
