// Stryker's jest run: the in-process unit tests of the core, without coverage thresholds (Stryker
// measures its own coverage per test). They take seconds, so even a module-level mutant (one in
// the failure table) that must rerun every test stays cheap.
import base from './jest.config.js'

export default {
  ...base,
  coverageThreshold: undefined,
  // Stryker runs these from inside its sandbox (.stryker-tmp/…), which the main config ignores.
  testPathIgnorePatterns: ['/dist/', '/node_modules/'],
  modulePathIgnorePatterns: [],
  collectCoverage: false,
  testMatch: [
    '**/__tests__/unit/{policy,verdict,verdict-day2,verdict-unreadable,watch,watch-loop,plan,patch,merge,key-assessment}.test.ts',
    '**/__tests__/unit/{check-evaluate,check-functions,check-instances,check-modules,check-situations,check-variables,check-override,terraform,cli}.test.ts',
    '**/__tests__/hostile/regex.test.ts',
    '**/__tests__/e2e/cli-exit.test.ts'
  ]
}
