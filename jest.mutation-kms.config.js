// The key policy evaluator's mutation run: the evaluator, its conditions and wildcards, and the
// requirement sets, with the unit tests that judge policies (the independent oracle included).
import mutation from './jest.mutation.config.js'

export default {
  ...mutation,
  testMatch: [
    '**/__tests__/unit/{policy,decidable,launcher-requirements,merge,patch,plan,key-assessment}.test.ts'
  ]
}
