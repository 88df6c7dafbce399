/**
 * Quiet install and run: every installed package supports every Node.js version package.json's
 * `engines` admits (npm prints EBADENGINE otherwise), the runtimes we run on are among them, and
 * the bundled action prints no AWS SDK NodeVersionSupportWarning on them.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import semver from 'semver'
import { parse } from 'yaml'
import type { Session } from '../../sim/harness.js'
import { runScenario } from '../support/e2e.js'

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

describe('the AWS SDK’s NodeVersionSupportWarning', () => {
  let session: Session | undefined
  afterEach(async () => {
    await session?.close()
    session = undefined
  })

  it('is not printed by the bundled action on this (supported) runtime', async () => {
    const quiet = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      { env: { NODE_NO_WARNINGS: '0' } }
    )
    session = quiet.session
    expect(quiet.run.outputs.result).toBe('success')
    expect(quiet.run.stderr).not.toContain('NodeVersionSupportWarning')
    await session.close()

    // The user's own setting wins; on Node < 22 the SDK then prints its notice, so the absence
    // above is the action's doing, not a runtime that never warns.
    const loud = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      { env: { NODE_NO_WARNINGS: '0', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' } }
    )
    session = loud.session
    if (Number(process.versions.node.split('.')[0]) < 22)
      expect(loud.run.stderr).toContain('NodeVersionSupportWarning')
  })
})
