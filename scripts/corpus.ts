/**
 * Fills the HCL corpus cache (scripts/corpus-pins.ts) with every .tf, .tf.json, .tofu and
 * .tofu.json file of each pinned (repository, tag):
 *   npm run corpus                    shallow clone of each tag from GitHub
 *   npm run corpus -- --from <dir>    from a folder of git mirrors, one per repository, named
 *                                     `<owner>+<repo>` (a bare repository, or one holding `repo`
 *                                     or `.git`), or `<owner>/<repo>` (a clone or `.git` folder)
 * A tag already in the cache is kept (delete its folder to fetch it again).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, cpSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { CORPUS_FILE, CORPUS_PINS, corpusRoot, pinDir, type CorpusPin } from './corpus-pins.js'

const git = (args: string[], cwd?: string) =>
  execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 })

/** The git directory of a repository in a folder of mirrors, in the layouts mirrors come in. */
function mirrorGitDir(from: string, pin: CorpusPin): string | undefined {
  const candidates = [
    join(from, `${pin.owner}+${pin.repo}`, 'repo'),
    join(from, `${pin.owner}+${pin.repo}`, '.git'),
    join(from, `${pin.owner}+${pin.repo}`),
    join(from, `${pin.owner}+${pin.repo}.git`),
    join(from, pin.owner, pin.repo, '.git'),
    join(from, pin.owner, `${pin.repo}.git`)
  ]
  return candidates.find(dir => existsSync(join(dir, 'HEAD')))
}

function walk(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path, found)
    else found.push(path)
  }
  return found
}

/** Keeps only the configuration files of an unpacked tree, copied into `target`. */
function keepConfiguration(tree: string, target: string): number {
  let kept = 0
  for (const file of walk(tree)) {
    const rel = relative(tree, file)
    if (rel.split('/').includes('.git') || !CORPUS_FILE.test(rel)) continue
    mkdirSync(dirname(join(target, rel)), { recursive: true })
    cpSync(file, join(target, rel))
    kept++
  }
  return kept
}

function unpack(pin: CorpusPin, from: string | undefined, work: string): void {
  if (from) {
    const gitDir = mirrorGitDir(from, pin)
    if (!gitDir) throw new Error(`no mirror of ${pin.owner}/${pin.repo} in ${from}`)
    const tar = join(work, 'tree.tar')
    git(['--git-dir', gitDir, 'archive', '--format=tar', '-o', tar, pin.tag])
    mkdirSync(join(work, 'tree'))
    execFileSync('tar', ['-xf', tar, '-C', join(work, 'tree')])
    return
  }
  const url = `https://github.com/${pin.owner}/${pin.repo}.git`
  git(['clone', '--quiet', '--depth', '1', '--branch', pin.tag, url, join(work, 'tree')])
}

function main(): void {
  const at = process.argv.indexOf('--from')
  const from = at >= 0 ? process.argv[at + 1] : undefined
  if (at >= 0 && !from) throw new Error('--from needs a folder of git mirrors')
  const root = corpusRoot()
  let files = 0
  let fetched = 0
  for (const pin of CORPUS_PINS) {
    const target = pinDir(root, pin)
    if (existsSync(target)) {
      files += walk(target).length
      continue
    }
    const work = mkdtempSync(join(tmpdir(), 'hcl-corpus-'))
    try {
      unpack(pin, from, work)
      const staging = `${target}.partial`
      rmSync(staging, { recursive: true, force: true })
      mkdirSync(staging, { recursive: true })
      files += keepConfiguration(join(work, 'tree'), staging)
      cpSync(staging, target, { recursive: true })
      rmSync(staging, { recursive: true, force: true })
      fetched++
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  }
  console.log(
    `${CORPUS_PINS.length} tags (${fetched} fetched now), ${files} configuration files in ${root}`
  )
}

main()
