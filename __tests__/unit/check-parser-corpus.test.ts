/**
 * The HCL reader on a large body of real Terraform nobody here wrote: every configuration file of
 * the community modules at several major versions (scripts/corpus-pins.ts), fetched into a cache
 * outside the repository by `npm run corpus`. Every file must parse — except a file `terraform fmt`
 * itself rejects, which Terraform could not read either. Without the cache the test is skipped,
 * saying so.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseHcl } from '../../src/terraform/hcl/parse.js'
import { parseTfJson } from '../../src/terraform/hcl/json.js'
import { CORPUS_FILE, CORPUS_PINS, corpusRoot, pinDir } from '../../scripts/corpus-pins.js'

const root = corpusRoot()
const present = CORPUS_PINS.filter(pin => existsSync(pinDir(root, pin)))

function walk(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path, found)
    else if (CORPUS_FILE.test(name)) found.push(path)
  }
  return found
}

/** Whether Terraform's own formatter rejects the text (a syntax error); undefined without it. */
function terraformRejects(text: string): boolean | undefined {
  const run = spawnSync('terraform', ['fmt', '-no-color', '-'], {
    input: text,
    env: { ...process.env, TF_CLI_CONFIG_FILE: '' },
    encoding: 'utf8'
  })
  if (run.error) return undefined
  return run.status !== 0
}

async function failure(file: string): Promise<string | undefined> {
  const text = readFileSync(file, 'utf8')
  const parsed = file.endsWith('.json') ? await parseTfJson(text, file) : await parseHcl(text, file)
  if (!parsed.error) return undefined
  return `${relative(root, file)}:${parsed.error.pos.line}: ${parsed.error.message}`
}

if (present.length === 0) {
  describe('the HCL corpus', () => {
    it.skip(`is not cached in ${root}: run \`npm run corpus\` to fetch it`, () => {})
  })
} else {
  describe('the HCL corpus', () => {
    it(`every file of ${present.length} pinned module tags parses`, async () => {
      const files = present.flatMap(pin => walk(pinDir(root, pin)))
      expect(files.length).toBeGreaterThan(present.length)
      const failures: { file: string; message: string }[] = []
      for (const file of files) {
        const message = await failure(file)
        if (message) failures.push({ file, message })
      }
      // A file Terraform rejects too is no fault of ours; JSON is not HCL for `terraform fmt`.
      const ours = failures.filter(
        ({ file }) =>
          file.endsWith('.json') || terraformRejects(readFileSync(file, 'utf8')) !== true
      )
      expect(ours.map(f => f.message)).toEqual([])
    })
  })
}
