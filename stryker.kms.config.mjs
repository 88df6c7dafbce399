// `npm run mutation:kms`: the key policy evaluator (conditions, wildcards, NotPrincipal, the
// requirement sets) and the patch that writes it, with the unit tests that judge policies.
import base from './stryker.config.mjs'

export default {
  ...base,
  jest: { configFile: 'jest.mutation-kms.config.js', enableFindRelatedTests: false },
  mutate: [
    'src/kms/evaluate.ts',
    'src/kms/conditions.ts',
    'src/kms/wildcard.ts',
    'src/kms/requirements.ts',
    'src/kms/launchers.ts',
    'src/kms/patch*.ts',
    'src/kms/put-policy.ts',
    'src/kms/policy-text.ts'
  ],
  incrementalFile: 'reports/stryker-kms-incremental.json',
  jsonReporter: { fileName: 'reports/mutation/kms.json' }
}
