// Native ESM jest: @actions/core 3 and @actions/github 9 ship only an `import` export.
export default {
  clearMocks: true,
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  preset: 'ts-jest',
  resolver: 'ts-jest-resolver',
  testEnvironment: 'node',
  testMatch: ['**/__tests__/**/*.test.ts'],
  // The bundle tier (__tests__/bundle) runs dist/ and has its own command: npm run test:bundle.
  testPathIgnorePatterns: ['/dist/', '/node_modules/', '/__tests__/bundle/', '/.stryker-tmp/'],
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true }]
  },
  // End-to-end tests spawn the bundle and a simulator; keep them from starving each other.
  maxWorkers: 2,
  // A worker that has loaded many ESM test files holds a heap near 1 GB; freeing it at the end of the
  // run takes longer than the half second jest gives a worker to exit, so jest force-exits it and
  // warns "failed to exit gracefully" although nothing leaked (its event loop is already empty).
  // A worker is replaced after a file once its heap passes this, so each one ends small
  // (https://jestjs.io/docs/configuration#workeridlememorylimit-numberstring).
  workerIdleMemoryLimit: '512MB',
  // Coverage of the source the tests drive in process (the bundle tier is not counted).
  collectCoverageFrom: ['src/**/*.ts', '!src/index.ts', '!src/post.ts'],
  coverageReporters: ['text-summary', 'json-summary'],
  coverageThreshold: { global: { lines: 85, branches: 75 } },
  // Simulated time makes outcomes independent of load; on a starved machine a long scenario still
  // takes real minutes, so the per-test limit only catches hangs.
  testTimeout: 180000
}
