// The bundle tier: dist/index.js and dist/post/index.js as the runner runs them (after npm run package).
import base from './jest.config.js'

export default {
  ...base,
  testMatch: ['**/__tests__/bundle/**/*.test.ts'],
  testPathIgnorePatterns: ['/dist/', '/node_modules/', '/.stryker-tmp/']
}
