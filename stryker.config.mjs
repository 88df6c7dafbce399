// Mutation testing of the whole core: the key policy evaluator and merge, the patch, the write plan,
// the failure table, the verdict, the watch loop, check's Terraform evaluator and the CLI.
// `npm run mutation` runs it area by area (stryker.<area>.config.mjs, each with its own tests) and adds
// the areas up; `npx stryker run` runs it in one piece (hours on 2 cores).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings'],
  coverageAnalysis: 'perTest',
  // Regular-expression mutants (hundreds, in the failure table's patterns) are left out: each
  // alternation is a wording AWS uses, pinned by the failure-table tests rather than by mutants.
  mutator: { excludedMutations: ['Regex'] },
  mutate: [
    // The key policy evaluator, the requirements, the merge, the patch and the write plan.
    'src/kms/conditions.ts',
    'src/kms/evaluate.ts',
    'src/kms/merge.ts',
    'src/kms/patch*.ts',
    'src/kms/put-policy.ts',
    'src/kms/policy-text.ts',
    'src/kms/plan.ts',
    'src/kms/wildcard.ts',
    'src/kms/requirements.ts',
    'src/kms/launchers.ts',
    // The failure table, the verdict and the watch loop's schedule.
    'src/model/failures.ts',
    'src/verdict/*.ts',
    'src/watch/loop.ts',
    // check: the Terraform evaluator, its functions, the instances, and the judge of key policies.
    'src/terraform/eval/*.ts',
    'src/terraform/config/instance.ts',
    'src/terraform/config/expand.ts',
    'src/terraform/judge/key-policy.ts',
    // The CLI's edge: arguments and exit codes.
    'src/cli/*.ts'
  ],
  concurrency: 2,
  // Each jest run under native ESM keeps its module graph: a worker grows by gigabytes and slows
  // down within minutes unless it is replaced now and then.
  maxTestRunnerReuse: 20,
  // The machine is shared: a generous timeout keeps a slow test from being counted as a kill.
  timeoutMS: 15000,
  // A static mutant (a module-level table or constant) reruns every test: left out to keep the run to hours.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always'
}
