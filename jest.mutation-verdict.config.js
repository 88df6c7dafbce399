// The decisions' mutation run: the verdict, the failure table, the write plan and the merge, with their unit tests only.
import mutation from './jest.mutation.config.js'

export default {
  ...mutation,
  testMatch: [
    '**/__tests__/unit/{verdict,verdict-day2,verdict-unreadable,verdict-after-failure,verdict-launchers,verdict-late,verdict-edges,late-nodegroup,launchers-assess,watch,plan,merge}.test.ts'
  ]
}
