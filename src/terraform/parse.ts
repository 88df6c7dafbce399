/**
 * Reading Terraform without running it: find the .tf files, parse them with HashiCorp's own HCL
 * parser (compiled to WASM in @cdktf/hcl2json), and locate blocks and attributes by line for
 * annotations. A file that does not parse is reported and skipped; the others still count.
 */
import { readFile, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { glob } from 'tinyglobby'

type Hcl2Json = typeof import('@cdktf/hcl2json')
let hcl: Promise<Hcl2Json> | undefined

/** The parser loads a WASM module; only check mode pays for it. */
export function parser(): Promise<Hcl2Json> {
  hcl ??= (() => {
    // hcl2json (CommonJS) reads join(__dirname, '..', 'main.wasm.gz'). In the ESM bundle ncc leaves
    // that __dirname free, so point it at the copy `npm run package` puts in dist/hcl2json/.
    // Unbundled, the package's own CommonJS __dirname shadows this global.
    const scope = globalThis as { __dirname?: string }
    scope.__dirname ??= join(dirname(fileURLToPath(import.meta.url)), 'hcl2json', 'lib')
    return import('@cdktf/hcl2json')
  })()
  return hcl
}

export type Block = Record<string, unknown>

export interface TfFile {
  path: string
  /** Path relative to the working directory, as annotations want it. */
  display: string
  dir: string
  source: string
  body: Record<string, unknown>
}

export interface ParseProblem {
  path: string
  message: string
}

/** Expands folders and globs into .tf files (never inside .terraform/). */
export async function findTfFiles(paths: string[], cwd: string): Promise<string[]> {
  const patterns: string[] = []
  for (const raw of paths) {
    const absolute = isAbsolute(raw) ? raw : resolve(cwd, raw)
    const info = await stat(absolute).catch(() => undefined)
    if (info?.isDirectory()) patterns.push(`${relative(cwd, absolute) || '.'}/**/*.tf`)
    else if (info?.isFile()) patterns.push(relative(cwd, absolute))
    else patterns.push(raw)
  }
  const files = await glob(patterns, {
    cwd,
    absolute: true,
    ignore: ['**/.terraform/**', '**/node_modules/**'],
    dot: false
  })
  return [...new Set(files)].filter(f => f.endsWith('.tf')).sort()
}

export async function parseFiles(
  paths: string[],
  cwd: string
): Promise<{ files: TfFile[]; problems: ParseProblem[] }> {
  const { parse } = await parser()
  const files: TfFile[] = []
  const problems: ParseProblem[] = []
  for (const path of paths) {
    const display = relative(cwd, path) || path
    try {
      const source = await readFile(path, 'utf8')
      const body = (await parse(display, source)) as Record<string, unknown>
      files.push({ path, display, dir: dirname(path), source, body })
    } catch (error) {
      problems.push({
        path: display,
        message: String(error instanceof Error ? error.message : error).split('\n')[0]
      })
    }
  }
  return { files, problems }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** 1-based line of `resource "type" "name"` (or data/module) in the file. */
export function blockLine(file: TfFile, kind: string, labels: string[]): number | undefined {
  const pattern = new RegExp(
    `^[ \t]*${escape(kind)}\\s+${labels.map(l => `"${escape(l)}"`).join('\\s+')}\\s*\\{`,
    'm'
  )
  const match = pattern.exec(file.source)
  return match ? file.source.slice(0, match.index).split('\n').length : undefined
}

/** 1-based line of the first `attribute =` at or after a line. */
export function attributeLine(file: TfFile, attribute: string, fromLine = 1): number | undefined {
  const lines = file.source.split('\n')
  const pattern = new RegExp(`^\\s*${escape(attribute)}\\s*=`)
  for (let i = fromLine - 1; i < lines.length; i++) if (pattern.test(lines[i])) return i + 1
  return undefined
}
