/**
 * Issue: the timeline report. The bundled action talks to a loopback GitHub API; every request it
 * makes is checked against GitHub's published OpenAPI description.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Session } from '../../sim/harness.js'
import { compressedInputs } from '../../sim/harness.js'
import { runScenario } from '../support/e2e.js'
import { validateRequest } from '../support/openapi.js'

let session: Session | undefined
afterEach(async () => {
  if (session) {
    for (const request of session.github.requests) expect(validateRequest(request)).toEqual([])
    await session.close()
  }
  session = undefined
})

const PR_EVENT = { pull_request: { number: 7, head: { ref: 'feature' } }, number: 7 }

describe('the sticky pull request comment', () => {
  it('the incident posts one comment with the verdict, root cause, fix and gantt', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'verify' },
      { event: PR_EVENT, eventName: 'pull_request' }
    )
    session = result.session
    const comments = session.github.comments.get(7) ?? []
    expect(comments).toHaveLength(1)
    const body = comments[0].body
    expect(body).toContain('verify failed')
    expect(body).toContain('kms-policy-missing-autoscaling-role')
    expect(body).toContain('EksKmsGuardAutoScalingGrants')
    // The compact view: no gantt, no event table, a link to the full job summary.
    expect(body).not.toContain('```mermaid')
    expect(body).not.toContain('| t | UTC |')
    expect(body).toContain(
      '[job summary of this run](https://github.com/acme/infra/actions/runs/4242)'
    )
    expect(body).toContain('| key | used by | findings | policy |')
    expect(body.length).toBeLessThan(result.run.summary.length / 1.5)
    expect(result.run.summary).toContain('```mermaid\ngantt')
    expect(result.run.outputs['comment-url']).toBe(comments[0].html_url)
    expect(result.run.outputs['comment-url']).toMatch(/\/pull\/7#issuecomment-\d+$/)
  })

  it('a second run edits that comment and keeps the first verdict in its history', async () => {
    const first = await runScenario(
      'incident',
      { mode: 'deploy', 'dry-run': 'true', 'timeout-minutes': '0.02' },
      { event: PR_EVENT, eventName: 'pull_request' }
    )
    session = first.session
    const scenario = session.sim.world.scenario
    const second = await session.run({
      inputs: compressedInputs(scenario, { mode: 'deploy' }),
      event: PR_EVENT,
      eventName: 'pull_request'
    })
    const comments = session.github.comments.get(7) ?? []
    expect(comments).toHaveLength(1)
    expect(comments[0].body).toContain('deploy passed')
    expect(comments[0].body).toContain('Earlier runs (1)')
    expect(comments[0].body).toMatch(/- ❌ \*\*eks-kms-guard deploy/)
    expect(session.github.requests.filter(r => r.method === 'PATCH')).toHaveLength(1)
    expect(second.outputs['comment-url']).toBe(first.run.outputs['comment-url'])
  })

  it('finds its comment past the first page and leaves other authors alone', async () => {
    const marker = '<!-- eks-kms-guard:'
    const others = Array.from({ length: 130 }, (_, i) => ({
      body: i === 5 ? `copied ${marker}` : `comment ${i}`,
      login: 'someone'
    }))
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      { event: PR_EVENT, eventName: 'pull_request', github: { comments: { 7: others } } }
    )
    session = result.session
    const again = await session.run({
      inputs: compressedInputs(session.sim.world.scenario, { mode: 'verify' }),
      event: PR_EVENT,
      eventName: 'pull_request'
    })
    const comments = session.github.comments.get(7) ?? []
    expect(comments.filter(c => c.user.login === 'github-actions[bot]')).toHaveLength(1)
    expect(comments).toHaveLength(131)
    expect(comments[5].body).toBe(`copied ${marker}`)
    expect(session.github.requests.some(r => r.method === 'GET' && r.query.page === '2')).toBe(true)
    expect(again.outputs['comment-url']).toBe(result.run.outputs['comment-url'])
  })

  it('a fork-style 403 is a warning with the fix; the result stays what it was', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'verify' },
      { event: PR_EVENT, eventName: 'pull_request', github: { writeStatus: 403 } }
    )
    session = result.session
    expect(result.run.outputs.result).toBe('failure')
    expect(result.run.outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
    expect(result.run.stdout).toMatch(/::warning::Could not write the pull request comment \(403/)
    expect(result.run.stdout).toContain('pull-requests: write')
    expect(result.run.outputs['comment-url']).toBeUndefined()
  })

  it('a 403 never fails a successful run', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      { event: PR_EVENT, eventName: 'pull_request', github: { writeStatus: 403 } }
    )
    session = result.session
    expect(result.run.exitCode).toBe(0)
    expect(result.run.outputs.result).toBe('success')
  })

  it('workflow_dispatch with pr-number comments on that pull request', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify', 'pr-number': '42' },
      { eventName: 'workflow_dispatch' }
    )
    session = result.session
    expect(session.github.comments.get(42)).toHaveLength(1)
  })

  it('workflow_dispatch without pr-number finds the open pull request of the branch', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      { eventName: 'workflow_dispatch', github: { pulls: [{ number: 9, head: 'main' }] } }
    )
    session = result.session
    expect(session.github.comments.get(9)).toHaveLength(1)
  })

  it('without a pull request only the job summary is written', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      { eventName: 'workflow_dispatch' }
    )
    session = result.session
    expect(session.github.requests.filter(r => r.method !== 'GET')).toEqual([])
    expect(result.run.summary).toContain('verify passed')
  })

  it('pr-comment: false leaves GitHub alone', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify', 'pr-comment': 'false' },
      { event: PR_EVENT, eventName: 'pull_request' }
    )
    session = result.session
    expect(session.github.requests).toEqual([])
  })

  it('two runs racing leave one comment', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify', 'pr-comment': 'false' },
      { github: { createDelayMs: 300 } }
    )
    session = result.session
    const inputs = compressedInputs(session.sim.world.scenario, { mode: 'verify' })
    await Promise.all(
      [1, 2].map(() =>
        session!.run({ inputs, event: PR_EVENT, eventName: 'pull_request', runner: 'tsx' })
      )
    )
    expect(session.github.comments.get(7)).toHaveLength(1)
  })
})

describe('reports people read (issue 17)', () => {
  it('a verify started 40 minutes into the incident writes a small summary, each launch once', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'verify' },
      { overrides: { nodegroups: [{ name: 'node-group-synthar3eg', createAfterSeconds: -2400 }] } }
    )
    session = result.session
    const summary = result.run.summary
    expect(result.run.outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(20 * 1024)
    expect(summary).toMatch(/\| launch-failed ×\d+ \|/)
    expect(summary).not.toContain('| launch-attempt |')
    // The key ARN in full once; short after that.
    const arn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
    const prose = summary.replace(/```[\s\S]*?```/g, '').replace(/\]\([^)]*\)/g, ']')
    expect(prose.split(arn)).toHaveLength(2)
    expect(summary).toContain(
      'https://us-east-1.console.aws.amazon.com/eks/home?region=us-east-1#/clusters/eks-cluster-synthar3eg/nodegroups/node-group-synthar3eg'
    )
    expect(summary).toMatch(
      /AutoScalingGroupDetails:id=eks-node-group-synthar3eg-[\w-]+;view=activity/
    )
  })

  it('a dry run says so and shows the key policy diff in the summary and the comment', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'deploy', 'dry-run': 'true', 'timeout-minutes': '0.02' },
      { event: PR_EVENT, eventName: 'pull_request' }
    )
    session = result.session
    const comment = session.github.comments.get(7)?.[0]?.body ?? ''
    for (const text of [result.run.summary, comment]) {
      expect(text).toContain('eks-kms-guard deploy (dry run)')
      expect(text).toContain('Key policy change (dry run: not written)')
      expect(text).toMatch(/```diff\n(=+\n)?--- arn:aws:kms:[^\n]+ \(current\)/)
      expect(text).toContain('+      "Sid": "EksKmsGuardAutoScalingGrants",')
    }
  })

  it('verify with dry-run is refused as bad input, naming the input', async () => {
    const result = await runScenario('incident', { mode: 'verify', 'dry-run': 'true' })
    session = result.session
    expect(result.run.exitCode).toBe(1)
    expect(result.run.stdout).toContain("::error::Input 'dry-run' is only used with mode 'deploy'")
    expect(session.sim.world.calls).toHaveLength(0)
  })

  it('a live patch warns of drift with the Terraform that keeps it', async () => {
    const result = await runScenario('incident', { mode: 'deploy' })
    session = result.session
    expect(result.run.summary).toMatch(/Drift:\*\*[^\n]*\n\n<details open><summary>Terraform/)
    expect(result.run.summary).toContain('eks_kms_guard_statements')
    expect(result.run.summary).toMatch(/Verdict : milestone/)
    expect(result.run.summary).toMatch(/Key policy patched : milestone/)
  })
})

describe('the timeline', () => {
  it('is written as JSON with AWS times for AWS events, and phases in the summary', async () => {
    const result = await runScenario('incident', { mode: 'verify' })
    session = result.session
    const events = result.run.timeline?.events ?? []
    const kinds = events.map(e => e.kind)
    expect(kinds).toEqual(
      expect.arrayContaining([
        'started',
        'key-checked',
        'nodegroup-created',
        'asg-created',
        'launch-attempt',
        'launch-failed',
        'verdict'
      ])
    )
    const created = events.find(e => e.kind === 'nodegroup-created')!
    const ng = session.sim.world.nodegroups[0]
    expect(Date.parse(created.time)).toBe(Math.round(ng.createAt!))
    expect([...events].map(e => e.time)).toEqual([...events].map(e => e.time).sort())
    expect(result.run.summary).toContain('| t | UTC | event | detail |')
    const phases = (result.run.timeline?.phases ?? []) as { name: string; seconds: number }[]
    expect(phases.map(p => p.name)).toEqual(
      expect.arrayContaining([
        'Node group node-group-synthar3eg creation',
        'First launch',
        'Detection'
      ])
    )
    for (const phase of phases) expect(phase.seconds).toBeGreaterThanOrEqual(0)
    expect(result.run.summary).toMatch(/Detected [\d.]+ s after the node group's creation started/)
  })
})

describe('the comment carries the timeline summary (issue 25)', () => {
  /** The comment's timeline section, one entry per milestone: its offset and what happened. */
  function milestones(comment: string): { seconds: number; text: string }[] {
    const section = comment.split('### Timeline\n\n')[1]?.split('\n\n')[0] ?? ''
    return section.split('\n').map(line => {
      const [, offset, text] = line.match(/^- \*\*(.+?)\*\* (.*)$/) ?? ['', '', line]
      const minutes = offset.match(/(\d+) min/)?.[1]
      const seconds = offset.match(/([\d.]+) s/)?.[1]
      return { seconds: Number(minutes ?? 0) * 60 + Number(seconds ?? 0), text }
    })
  }

  it('verify: the milestones in order, the AWS failure code and when EKS would have given up, under 8 KB', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'verify' },
      { event: PR_EVENT, eventName: 'pull_request' }
    )
    session = result.session
    const comment = session.github.comments.get(7)?.[0]?.body ?? ''
    const lines = milestones(comment)
    expect(lines.map(l => l.text.replace(/`[^`]*`/g, 'X'))).toEqual([
      expect.stringMatching(/^\(\d\d:\d\d:\d\d UTC\) verify started$/),
      'node group X creating',
      'first failed launch: X',
      'verdict: failed',
      "without this guard: EKS marks the node group X (34 min in the incident); Terraform's create timeout ends at +60 min."
    ])
    expect(lines[2].text).toContain('`Client.InvalidKMSKey.InvalidState`')
    expect(lines[4].text).toContain('`CREATE_FAILED`')
    expect(comment).toContain('- **≈ +34 min** without this guard')
    // In the order they happened, measured from the run's start.
    const times = lines.slice(0, 4).map(l => l.seconds)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(times[3]).toBeGreaterThan(0)
    expect(Buffer.byteLength(comment)).toBeLessThan(8 * 1024)
    // The summary's evidence says what is missing in a reader's words, not as a requirement id.
    expect(result.run.summary).toContain(
      '- The key policy has no statement that lets the Auto Scaling service-linked role (AWSServiceRoleForAutoScaling) create grants for AWS resources'
    )
    expect(result.run.summary).not.toMatch(/Requirement autoscaling-/)
  })

  it('deploy: the key patched before any launch, and what its launches would have failed with', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'deploy' },
      { event: PR_EVENT, eventName: 'pull_request' }
    )
    session = result.session
    const comment = session.github.comments.get(7)?.[0]?.body ?? ''
    const texts = milestones(comment).map(l => l.text)
    expect(texts[0]).toMatch(/deploy started$/)
    expect(texts).toContain('node group `node-group-synthar3eg` creating')
    expect(texts.indexOf('key policy patched')).toBeGreaterThan(0)
    expect(texts).not.toContainEqual(expect.stringMatching(/first failed launch/))
    expect(texts[texts.length - 2]).toBe('verdict: passed')
    expect(texts[texts.length - 1]).toContain(
      'every launch would have been cancelled with `Client.InvalidKMSKey.InvalidState`; EKS marks the node group `CREATE_FAILED`'
    )
    expect(Buffer.byteLength(comment)).toBeLessThan(8 * 1024)
    // The full timeline stays in the job summary.
    expect(comment).not.toContain('```mermaid')
    expect(result.run.summary).toContain('```mermaid\ngantt')
  })
})
