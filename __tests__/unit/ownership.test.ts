/**
 * Every module of src/ has a test that owns it: a test file that imports it, or a row of the
 * README's "Which test owns which module" table naming the test that exercises it (and why not a
 * unit test). The row's test must really reach the module through its imports — static, dynamic
 * and through the simulator's harness — so a row cannot name a test that never runs the code. Rows
 * owned by the bundle tier (which spawns dist/) are exempt from that reach.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const BUNDLE_TIER = '__tests__/bundle/bundle.test.ts'

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return files(path)
    return /\.(ts|mts)$/.test(entry.name) && !/\.d\.c?ts$/.test(entry.name) ? [path] : []
  })
}

const SPECIFIER = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g

/** The repository files a file imports (relative specifiers, .js written for .ts). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  return [...text.matchAll(SPECIFIER)].flatMap(match => {
    const target = join(dirname(file), match[1])
    const candidates = [target.replace(/\.js$/, '.ts'), target.replace(/\.mjs$/, '.mts'), target]
    const found = candidates.find(c => /\.(ts|mts)$/.test(c) && existsSync(join(ROOT, c)))
    return found ? [found] : []
  })
}

/** Everything a file reaches through its imports. */
function reach(file: string, seen = new Set<string>()): Set<string> {
  for (const next of importsOf(file)) {
    if (seen.has(next)) continue
    seen.add(next)
    reach(next, seen)
  }
  return seen
}

interface Row {
  pattern: RegExp
  glob: string
  owner: string
  why: string
}

/** The README's table: | `glob` | `owner test` | why |, between its markers. */
function ownershipRows(): Row[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const block = /<!-- owners:start -->([\s\S]*?)<!-- owners:end -->/.exec(readme)?.[1] ?? ''
  return [...block.matchAll(/^\| `([^`]+)` \| `([^`]+)` \| (.+) \|$/gm)].map(m => ({
    glob: m[1],
    owner: m[2],
    why: m[3],
    pattern: new RegExp(
      `^${m[1]
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '(?:.*/)?')
        .replace(/\*/g, '[^/]*')}$`
    )
  }))
}

const sources = files('src').filter(f => f.endsWith('.ts'))
const tests = files('__tests__').filter(f => f.endsWith('.test.ts'))
const importedByATest = new Set(tests.flatMap(importsOf))
const rows = ownershipRows()

describe('which test owns which module', () => {
  it('the README has the table', () => {
    expect(rows.length).toBeGreaterThan(0)
  })

  it.each(sources)('%s is owned by a test', source => {
    if (importedByATest.has(source)) return
    const row = rows.find(r => r.pattern.test(source))
    if (!row)
      throw new Error(
        `${source}: no test imports it, and no row of the README's ownership table names the test that owns it`
      )
    expect(existsSync(join(ROOT, row.owner))).toBe(true)
    if (row.owner !== BUNDLE_TIER) expect([...reach(row.owner)]).toContain(source)
  })

  it('every row names something a test does not import already, and says why', () => {
    for (const row of rows) {
      const matched = sources.filter(s => row.pattern.test(s) && !importedByATest.has(s))
      expect({ row: row.glob, matched: matched.length > 0 }).toEqual({
        row: row.glob,
        matched: true
      })
      expect(row.why.length).toBeGreaterThan(20)
    }
  })
})
