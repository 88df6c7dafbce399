// Files the bundle reads at run time that ncc does not carry over by itself: the WASM of the
// tree-sitter runtime and of the HCL grammar, beside dist/index.js (src/terraform/hcl/parse.ts).
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const grammar = dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json'))
const runtime = dirname(require.resolve('web-tree-sitter'))
mkdirSync('dist/tree-sitter', { recursive: true })
copyFileSync(join(runtime, 'web-tree-sitter.wasm'), 'dist/tree-sitter/web-tree-sitter.wasm')
copyFileSync(join(grammar, 'tree-sitter-hcl.wasm'), 'dist/tree-sitter/tree-sitter-hcl.wasm')

// The CLI's executable: the same bundle as the action, told to read argv instead of INPUT_*.
writeFileSync(
  'dist/cli.js',
  "#!/usr/bin/env node\nglobalThis.__EKS_KMS_GUARD_CLI__ = true\nawait import('./index.js')\n"
)
chmodSync('dist/cli.js', 0o755)
