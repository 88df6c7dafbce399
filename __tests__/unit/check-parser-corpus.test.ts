/**
 * The HCL reader on a large body of real Terraform nobody here wrote: every configuration file of
 * the community modules at several major versions (scripts/corpus-pins.ts), fetched into a cache
 * outside the repository by `npm run corpus`. Every file must parse — except a file `terraform fmt`
 * itself rejects, which Terraform could not read either. And check runs on the examples of the
 * EKS, Auto Scaling and KMS modules (each resolving its module from the tag's own files) without
 * a crash. Without the cache the tests are skipped, saying so.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseHcl } from '../../src/terraform/hcl/parse.js'
import { parseTfJson } from '../../src/terraform/hcl/json.js'
import { runCheck } from '../../src/terraform/check.js'
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

    it('check reads every example of the EKS, Auto Scaling and KMS modules without a crash', async () => {
      const examples = present
        .filter(pin => /-(eks|autoscaling|kms)$/.test(pin.repo))
        .flatMap(pin => {
          const dir = join(pinDir(root, pin), 'examples')
          if (!existsSync(dir)) return []
          return readdirSync(dir)
            .filter(name => statSync(join(dir, name)).isDirectory())
            .map(name => ({ cwd: pinDir(root, pin), path: join('examples', name) }))
        })
      const crashes: string[] = []
      for (const { cwd, path } of examples) {
        try {
          const outcome = await runCheck({ paths: [path], cwd })
          if (outcome.inputError)
            crashes.push(`${relative(root, cwd)}/${path}: ${outcome.inputError}`)
        } catch (error) {
          crashes.push(`${relative(root, cwd)}/${path}: ${(error as Error).stack}`)
        }
      }
      expect(examples.length).toBeGreaterThan(0)
      expect(crashes).toEqual([])
    })
  })
}
