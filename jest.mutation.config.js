// Stryker's jest run: the in-process unit tests of the core (those of the area MUTATION_AREA
// names, or of every area), without coverage thresholds (Stryker measures its own coverage per test).
import base from './jest.config.js'
import { areas, chosenArea } from './scripts/mutation-areas.mjs'

const area = chosenArea()

export default {
  ...base,
  coverageThreshold: undefined,
  // Stryker runs these from inside its sandbox (.stryker-tmp/…), which the main config ignores.
  testPathIgnorePatterns: ['/dist/', '/node_modules/'],
  modulePathIgnorePatterns: [],
  collectCoverage: false,
  testMatch: area ? area.tests : [...new Set(Object.values(areas).flatMap(a => a.tests))]
}
