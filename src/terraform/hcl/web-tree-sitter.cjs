// web-tree-sitter's CommonJS build, required statically so the bundler carries it into dist/
// (a runner has no node_modules). Its ESM build reaches createRequire through `import("module")`,
// which the bundle's interop loses.
module.exports = require('web-tree-sitter')
