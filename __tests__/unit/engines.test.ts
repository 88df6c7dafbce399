/**
 * Quiet install and run: every installed package supports every Node.js version package.json's
 * `engines` admits (npm prints EBADENGINE otherwise) and the runtimes we run on are among them.
 * (That the bundled action prints no SDK NodeVersionSupportWarning is in the bundle tier.)
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import semver from 'semver'
import { parse } from 'yaml'

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean }>
}
const ENGINES = pkg.engines.node

describe('engines', () => {
  it('every installed package supports every Node.js version package.json admits', () => {
    const disagree = Object.entries(lock.packages)
      .filter(([path, p]) => path && p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !semver.subset(ENGINES, (p.engines as { node: string }).node))
      .map(
        ([path, p]) =>
          `${path.replace(/.*node_modules\//, '')} needs ${(p.engines as { node: string }).node}`
      )
    expect(disagree).toEqual([])
  })

  it('admits the runner’s node24, .node-version and this machine’s Node.js', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as { runs: { using: string } }
    const runner = `${action.runs.using.replace('node', '')}.0.0`
    const local = readFileSync('.node-version', 'utf8').trim()
    for (const version of [runner, semver.coerce(local)!.version, process.versions.node])
      expect({ version, admitted: semver.satisfies(version, ENGINES) }).toEqual({
        version,
        admitted: true
      })
  })
})
