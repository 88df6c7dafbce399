// `npm run mutation:kms`: a complete mutation run of the key policy evaluator (conditions,
// wildcards, NotPrincipal, the requirement sets) with the unit tests that judge policies.
import base from './stryker.config.mjs'

export default {
  ...base,
  jest: { configFile: 'jest.mutation-kms.config.js', enableFindRelatedTests: false },
  mutate: [
    'src/kms/evaluate.ts',
    'src/kms/conditions.ts',
    'src/kms/wildcard.ts',
    'src/kms/requirements.ts',
    'src/kms/launchers.ts'
  ],
  // The machine is shared: a generous timeout keeps a slow test from being counted as a kill.
  timeoutMS: 30000,
  incrementalFile: 'reports/stryker-kms-incremental.json',
  jsonReporter: { fileName: 'reports/mutation/kms.json' }
}
