// `npm run mutation:verdict`: a complete mutation run of the decisions (the verdict, the history
// rules, the write plan and the merge) in minutes, with their unit tests only.
import base from './stryker.config.mjs'

export default {
  ...base,
  jest: { configFile: 'jest.mutation-verdict.config.js', enableFindRelatedTests: false },
  mutate: ['src/verdict/*.ts', 'src/kms/plan.ts', 'src/kms/merge.ts'],
  incrementalFile: 'reports/stryker-verdict-incremental.json',
  jsonReporter: { fileName: 'reports/mutation/verdict.json' }
}
