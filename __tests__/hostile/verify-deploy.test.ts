/**
 * Issue 28 (verify/deploy): races, faults and hostile text, end to end against the simulator.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Session } from '../../sim/harness.js'
import { compressedInputs, ROOT } from '../../sim/harness.js'
import { legacyCommentMarker } from '../../src/report/comment-marker.js'
import { runScenario, waitCommand } from '../support/e2e.js'
import { runnerCommands } from '../support/runner-commands.js'
import { join } from 'node:path'

let session: Session | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

describe('expired credentials', () => {
  it.each([
    ['kms:DescribeKey', 'verify'],
    ['kms:GetKeyPolicy', 'verify'],
    ['kms:PutKeyPolicy', 'deploy']
  ])(
    'an ExpiredTokenException on %s is aws-credentials-expired, not permission-denied',
    async (call, mode) => {
      const operation = call.split(':')[1]
      const result = await runScenario(
        'incident',
        { mode, 'timeout-minutes': '2' },
        { overrides: { faults: [{ operation, expiredToken: true }] } }
      )
      session = result.session
      expect(result.run.outputs['root-cause']).toBe('aws-credentials-expired')
      expect(result.run.stdout).toContain('role-duration-seconds')
      expect(result.run.stdout).not.toMatch(/allow kms:\w+ to the role/)
    }
  )
})

const PR_EVENT = { pull_request: { number: 7, head: { ref: 'feature' } }, number: 7 }
const TERRAFORM = '__tests__/fixtures/terraform'

describe('the sticky comment: one per workflow, job, mode and what is checked', () => {
  it('two check jobs, a verify job and a re-run each keep their own comment', async () => {
    const first = await runScenario(
      'incident',
      { mode: 'verify' },
      { event: PR_EVENT, eventName: 'pull_request' }
    )
    session = first.session
    const scenario = session.sim.world.scenario
    const check = (job: string, dir: string) =>
      session!.run({
        inputs: { mode: 'check', 'working-directory': dir, 'github-token': 'ghs_test' },
        event: PR_EVENT,
        eventName: 'pull_request',
        cwd: ROOT,
        env: { GITHUB_JOB: job, GITHUB_WORKSPACE: ROOT }
      })
    await check('check-infra', `${TERRAFORM}/incident-before`)
    await check('check-modules', `${TERRAFORM}/incident-fixed`)
    const comments = () => session!.github.comments.get(7) ?? []
    expect(comments()).toHaveLength(3)
    const [verify, infra, modules] = comments()
    expect(verify.body).toContain('verify failed')
    expect(infra.body).toMatch(/check/)
    expect(infra.body).not.toBe(modules.body)
    // A re-run of the check job edits its own comment only.
    const before = comments().map(c => c.body)
    await check('check-infra', `${TERRAFORM}/incident-fixed`)
    expect(comments()).toHaveLength(3)
    expect(comments()[0].body).toBe(before[0])
    expect(comments()[2].body).toBe(before[2])
    expect(comments()[1].body).toContain('Earlier runs (1)')
    // And a re-run of verify edits the verify comment.
    await session.run({
      inputs: compressedInputs(scenario, { mode: 'verify' }),
      event: PR_EVENT,
      eventName: 'pull_request'
    })
    expect(comments()).toHaveLength(3)
    expect(comments()[0].body).toContain('Earlier runs (1)')
  })

  it('a run after an upgrade edits the comment written with the old marker', async () => {
    const old = legacyCommentMarker('deploy', 'eks-cluster-synthar3eg', [])
    const result = await runScenario(
      'incident',
      { mode: 'verify' },
      {
        event: PR_EVENT,
        eventName: 'pull_request',
        github: {
          comments: {
            7: [
              { body: 'a reviewer', login: 'octocat' },
              {
                body: `${old}\n<!-- eks-kms-guard:verdict -->\n❌ **eks-kms-guard verify failed** — earlier`,
                login: 'github-actions[bot]'
              }
            ]
          }
        }
      }
    )
    session = result.session
    const comments = session.github.comments.get(7) ?? []
    expect(comments).toHaveLength(2)
    expect(comments[1].body).toContain('<!-- eks-kms-guard:v2:')
    expect(comments[1].body).toContain('Earlier runs (1)')
    expect(
      session.github.requests.filter(r => r.method === 'POST' && r.path.endsWith('/comments'))
    ).toHaveLength(0)
  })
})

describe('a GitHub that accepts the connection and never answers', () => {
  it('does not hold the step: the comment is given up with a warning, the verdict stands', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'verify' },
      {
        event: PR_EVENT,
        eventName: 'pull_request',
        github: { hang: true },
        env: { EKS_KMS_GUARD_GITHUB_TIMEOUT_SECONDS: '0.3' }
      }
    )
    session = result.session
    expect(result.run.outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
    expect(result.run.stdout).toMatch(
      /::warning::Could not write the pull request comment \(.*\)\. The job summary has the full report\. GitHub did not answer \d+ requests? within 0.3s each/
    )
    // Bounded retries: a few requests, each given up, then the step ends.
    const requests = session.github.requests.length
    expect(requests).toBeGreaterThan(0)
    expect(requests).toBeLessThanOrEqual(5)
    expect(session.github.comments.get(7) ?? []).toHaveLength(0)
  })
})

describe('a large cluster', () => {
  it('verify with 50 node groups reads every one within the first two polls', async () => {
    const count = 50
    const nodegroups = Array.from({ length: count }, (_, i) => ({
      name: `ng-${String(i).padStart(2, '0')}`,
      launchTemplate: { id: 'lt-0abc1234def567890', version: '1' },
      desiredSize: 2,
      instanceType: 't4g.medium',
      createAfterSeconds: 0
    }))
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      { overrides: { nodegroups } }
    )
    session = result.session
    const calls = session.sim.world.calls
    // A poll begins with ListNodegroups (node groups found by listing).
    const lists = calls.filter(c => c.operation === 'ListNodegroups').map(c => c.time)
    const pollOf = (time: number) => lists.filter(t => t <= time).length
    const firstRead = new Map<string, number>()
    for (const call of calls) {
      const name = /\/node-groups\/([^/]+)$/.exec(call.path ?? '')?.[1]
      if (call.operation === 'DescribeNodegroup' && name && !firstRead.has(name))
        firstRead.set(name, pollOf(call.time))
    }
    const polls = nodegroups.map(n => firstRead.get(n.name))
    expect(polls).not.toContain(undefined)
    expect(Math.max(...(polls as number[]))).toBeLessThanOrEqual(2)
    expect(result.run.outputs.result).toBe('success')
    // AWS calls per minute of the scenario's time (the inputs are compressed by its time scale).
    const scale = session.sim.world.scenario.timeScale
    const span = ((calls.at(-1)!.time - calls[0].time) * scale) / 60_000
    const reads = (operation: string) => calls.filter(c => c.operation === operation).length
    process.stdout.write(
      `50 node groups: ${reads('DescribeLaunchTemplateVersions')} launch template reads, ${reads('DescribeKey')} DescribeKey; last first read at poll ${Math.max(...(polls as number[]))}; ${calls.length} AWS calls in ${span.toFixed(1)} simulated min (${(calls.length / span).toFixed(0)}/min)\n`
    )
    // A numbered launch template version cannot change: each node group's is read about once,
    // however many polls re-check its keys (it was three reads a node group).
    expect(reads('DescribeLaunchTemplateVersions')).toBeLessThanOrEqual(60)
  })
})

describe('workflow-command hygiene', () => {
  const hostileCommand = `node ${join(ROOT, '__tests__', 'fixtures', 'hostile-output.mjs')}`

  it('the deploy command’s output cannot act, nor silence the action’s own annotations', async () => {
    const result = await runScenario('incident', {
      mode: 'deploy',
      'patch-policy': 'false',
      command: `${hostileCommand} && ${waitCommand(30)}`
    })
    session = result.session
    const { commands, stopped } = runnerCommands(result.run.stdout)
    const texts = commands.map(c => `${c.name} ${c.data}`).join('\n')
    expect(texts).not.toMatch(/injected|hostile-mask-value/)
    expect(commands.some(c => c.name === 'set-output')).toBe(false)
    expect(stopped).toBe(false)
    // The action's own failure annotation still acts, after the command's output.
    expect(commands).toContainEqual(
      expect.objectContaining({
        name: 'error',
        data: expect.stringContaining('[kms-policy-missing-autoscaling-role]')
      })
    )
    // The output itself is shown as it came.
    expect(result.run.stdout).toContain('::error::injected error from the command')
    expect(result.run.stdout).toContain('Apply complete!')
  })

  it.each([
    [
      'an access denied',
      'incident',
      (message: string) => ({
        faults: [{ operation: 'DescribeScalingActivities', accessDenied: true, message }]
      })
    ],
    [
      'a scaling activity',
      'ami-not-found',
      (message: string) => ({
        nodegroups: [
          { name: 'node-group-synthar3eg', launchError: { statusCode: 'Failed', message } }
        ]
      })
    ]
  ])('workflow commands inside %s message from AWS do not act', async (_, scenario, overrides) => {
    const message =
      "The image id '[ami-0123456789abcdef0]' does not exist.\n::add-mask::aws-hostile-mask\n::error::aws injected\n  ##[warning]aws v1\n::stop-commands::aws"
    const result = await runScenario(
      scenario,
      { mode: 'verify' },
      { overrides: overrides(message) }
    )
    session = result.session
    expect(result.run.stdout).toContain('aws-hostile-mask')
    const { commands, stopped } = runnerCommands(result.run.stdout)
    expect(stopped).toBe(false)
    expect(commands.filter(c => c.name === 'add-mask' && c.data.includes('aws-hostile'))).toEqual(
      []
    )
    expect(commands.filter(c => /^aws (injected|v1)/.test(c.data))).toEqual([])
    expect(commands).toContainEqual(expect.objectContaining({ name: 'error' }))
  })

  it('the command line is shown with secret-looking values redacted, in the summary and the timeline file', async () => {
    const secret = 'hunter2-very-secret'
    const result = await runScenario('incident', {
      mode: 'deploy',
      command: `DB_TOKEN=${secret} ${waitCommand(5)} --password ${secret} -var db_password=${secret} ghp_abcdefghijklmnopqrstuvwxyz0123`
    })
    session = result.session
    const timelineFile = JSON.stringify(result.run.timeline)
    for (const place of [result.run.summary, timelineFile, result.run.stdout]) {
      expect(place).not.toContain(secret)
      expect(place).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123')
    }
    expect(timelineFile).toContain('DB_TOKEN=***')
    expect(timelineFile).toContain('--password ***')
  })
})

describe('huge text from AWS', () => {
  it('a 400 KB AWS message is in the summary once, cut, with the cut said', async () => {
    const message = `Denied ${'x'.repeat(400_000)} END`
    const result = await runScenario(
      'incident',
      { mode: 'verify' },
      {
        overrides: {
          faults: [{ operation: 'DescribeScalingActivities', accessDenied: true, message }]
        },
        event: PR_EVENT,
        eventName: 'pull_request'
      }
    )
    session = result.session
    const summary = result.run.summary
    expect(result.run.outputs['root-cause']).toBe('permission-denied')
    expect(summary.match(/AWS said: Denied x{1000}/g)).toHaveLength(1)
    expect(summary.match(/\d+ more characters cut/g)).toHaveLength(1)
    expect(summary).not.toContain('END')
    expect(summary.length).toBeLessThan(40_000)
    expect(result.run.stdout.length).toBeLessThan(40_000)
    const comment = session.github.comments.get(7)?.[0]?.body ?? ''
    expect(comment.match(/more characters cut/g)).toHaveLength(1)
  })
})
