/**
 * Self-managed Auto Scaling groups of the cluster: a launcher beside managed node groups, read
 * here and fed into the same observed state (NodegroupState, `selfManaged`), so the one verdict
 * judges their launches as it judges node groups'. Found by the tags the tools that create them
 * put on them (see `clusterTagKeys`), or named in the `asg-names` input.
 */
import {
  DescribeAutoScalingGroupsCommand,
  type AutoScalingClient,
  type AutoScalingGroup
} from '@aws-sdk/client-auto-scaling'
import {
  isSettled,
  newNodegroupState,
  type NodegroupState,
  type TimelineSink
} from '../model/index.js'
import { ActivityReads } from './activities.js'
import { CallMeter, type Send } from './call-meter.js'
import { isSelfManagedOf, clusterTagKeys } from './self-managed-tags.js'

export interface SelfManagedOptions {
  clusterName: string
  /** The `asg-names` input: only these are watched (each waited for until it exists). */
  asgNames: string[]
  /** False when `nodegroup-names` narrowed the watch and `asg-names` is empty: nothing is found. */
  discover: boolean
  signal?: AbortSignal
  maxCallsPerPoll?: number
  startedAt: number
  now: () => number
}

/** DescribeAutoScalingGroups answers at most this many groups a page (its MaxRecords limit). */
const PAGE = 100
/** AutoScalingGroupNames takes at most 50 names a call. */
const NAMES_PER_CALL = 50

export class SelfManagedReads {
  readonly states = new Map<string, NodegroupState>()
  /** Self-managed groups of the cluster, from the last tag search. */
  existing?: string[]
  /** Groups found by their tags that disappeared while watched, as last seen. */
  readonly deleted: NodegroupState[] = []
  private readonly meter: CallMeter
  private rotation = 0
  private readonly activities: ActivityReads

  constructor(
    private readonly autoscaling: AutoScalingClient,
    private readonly timeline: TimelineSink,
    private readonly log: (line: string) => void,
    private readonly options: SelfManagedOptions
  ) {
    for (const name of options.asgNames) this.states.set(name, newNodegroupState(name, true, true))
    this.meter = new CallMeter(options.signal)
    this.activities = new ActivityReads(autoscaling, this.meter.send, timeline, () => options.now())
  }

  get callCount(): number {
    return this.meter.count
  }

  private get send(): Send {
    return this.meter.send
  }

  /** A call of this poll was retried by the SDK: the loop slows down. */
  get throttled(): boolean {
    return this.meter.throttled
  }

  async poll(): Promise<void> {
    this.meter.throttled = false
    const named = this.options.asgNames.length > 0
    if (!named && !this.options.discover) return
    const spent = this.meter.count
    // Named groups: the tag search runs only while one is missing (to say what exists).
    if (!named || [...this.states.values()].some(s => !s.exists)) await this.discover(!named)
    if (named) await this.describeNamed()
    const budget = this.options.maxCallsPerPoll ?? 20
    const watched = [...this.states.values()].filter(s => s.exists)
    // Unsettled first, round-robin, so a large fleet is visited even on a small budget; a settled
    // group's desired capacity (read above every poll) makes it unsettled again on a scale-out.
    const pending = watched.filter(s => !isSettled(s))
    const order = pending.map((_, i) => pending[(i + this.rotation) % pending.length])
    this.rotation++
    for (const state of order) {
      if (this.meter.count - spent >= budget) break
      await this.activities.fetch(state, state.name, () => this.initialLowerBound(state))
    }
  }

  /** Activities since the group's creation when it is new, else from 15 minutes before the run. */
  private initialLowerBound(state: NodegroupState): Date {
    const runWindow = this.options.startedAt - 15 * 60_000
    const created = state.createdAt?.getTime()
    return new Date(created !== undefined && created > runWindow ? created - 60_000 : runWindow)
  }

  /**
   * The cluster's groups by tag key (one filter: its values are ORed; Amazon EC2 Auto Scaling API
   * Reference, Filter: https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_Filter.html),
   * then kept only when a tag names this cluster and no `eks:nodegroup-name` tag says EKS owns it.
   */
  private async discover(adopt: boolean): Promise<void> {
    const found: AutoScalingGroup[] = []
    let nextToken: string | undefined
    do {
      const page = await this.send(
        'autoscaling:DescribeAutoScalingGroups',
        `Auto Scaling groups tagged for cluster ${this.options.clusterName}`,
        abortSignal =>
          this.autoscaling.send(
            new DescribeAutoScalingGroupsCommand({
              Filters: [{ Name: 'tag-key', Values: clusterTagKeys(this.options.clusterName) }],
              MaxRecords: PAGE,
              NextToken: nextToken
            }),
            { abortSignal }
          )
      )
      found.push(...(page.AutoScalingGroups ?? []))
      nextToken = page.NextToken
    } while (nextToken)
    const ours = found.filter(g => isSelfManagedOf(g, this.options.clusterName))
    this.existing = ours.map(g => g.AutoScalingGroupName ?? '').filter(Boolean)
    if (!adopt) return
    for (const group of ours) {
      const name = group.AutoScalingGroupName!
      let state = this.states.get(name)
      if (!state) {
        state = newNodegroupState(name, false, true)
        this.states.set(name, state)
        this.log(`Watching self-managed Auto Scaling group ${name}.`)
      }
      this.record(state, group)
    }
    for (const state of [...this.states.values()]) {
      if (this.existing.includes(state.name)) continue
      // Gone from the search (deleted, or its cluster tags removed): it launches nothing more
      // for this cluster; the verdict judges the disappearance as a deleted node group's.
      this.states.delete(state.name)
      state.deletedAt = this.options.now()
      this.deleted.push(state)
      this.timeline.add(
        'autoscaling',
        'nodegroup-status',
        `Auto Scaling group ${state.name} deleted`,
        {
          nodegroup: state.name
        }
      )
      this.log(`Auto Scaling group ${state.name} is gone: no longer watched.`)
    }
  }

  /** The named groups by name; one not answered does not exist (yet). */
  private async describeNamed(): Promise<void> {
    const names = [...this.states.keys()]
    const answered = new Set<string>()
    for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
      const batch = names.slice(i, i + NAMES_PER_CALL)
      const response = await this.send(
        'autoscaling:DescribeAutoScalingGroups',
        batch.join(','),
        abortSignal =>
          this.autoscaling.send(
            new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: batch }),
            { abortSignal }
          )
      )
      for (const group of response.AutoScalingGroups ?? []) {
        const state = this.states.get(group.AutoScalingGroupName ?? '')
        if (!state) continue
        answered.add(state.name)
        this.record(state, group)
      }
    }
    for (const state of this.states.values()) {
      if (answered.has(state.name)) continue
      state.exists = false
      state.missingPolls = (state.missingPolls ?? 0) + 1
      state.missingSince ??= this.options.now()
    }
  }

  private record(state: NodegroupState, group: AutoScalingGroup): void {
    const name = state.name
    if (!state.exists)
      this.timeline.add('autoscaling', 'asg-created', `Auto Scaling group ${name} created`, {
        at: group.CreatedTime,
        nodegroup: name
      })
    state.exists = true
    state.missingPolls = 0
    // A group being deleted launches nothing more: DELETING, as EKS says of a node group.
    // (AutoScalingGroup.Status: "Delete in progress"; API Reference, AutoScalingGroup.)
    state.status = group.Status ? 'DELETING' : 'ACTIVE'
    state.firstSeenStatus ??= state.status
    state.createdAt = group.CreatedTime
    state.asgNames = [name]
    state.asgs.set(name, group)
  }
}
