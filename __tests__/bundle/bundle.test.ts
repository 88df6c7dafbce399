/**
 * The bundle tier: dist/index.js and dist/post/index.js run exactly as the runner runs them
 * (a node process, INPUT_* variables, real signals). One test per mode and the post step; the
 * rest of the suite drives src/ in process. `npm run test:bundle`, after `npm run package`.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT, runAction, type Session } from '../../sim/harness.js'
import { runScenario } from '../support/e2e.js'

let session: Session | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

describe('the bundled action, as the runner runs it', () => {
  it('check: the incident’s Terraform fails at the key policy line', async () => {
    const dir = '__tests__/fixtures/terraform/incident-before'
    const run = await runAction({
      runner: 'bundle',
      inputs: { mode: 'check', 'working-directory': dir, 'pr-comment': 'false' },
      cwd: ROOT,
      env: { GITHUB_WORKSPACE: ROOT }
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role'
    })
    expect(run.stdout).toMatch(new RegExp(`^::error .*file=${dir}/eks-cluster.tf,line=9`, 'm'))
  })

  it('verify: the incident fails fast with its root cause', async () => {
    const result = await runScenario('incident', { mode: 'verify' }, { runner: 'bundle' })
    session = result.session
    expect(result.run.exitCode).toBe(1)
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role',
      'failure-code': 'Client.InvalidKMSKey.InvalidState'
    })
    expect(result.run.summary).toContain('verify failed')
  })

  it('deploy: patches the key and the node group goes ACTIVE', async () => {
    const result = await runScenario('incident', { mode: 'deploy' }, { runner: 'bundle' })
    session = result.session
    expect(result.run.exitCode).toBe(0)
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
    expect(session.sim.world.nodegroups[0].status).toBe('ACTIVE')
  })

  it('deploy with a command and a misspelt cluster fails, it never passes', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'deploy', command: 'true', 'cluster-name': 'eks-cluster-typo' },
      { runner: 'bundle' }
    )
    session = result.session
    expect(result.run.exitCode).toBe(1)
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'cluster-not-found'
    })
  })

  it('SIGINT from the runner cancels the watch and the report is still written', async () => {
    const result = await runScenario(
      'late-nodegroup',
      { mode: 'deploy', 'patch-policy': 'false', command: 'sleep 30' },
      { runner: 'bundle', signalAfter: { ms: 2000, signal: 'SIGINT' } }
    )
    session = result.session
    expect(result.run.outputs.result).toBe('timeout')
    expect(result.run.summary).toContain('cancelled')
  })

  it('the post step reports what the killed main step had seen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'post-'))
    const timeline = join(dir, 'timeline.json')
    writeFileSync(
      timeline,
      JSON.stringify({
        events: [
          {
            time: new Date().toISOString(),
            source: 'autoscaling',
            kind: 'launch-failed',
            detail: 'Client.InvalidKMSKey.InvalidState',
            clock: 'aws'
          }
        ]
      })
    )
    const run = await runAction({
      runner: 'post-bundle',
      inputs: {
        mode: 'deploy',
        'cluster-name': 'prod',
        'aws-region': 'us-east-1',
        'pr-comment': 'false'
      },
      env: { 'STATE_timeline-file': timeline }
    })
    expect(run.exitCode).toBe(0)
    expect(run.summary).toContain('stopped before it could report')
  })

  it('prints no AWS SDK NodeVersionSupportWarning on the supported runtimes', async () => {
    const quiet = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      { runner: 'bundle', env: { NODE_NO_WARNINGS: '0' } }
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
      {
        runner: 'bundle',
        env: { NODE_NO_WARNINGS: '0', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' }
      }
    )
    session = loud.session
    if (Number(process.versions.node.split('.')[0]) < 22)
      expect(loud.run.stderr).toContain('NodeVersionSupportWarning')
  })

  it('the npm package installs in a clean directory, offline, and its CLI runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pack-'))
    try {
      execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: ROOT })
      const tarball = readdirSync(dir).find(f => f.endsWith('.tgz'))!
      // The bundle carries everything: the package has no dependencies to fetch.
      execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(dir, tarball)], {
        cwd: dir,
        stdio: 'ignore'
      })
      const bin = join(dir, 'node_modules', '.bin', 'eks-kms-guard')
      const fixture = join(ROOT, '__tests__/fixtures/terraform')
      const failing = spawnSync(bin, ['check', join(fixture, 'incident-before')], {
        encoding: 'utf8'
      })
      expect(failing.status).toBe(1)
      expect(failing.stdout).toContain('eks-cluster.tf:9: error:')
      const passing = spawnSync(bin, ['check', join(fixture, 'incident-fixed')], {
        encoding: 'utf8'
      })
      expect(passing.status).toBe(0)
      const version = spawnSync(bin, ['--version'], { encoding: 'utf8' })
      expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
