// `npm run mutation:cli`: the CLI's arguments and exit codes, and the watch loop's schedule.
import base from './stryker.config.mjs'

export default {
  ...base,
  jest: { configFile: 'jest.mutation-cli.config.js', enableFindRelatedTests: false },
  mutate: ['src/cli/*.ts', 'src/watch/loop.ts'],
  incrementalFile: 'reports/stryker-cli-incremental.json',
  jsonReporter: { fileName: 'reports/mutation/cli.json' }
}
