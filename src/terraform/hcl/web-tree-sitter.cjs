// web-tree-sitter's CommonJS build, required statically so the bundler carries it into dist/
// (a runner has no node_modules). Its ESM build reaches createRequire through `import("module")`,
// which the bundle's interop loses.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a static require is the point
module.exports = require('web-tree-sitter')
