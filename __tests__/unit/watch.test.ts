import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  type Activity
} from '@aws-sdk/client-auto-scaling'
import {
  DescribeNodegroupCommand,
  EKSClient,
  ListNodegroupsCommand,
  type DescribeNodegroupCommandOutput,
  type NodegroupStatus
} from '@aws-sdk/client-eks'
import { mockClient } from 'aws-sdk-client-mock'
import type { Clock } from '../../src/clock.js'
import type { KeyRecord, Verdict } from '../../src/model/index.js'
import { Timeline } from '../../src/timeline/collector.js'
import { decideVerdict } from '../../src/verdict/decide.js'
import { watchUntilVerdict } from '../../src/watch/loop.js'
import { NodegroupReads } from '../../src/watch/reads.js'

const eks = mockClient(EKSClient)
const autoscaling = mockClient(AutoScalingClient)
const T0 = Date.parse('2026-11-24T12:00:00Z')
const KMS =
  'Instance became unhealthy while waiting for instance to be in InService state. Termination Reason: Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state'

class FakeClock implements Clock {
  time = T0
  sleeps: number[] = []
  now(): number {
    return this.time
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms)
    this.time += ms
  }
}

let clock: FakeClock
const log = {
  lines: [] as string[],
  info(l: string) {
    this.lines.push(l)
  },
  warning(l: string) {
    this.lines.push(`warning: ${l}`)
  }
}

interface WatchOptions {
  nodegroupNames: string[]
  timeoutMs: number
  maxCallsPerPoll: number
  signal: AbortSignal
  keys: KeyRecord[]
}

/** The watch as the guard composes it: AWS reads, the pure verdict, and the loop that schedules. */
function watcher(options: Partial<WatchOptions> = {}) {
  const timeoutMs = options.timeoutMs ?? 600_000
  const reads = new NodegroupReads(
    {
      eks: new EKSClient({ region: 'us-east-1' }),
      autoscaling: new AutoScalingClient({ region: 'us-east-1' })
    },
    new Timeline(() => clock.now()),
    line => log.info(line),
    {
      clusterName: 'c',
      nodegroupNames: options.nodegroupNames ?? ['ng'],
      signal: options.signal,
      maxCallsPerPoll: options.maxCallsPerPoll,
      startedAt: clock.now(),
      now: () => clock.now()
    }
  )
  const startedAt = clock.now()
  return {
    states: reads.states,
    get callCount() {
      return reads.callCount
    },
    run: (): Promise<Verdict> =>
      watchUntilVerdict({
        clock,
        pollIntervalMs: 15_000,
        deadline: startedAt + timeoutMs,
        signal: options.signal,
        random: () => 0.5,
        warn: line => log.warning(line),
        poll: async () => {
          await reads.poll()
          return { throttled: reads.throttled }
        },
        decide: flags =>
          decideVerdict({
            now: clock.now(),
            startedAt,
            clusterName: 'c',
            region: 'us-east-1',
            cluster: reads.clusterSeen ? 'found' : 'missing',
            nodegroups: [...reads.states.values()],
            existingNodegroups: reads.existing,
            keys: options.keys ?? [],
            keyWorkPending: [],
            propagationGraceMs: 60_000,
            timeoutMs,
            ...flags
          })
      })
  }
}

function nodegroup(
  status: NodegroupStatus = 'CREATING',
  name = 'ng'
): DescribeNodegroupCommandOutput {
  return {
    $metadata: {},
    nodegroup: {
      nodegroupName: name,
      status,
      createdAt: new Date(T0 - 60_000),
      modifiedAt: new Date(T0 - 60_000),
      resources: { autoScalingGroups: [{ name: `asg-${name}` }] },
      health: { issues: [] }
    }
  }
}

function activity(id: string, startOffset: number, status: string, message = KMS): Activity {
  return {
    ActivityId: id,
    AutoScalingGroupName: 'asg-ng',
    StartTime: new Date(T0 + startOffset),
    EndTime: status === 'InProgress' ? undefined : new Date(T0 + startOffset + 5000),
    StatusCode: status as Activity['StatusCode'],
    StatusMessage: status === 'InProgress' ? undefined : message,
    Description: 'Launching a new EC2 instance: i-1',
    Cause: 'c',
    Progress: 100
  }
}

beforeEach(() => {
  eks.reset()
  autoscaling.reset()
  clock = new FakeClock()
  log.lines = []
  eks.on(DescribeNodegroupCommand).resolves(nodegroup())
  eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['ng'] })
  autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
    AutoScalingGroups: [
      {
        AutoScalingGroupName: 'asg-ng',
        DesiredCapacity: 2,
        MinSize: 1,
        MaxSize: 3,
        Instances: [],
        AvailabilityZones: [],
        HealthCheckType: 'EC2',
        DefaultCooldown: 300,
        CreatedTime: new Date(T0)
      }
    ]
  })
})

describe('the watch: reads, verdict and loop together', () => {
  it('fails at the first poll that sees a fatal activity, without waiting for EKS', async () => {
    autoscaling
      .on(DescribeScalingActivitiesCommand)
      .resolvesOnce({ Activities: [] })
      .resolves({ Activities: [activity('a1', 10_000, 'Cancelled')] })
    const verdict = await watcher().run()
    expect(verdict).toMatchObject({
      result: 'failure',
      // No key was checked here, so the KMS failure cannot be pinned on a key.
      rootCause: 'unknown',
      failureCode: 'Client.InvalidKMSKey.InvalidState',
      nodegroup: 'ng'
    })
    expect(clock.sleeps).toHaveLength(1)
  })

  it('treats an unrecognised Cancelled activity as history, not a failure', async () => {
    autoscaling.on(DescribeScalingActivitiesCommand).resolves({
      Activities: [
        activity(
          'a1',
          0,
          'Cancelled',
          'Instance failed to complete because desired capacity changed'
        )
      ]
    })
    const verdict = await watcher({ timeoutMs: 60_000 }).run()
    expect(verdict.result).toBe('timeout')
  })

  it('dedupes activities by id and moves StartTimeLowerBound forward', async () => {
    const a1 = activity('a1', 10_000, 'InProgress')
    autoscaling
      .on(DescribeScalingActivitiesCommand)
      .resolvesOnce({ Activities: [a1] })
      .resolvesOnce({ Activities: [a1] })
      .resolves({
        Activities: [activity('a1', 10_000, 'Successful'), activity('a2', 40_000, 'Successful')]
      })
    eks.on(DescribeNodegroupCommand).resolves(nodegroup('CREATING'))
    const w = watcher({ timeoutMs: 60_000 })
    await w.run()
    expect([...(w.states.get('ng')?.activities.keys() ?? [])]).toEqual(['a1', 'a2'])
    expect(w.states.get('ng')?.activities.get('a1')?.statusCode).toBe('Successful')
    const calls = autoscaling.commandCalls(DescribeScalingActivitiesCommand)
    const bounds = calls.map(c => Date.parse(c.args[0].input.Filters?.[0].Values?.[0] ?? ''))
    // The first bound starts a minute before the node group's creation; later ones never go back.
    expect(bounds[0]).toBe(T0 - 120_000)
    for (let i = 1; i < bounds.length; i++) expect(bounds[i]).toBeGreaterThanOrEqual(bounds[i - 1])
    expect(bounds[bounds.length - 1]).toBe(T0 + 40_000)
  })

  it('succeeds when the node group is ACTIVE with every instance in service', async () => {
    eks.on(DescribeNodegroupCommand).resolves(nodegroup('ACTIVE'))
    autoscaling.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] })
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        {
          AutoScalingGroupName: 'asg-ng',
          DesiredCapacity: 2,
          MinSize: 1,
          MaxSize: 3,
          AvailabilityZones: [],
          HealthCheckType: 'EC2',
          DefaultCooldown: 300,
          CreatedTime: new Date(T0),
          Instances: ['i-1', 'i-2'].map(id => ({
            InstanceId: id,
            LifecycleState: 'InService',
            HealthStatus: 'Healthy',
            AvailabilityZone: 'a',
            ProtectedFromScaleIn: false
          }))
        }
      ]
    })
    const verdict = await watcher().run()
    expect(verdict.result).toBe('success')
    expect(clock.sleeps).toHaveLength(0)
  })

  it('does not call a KMS failure fatal before the patch has propagated', async () => {
    autoscaling
      .on(DescribeScalingActivitiesCommand)
      .resolves({ Activities: [activity('a1', 10_000, 'Cancelled')] })
    const patched = {
      id: 'k',
      uses: [{ nodegroup: 'ng', reference: 'k', source: 'launch-template', why: '' }],
      patchedAt: T0 + 60_000,
      assessment: { causes: [], openQuestions: [] }
    } as unknown as KeyRecord
    const verdict = await watcher({ timeoutMs: 30_000, keys: [patched] }).run()
    expect(verdict.result).toBe('timeout')
  })

  it('fails on repeated capacity errors only past the threshold', async () => {
    const capacity =
      'We currently do not have sufficient t3.medium capacity in the Availability Zone you requested (us-east-1a). Launching EC2 instance failed.'
    const list = Array.from({ length: 12 }, (_, i) =>
      activity(`c${i}`, i * 1000, 'Failed', capacity)
    )
    autoscaling
      .on(DescribeScalingActivitiesCommand)
      .resolvesOnce({ Activities: list.slice(0, 11) })
      .resolves({ Activities: list })
    const verdict = await watcher().run()
    expect(verdict).toMatchObject({ result: 'failure', rootCause: 'capacity-unavailable' })
    expect(clock.sleeps).toHaveLength(1)
  })

  it('reads a CREATE_FAILED health issue as its own verdict', async () => {
    eks.on(DescribeNodegroupCommand).resolves({
      nodegroup: {
        ...nodegroup('CREATE_FAILED').nodegroup,
        health: { issues: [{ code: 'InstanceLimitExceeded', message: 'quota', resourceIds: [] }] }
      }
    })
    autoscaling.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] })
    expect(await watcher().run()).toMatchObject({
      result: 'failure',
      rootCause: 'instance-quota-exceeded',
      failureCode: 'InstanceLimitExceeded'
    })
  })

  it('times out on the injected clock, naming what is pending', async () => {
    autoscaling.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] })
    const verdict = await watcher({ timeoutMs: 120_000 }).run()
    expect(verdict.result).toBe('timeout')
    expect(verdict.message).toContain('ng (CREATING)')
    expect(clock.time - T0).toBeGreaterThanOrEqual(120_000)
  })

  it('slows down under throttling and recovers after', async () => {
    const throttle = Object.assign(new Error('Rate exceeded'), {
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 }
    })
    autoscaling
      .on(DescribeScalingActivitiesCommand)
      .rejectsOnce(throttle)
      .rejectsOnce(throttle)
      .resolves({ Activities: [] })
    await watcher({ timeoutMs: 200_000 }).run()
    expect(clock.sleeps[1]).toBeGreaterThan(clock.sleeps[0])
    expect(clock.sleeps[clock.sleeps.length - 1]).toBeLessThan(clock.sleeps[1])
    expect(log.lines.some(l => l.startsWith('warning: AWS is throttling'))).toBe(true)
  })

  it('fails at once on AccessDenied, naming the IAM action', async () => {
    autoscaling.on(DescribeScalingActivitiesCommand).rejects(
      Object.assign(new Error('not authorized'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 }
      })
    )
    const verdict = await watcher().run()
    expect(verdict).toMatchObject({
      result: 'failure',
      rootCause: 'permission-denied',
      failureCode: 'autoscaling:DescribeScalingActivities'
    })
    expect(verdict.message).toMatch(
      /Access denied for autoscaling:DescribeScalingActivities on asg-ng/
    )
    expect(clock.sleeps).toHaveLength(0)
  })

  it('keeps calls per poll bounded however many node groups there are', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `ng${i}`)
    eks
      .on(DescribeNodegroupCommand)
      .callsFake((input: { nodegroupName: string }) => nodegroup('CREATING', input.nodegroupName))
    autoscaling.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] })
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] })
    const w = watcher({ nodegroupNames: names, timeoutMs: 60_000, maxCallsPerPoll: 20 })
    await w.run()
    const polls = clock.sleeps.length + 1
    expect(w.callCount / polls).toBeLessThanOrEqual(21)
  })

  it('picks up node groups that appear while watching', async () => {
    eks
      .on(ListNodegroupsCommand)
      .resolvesOnce({ nodegroups: ['ng'] })
      .resolves({ nodegroups: ['ng', 'late'] })
    eks
      .on(DescribeNodegroupCommand)
      .callsFake((input: { nodegroupName: string }) => nodegroup('CREATING', input.nodegroupName))
    autoscaling.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] })
    const w = watcher({ nodegroupNames: [], timeoutMs: 40_000 })
    await w.run()
    expect([...w.states.keys()]).toEqual(['ng', 'late'])
  })

  it('a node group deleted while watching (a replacement’s old one) is dropped, and the run ends on the others', async () => {
    eks
      .on(ListNodegroupsCommand)
      .resolvesOnce({ nodegroups: ['old', 'ng'] })
      .resolves({ nodegroups: ['ng'] })
    eks.on(DescribeNodegroupCommand).callsFake((input: { nodegroupName: string }) => {
      if (input.nodegroupName === 'old' && clock.now() > T0)
        throw Object.assign(new Error('No node group found for name: old.'), {
          name: 'ResourceNotFoundException'
        })
      return nodegroup(input.nodegroupName === 'old' ? 'DELETING' : 'ACTIVE', input.nodegroupName)
    })
    autoscaling.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] })
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: ['asg-ng', 'asg-old'].map(name => ({
        AutoScalingGroupName: name,
        DesiredCapacity: 1,
        MinSize: 1,
        MaxSize: 1,
        Instances: [{ InstanceId: 'i-1', LifecycleState: 'InService' }] as never,
        AvailabilityZones: [],
        HealthCheckType: 'EC2',
        DefaultCooldown: 300,
        CreatedTime: new Date(T0)
      }))
    })
    const w = watcher({ nodegroupNames: [], timeoutMs: 600_000 })
    const verdict = await w.run()
    expect(verdict).toMatchObject({ result: 'success' })
    expect([...w.states.keys()]).toEqual(['ng'])
    expect(log.lines).toContain('Node group old was deleted: no longer watched.')
    expect(clock.now() - T0).toBeLessThan(60_000)
  })

  it('stops when cancelled', async () => {
    const controller = new AbortController()
    autoscaling.on(DescribeScalingActivitiesCommand).callsFake(() => {
      controller.abort()
      return { Activities: [] }
    })
    const verdict = await watcher({ signal: controller.signal }).run()
    expect(verdict).toMatchObject({ result: 'timeout', cancelled: true })
  })
})
