// Mutation testing of the core: the verdict and its rules, the failure table, the key policy
// evaluator, merge, patch and write plan, check's Terraform evaluator, instances and key-policy
// judge, the watch loop and the CLI. The areas, their files and their tests are in
// scripts/mutation-areas.mjs; `npm run mutation` runs them one by one (MUTATION_AREA=<area>, each
// with its own incremental file and report) and adds them up. Without MUTATION_AREA this config
// takes the whole core in one run: many hours on 2 cores.
import { areas, chosenArea } from './scripts/mutation-areas.mjs'

const area = chosenArea()

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings'],
  coverageAnalysis: 'perTest',
  // Regular-expression mutants (hundreds, in the failure table's patterns) are left out: each
  // alternation is a wording AWS uses, pinned by the failure-table tests rather than by mutants.
  mutator: { excludedMutations: ['Regex'] },
  mutate: area ? area.mutate : Object.values(areas).flatMap(a => a.mutate),
  concurrency: 2,
  // Each jest run under native ESM keeps its module graph: a worker grows by gigabytes and slows
  // down within minutes unless it is replaced now and then.
  maxTestRunnerReuse: 20,
  // The machine is shared: a generous timeout keeps a slow test from being counted as a kill.
  timeoutMS: 20000,
  // A static mutant (a module-level table or constant) reruns every test: left out to keep the run to hours.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `reports/stryker-${area?.name ?? 'core'}-incremental.json`,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${area?.name ?? 'core'}.json` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always'
}
