// Mutation testing of the core: the key policy evaluator, requirements and merge, the patch, the
// write plan, the failure table and the verdict. `npm run mutation` (minutes, on demand).
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
    'src/kms/conditions.ts',
    'src/kms/evaluate.ts',
    'src/kms/merge.ts',
    'src/kms/patch.ts',
    'src/kms/plan.ts',
    'src/kms/wildcard.ts',
    'src/model/failures.ts',
    'src/verdict/decide.ts',
    'src/verdict/history.ts'
  ],
  concurrency: 2,
  timeoutMS: 5000,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always'
}
