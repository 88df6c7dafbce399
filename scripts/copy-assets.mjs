// Files the bundle reads at run time that ncc does not carry over by itself.
import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const hcl2json = dirname(require.resolve('@cdktf/hcl2json/package.json'))
mkdirSync('dist/hcl2json', { recursive: true })
copyFileSync(join(hcl2json, 'main.wasm.gz'), 'dist/hcl2json/main.wasm.gz')
