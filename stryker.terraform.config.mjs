// `npm run mutation:terraform`: check's Terraform evaluator (expressions, functions, instances)
// and its judge of key policies, with check's unit tests.
import base from './stryker.config.mjs'

export default {
  ...base,
  jest: { configFile: 'jest.mutation-terraform.config.js', enableFindRelatedTests: false },
  mutate: [
    'src/terraform/eval/*.ts',
    'src/terraform/config/instance.ts',
    'src/terraform/config/expand.ts',
    'src/terraform/judge/key-policy.ts'
  ],
  incrementalFile: 'reports/stryker-terraform-incremental.json',
  jsonReporter: { fileName: 'reports/mutation/terraform.json' }
}
