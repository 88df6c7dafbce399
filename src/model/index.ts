/** The domain types every layer imports (downward): this module imports nothing of ours above it. */
export * from './causes.js'
export * from './day2.js'
export * from './keys.js'
export * from './outcome.js'
export * from './policy.js'
export * from './timeline.js'
export * from './watch.js'
