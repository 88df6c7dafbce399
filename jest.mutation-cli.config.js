// The CLI's mutation run: its unit tests, its exit codes as a process, and the watch loop's tests.
import mutation from './jest.mutation.config.js'

export default {
  ...mutation,
  testMatch: [
    '**/__tests__/unit/{cli,watch,watch-loop}.test.ts',
    '**/__tests__/e2e/cli-exit.test.ts'
  ]
}
