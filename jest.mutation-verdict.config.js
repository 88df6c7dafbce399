// The fast half of the mutation run: the verdict, the write plan and the merge, with their unit tests only.
import mutation from './jest.mutation.config.js'

export default {
  ...mutation,
  testMatch: [
    '**/__tests__/unit/{verdict,verdict-day2,verdict-unreadable,watch,plan,merge}.test.ts'
  ]
}
