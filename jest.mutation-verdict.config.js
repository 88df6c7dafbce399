// The fast half of the mutation run: the verdict and the write plan, with their unit tests only.
import mutation from './jest.mutation.config.js'

export default {
  ...mutation,
  testMatch: ['**/__tests__/unit/{verdict,verdict-day2,watch,plan}.test.ts']
}
