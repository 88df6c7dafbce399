// `npm run mutation:verdict`: the decisions (the verdict and its rules, the failure table, the
// write plan and the merge) with their unit tests only.
import base from './stryker.config.mjs'

export default {
  ...base,
  jest: { configFile: 'jest.mutation-verdict.config.js', enableFindRelatedTests: false },
  mutate: ['src/verdict/*.ts', 'src/model/failures.ts', 'src/kms/plan.ts', 'src/kms/merge.ts'],
  incrementalFile: 'reports/stryker-verdict-incremental.json',
  jsonReporter: { fileName: 'reports/mutation/verdict.json' }
}
