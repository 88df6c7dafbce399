// check's mutation run: the unit tests of the Terraform reader, evaluator and judge. The corpus
// parse (seconds, and only when the cache exists) is left out: it pins the parser, not the evaluator.
import mutation from './jest.mutation.config.js'

export default {
  ...mutation,
  testMatch: [
    '**/__tests__/unit/{terraform,check-*}.test.ts',
    '**/__tests__/hostile/{regex,sandbox}.test.ts',
    '!**/__tests__/unit/check-parser-corpus.test.ts'
  ]
}
