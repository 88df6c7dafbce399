/** Issue 17: reports people read — grouped events, the gantt's units, links per partition, prose. */
import { describe, expect, it } from '@jest/globals'
import type { Diagnosis } from '../../src/model/index.js'
import type { TimelineEvent } from '../../src/model/index.js'
import {
  asgActivityConsoleUrl,
  keyConsoleUrl,
  keyPolicyDocsUrl,
  nodegroupConsoleUrl,
  partitionOf
} from '../../src/report/links.js'
import { groupEvents } from '../../src/report/event-groups.js'
import { eventTable } from '../../src/report/event-table.js'
import { verdictLine } from '../../src/report/first-screen.js'
import { axisFormat, gantt, tickInterval } from '../../src/report/gantt.js'
import { renderComment, renderReport } from '../../src/report/markdown.js'
import { prose } from '../../src/report/names.js'

const T0 = Date.parse('2026-01-01T10:00:00.000Z')
function event(
  seconds: number,
  kind: TimelineEvent['kind'],
  detail: string,
  extra: Partial<TimelineEvent> = {}
): TimelineEvent {
  return {
    time: new Date(T0 + seconds * 1000).toISOString(),
    source: 'autoscaling',
    kind,
    detail,
    clock: 'aws',
    nodegroup: 'ng',
    ...extra
  }
}

const CANCELLED =
  'asg-1: Cancelled: Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state.'

function incidentEvents(launches: number): TimelineEvent[] {
  const events = [
    event(0, 'nodegroup-created', 'node group ng created', { source: 'eks' }),
    event(1, 'asg-created', 'Auto Scaling group asg-1 created', { source: 'eks' })
  ]
  for (let i = 0; i < launches; i++) {
    events.push(
      event(
        2 + i,
        'launch-attempt',
        `asg-1: Launching a new EC2 instance: i-0${String(i).padStart(16, '0')}`,
        { activity: `a${i}` }
      ),
      event(2.5 + i, 'launch-failed', CANCELLED, { activity: `a${i}` })
    )
  }
  events.push(
    event(launches + 3, 'verdict', 'failure: the key', { source: 'action', nodegroup: undefined })
  )
  return events
}

const diagnosis: Diagnosis = {
  result: 'failure',
  rootCause: 'kms-policy-missing-autoscaling-role',
  headline: 'Node group ng: the key policy lacks the role.',
  nodegroup: 'ng',
  evidence: [],
  ruledOut: ['the key is Enabled'],
  openQuestions: [],
  keyFindings: [],
  drift: [],
  cancelled: false
}

describe('the event table', () => {
  it('shows a launch once, and N launches that failed the same way as one row', () => {
    const rows = groupEvents(incidentEvents(50))
    expect(rows.map(r => [r.first.kind, r.count])).toEqual([
      ['nodegroup-created', 1],
      ['asg-created', 1],
      ['launch-failed', 50],
      ['verdict', 1]
    ])
    const table = eventTable(incidentEvents(50), T0).join('\n')
    expect(table).toContain('launch-failed ×50')
    expect(table).toContain('10:00:02–10:00:51')
    expect(table).not.toContain('launch-attempt')
  })

  it('keeps a launch still in progress, and does not group across a turn of the story', () => {
    const events = [
      event(0, 'launch-failed', CANCELLED, { activity: 'a' }),
      event(1, 'policy-patched', 'key policy patched', { source: 'kms' }),
      event(2, 'launch-failed', CANCELLED, { activity: 'b' }),
      event(3, 'launch-attempt', 'asg-1: Launching a new EC2 instance: i-0abc12345', {
        activity: 'c'
      })
    ]
    expect(groupEvents(events).map(r => [r.first.kind, r.count])).toEqual([
      ['launch-failed', 1],
      ['policy-patched', 1],
      ['launch-failed', 1],
      ['launch-attempt', 1]
    ])
  })

  it('caps the rows and says how many events the timeline file has besides', () => {
    const events = Array.from({ length: 80 }, (_, i) =>
      event(i, i % 2 ? 'nodegroup-status' : 'key-checked', `step ${i}`)
    )
    const table = eventTable(events, T0, undefined, 30)
    expect(table.filter(l => /^\| [+-]\d/.test(l))).toHaveLength(30)
    expect(table.join('\n')).toContain('… 50 more events in the timeline file')
  })
})

describe('the gantt', () => {
  it('picks a tick interval with a handful of labels for the real span', () => {
    // A compressed test run of under a second still gets several ticks.
    expect(tickInterval(700)).toBe('100millisecond')
    expect(tickInterval(4_000)).toBe('500millisecond')
    expect(tickInterval(8_000)).toBe('1second')
    expect(tickInterval(40_000)).toBe('5second')
    expect(tickInterval(34 * 60_000)).toBe('5minute')
    expect(tickInterval(3 * 3_600_000)).toBe('30minute')
  })

  it('shows elapsed time with the verdict as a milestone', () => {
    const started = event(0.5, 'started', 'verify', { source: 'action', nodegroup: undefined })
    const events = [started, ...incidentEvents(3)].sort((a, b) => a.time.localeCompare(b.time))
    const chart = gantt(events, diagnosis).join('\n')
    expect(chart).toContain('axisFormat %-S s')
    expect(chart).toContain('tickInterval 1second')
    expect(chart).not.toContain('min.s')
    expect(chart).toMatch(/Verdict : milestone, 2000-01-01 00:00:06\.000/)
    expect(chart).toContain('2000-01-01 00:00:00.000')
  })

  it('labels the axis in the unit of the run’s scale, the unit on each label', () => {
    expect(axisFormat(700)).toBe('%-S.%L s')
    expect(axisFormat(40_000)).toBe('%-S s')
    expect(axisFormat(3 * 60_000)).toBe('%-M:%S min')
    expect(axisFormat(34 * 60_000)).toBe('%-M min')
    expect(axisFormat(3 * 3_600_000)).toBe('%-H h %M')
  })

  it('names sections short enough for the chart’s left column, the node group in its bars', () => {
    const started = event(0.5, 'started', 'verify', { source: 'action', nodegroup: undefined })
    const events = [started, ...incidentEvents(3)].sort((a, b) => a.time.localeCompare(b.time))
    const chart = gantt(events, diagnosis).join('\n')
    const sections = [...chart.matchAll(/^ {2}section (.*)$/gm)].map(m => m[1])
    expect(sections).toContain('Nodes')
    // Mermaid's left column is 75 px: about ten characters at its section font size.
    for (const section of sections) expect(section.length).toBeLessThanOrEqual(10)
    expect(chart).toMatch(/^ {2}Node group \S+ creation : /m)
  })

  it('draws no chart when there is nothing to compare', () => {
    const events = [
      event(0, 'started', 'verify', { source: 'action' }),
      event(2, 'verdict', 'success', { source: 'action' })
    ]
    const lines = gantt(events, { ...diagnosis, result: 'success', rootCause: undefined })
    expect(lines.join('\n')).not.toContain('mermaid')
    expect(lines[0]).toBe('Guard running: 2.0 s.')
  })
})

describe('links', () => {
  it('use each partition’s console host and the key’s own Region', () => {
    expect(partitionOf('cn-north-1')).toBe('aws-cn')
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov')
    expect(partitionOf('eu-west-1')).toBe('aws')
    expect(keyConsoleUrl('arn:aws:kms:eu-west-1:111122223333:key/k1', 'aws', 'us-east-1')).toBe(
      'https://eu-west-1.console.aws.amazon.com/kms/home?region=eu-west-1#/kms/keys/k1'
    )
    expect(
      keyConsoleUrl('arn:aws-cn:kms:cn-north-1:111122223333:key/k1', 'aws', 'cn-north-1')
    ).toBe('https://console.amazonaws.cn/kms/home?region=cn-north-1#/kms/keys/k1')
    expect(nodegroupConsoleUrl('c', 'ng', 'aws-us-gov', 'us-gov-west-1')).toBe(
      'https://console.amazonaws-us-gov.com/eks/home?region=us-gov-west-1#/clusters/c/nodegroups/ng'
    )
    expect(asgActivityConsoleUrl('asg-1', 'aws', 'us-east-1')).toBe(
      'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#AutoScalingGroupDetails:id=asg-1;view=activity'
    )
    expect(keyPolicyDocsUrl('aws')).toBe(
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html'
    )
    expect(keyPolicyDocsUrl('aws-cn')).toMatch(/^https:\/\/docs\.amazonaws\.cn\//)
  })
})

describe('prose', () => {
  it('keeps the code spans a message wrote and escapes the rest', () => {
    expect(prose('Key `aws_kms_key.ebs` in *main.tf* <b>')).toBe(
      'Key `aws_kms_key.ebs` in \\*main.tf\\* &lt;b&gt;'
    )
  })
})

describe('the first screen', () => {
  const context = { mode: 'deploy', clusterName: 'prod', region: 'us-east-1', events: [] }
  it('says dry run in the title', () => {
    expect(verdictLine(diagnosis, { ...context, dryRun: true })).toMatch(
      /^❌ \*\*eks-kms-guard deploy \(dry run\) failed\*\* for cluster `prod`/
    )
  })

  it('check names no cluster or Region: it reads Terraform, not the cluster the workflow names', () => {
    const line = verdictLine(diagnosis, { ...context, mode: 'check' })
    expect(line).toMatch(/^❌ \*\*eks-kms-guard check failed\*\*/)
    expect(line).not.toContain('prod')
    expect(line).not.toContain('us-east-1')
    expect(verdictLine(diagnosis, context)).toContain('for cluster `prod` (us-east-1)')
  })

  it('puts the cause, the next step and the documentation first; the comment links the run', () => {
    const d = {
      ...diagnosis,
      fix: { summary: 'Add the statements.', json: '[]', cli: 'aws kms …' }
    }
    const summary = renderReport(d, { ...context, runUrl: 'https://github.com/o/r/actions/runs/1' })
    const firstScreen = summary.split('\n\n').slice(0, 2).join('\n')
    expect(firstScreen).toContain('**Cause:** Node group ng')
    expect(firstScreen).toContain('**Next:** Add the statements.')
    expect(firstScreen).toContain('key-policy-requirements-EBS-encryption.html')
    expect(summary).toContain('<details><summary>Checks passed (1)</summary>')
    const comment = renderComment(d, {
      ...context,
      runUrl: 'https://github.com/o/r/actions/runs/1'
    })
    expect(comment).toContain('[job summary of this run](https://github.com/o/r/actions/runs/1)')
    expect(comment).not.toContain('AWS CLI')
    expect(comment).not.toContain('Checks passed')
  })

  it('shows the drift with the Terraform that keeps it', () => {
    const d = {
      ...diagnosis,
      drift: ['The key policy of k was patched live.'],
      driftFix: 'locals {}'
    }
    const summary = renderReport(d, context)
    expect(summary).toMatch(
      /Drift:\*\* The key policy of k was patched live\.\n\n<details open><summary>Terraform/
    )
    expect(summary).toContain('```hcl\nlocals {}\n```')
  })
})
