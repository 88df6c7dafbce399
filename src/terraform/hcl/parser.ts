/**
 * Loads tree-sitter's HCL grammar (tree-sitter-grammars/tree-sitter-hcl) on web-tree-sitter:
 * about 300 kB of WASM, loaded once, and only when check mode runs.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Language, Parser } from 'web-tree-sitter'
import treeSitter from './web-tree-sitter.cjs'

let loading: Promise<Parser> | undefined

/** The WASM files: beside the bundle (dist/tree-sitter/), else in node_modules (tests, scripts). */
function wasmPath(file: string, packageDir: string): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const bundled = join(here, 'tree-sitter', file)
  if (existsSync(bundled)) return bundled
  for (let dir = here; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', packageDir, file)
    if (existsSync(candidate)) return candidate
  }
  throw new Error(`${file} was not found beside the action or in node_modules`)
}

/** Loads the parser once; only check mode pays for it. */
export function hclParser(): Promise<Parser> {
  loading ??= (async () => {
    // The CommonJS build reads `__dirname` (only as a default for locateFile): an ES module has none.
    const scope = globalThis as { __dirname?: string }
    scope.__dirname ??= dirname(fileURLToPath(import.meta.url))
    const { Parser: TsParser, Language: TsLanguage } = treeSitter
    await TsParser.init({
      locateFile: () => wasmPath('web-tree-sitter.wasm', 'web-tree-sitter')
    })
    const language: Language = await TsLanguage.load(
      wasmPath('tree-sitter-hcl.wasm', '@tree-sitter-grammars/tree-sitter-hcl')
    )
    const parser = new TsParser()
    parser.setLanguage(language)
    ready = parser
    return parser
  })()
  return loading
}

let ready: Parser | undefined

/** The parser once hclParser() has loaded it (templatefile parses synchronously). */
export function loadedParser(): Parser | undefined {
  return ready
}
