// The key policy evaluator's mutation run: the evaluator, its conditions and wildcards, the
// requirement sets and the patch, with the unit tests that judge policies (the independent oracle included).
import mutation from './jest.mutation.config.js'

export default {
  ...mutation,
  testMatch: [
    '**/__tests__/unit/{policy,policy-conditions,policy-statements,decidable,launcher-requirements,merge,patch,plan,key-assessment,cross-account}.test.ts'
  ]
}
