/**
 * The watch's AWS reads: node groups (EKS), their Auto Scaling groups and scaling activities,
 * written into the observed state. Paginated and budgeted: at most `maxCallsPerPoll` calls a poll,
 * spent round-robin on the node groups not settled yet; activities come from a moving
 * StartTimeLowerBound, so a long history costs nothing.
 */
import {
  DescribeAutoScalingGroupsCommand,
  type AutoScalingClient
} from '@aws-sdk/client-auto-scaling'
import {
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  ListNodegroupsCommand,
  ListUpdatesCommand,
  type EKSClient
} from '@aws-sdk/client-eks'
import { isNotFound } from '../aws/errors.js'
import {
  activeUpdate,
  isSettled,
  newNodegroupState,
  type NodegroupState,
  type TimelineSink
} from '../model/index.js'
import { ActivityReads } from './activities.js'
import { CallMeter, type Send } from './call-meter.js'
import { recordGroup, recordNodegroup, recordUpdate } from './observations.js'

/** Updates described when a node group's list is first read: the newest; older ones are history. */
const RECENT_UPDATES = 3
/** At most this many calls a poll while node groups wait for their first read. */
const FIRST_READS_CAP = 60

export interface ReadOptions {
  clusterName: string
  /** Empty: every node group of the cluster, including ones that appear while watching. */
  nodegroupNames: string[]
  /** False when `asg-names` narrowed the watch and `nodegroup-names` is empty: none is adopted. */
  discover?: boolean
  signal?: AbortSignal
  maxCallsPerPoll?: number
  /** When the run started: activities of settled node groups are read from 15 minutes before. */
  startedAt: number
  now: () => number
}

export class NodegroupReads {
  readonly states = new Map<string, NodegroupState>()
  /** Node groups the cluster has, from the last ListNodegroups. */
  existing?: string[]
  /** Node groups found by listing that disappeared while watched, as last seen. */
  readonly deleted: NodegroupState[] = []
  /** False once ListNodegroups answered that the cluster does not exist. */
  clusterSeen = true
  /** The SDK had to retry a call in the last poll: AWS is pushing back. */
  private readonly meter: CallMeter
  private rotation = 0
  /** Node groups described at least once: one not read yet goes before any other read. */
  private readonly described = new Set<string>()
  private readonly activities: ActivityReads
  /** Update ids per node group already described or left as history. */
  private readonly knownUpdates = new Map<string, Set<string>>()

  constructor(
    private readonly aws: { eks: EKSClient; autoscaling: AutoScalingClient },
    private readonly timeline: TimelineSink,
    private readonly log: (line: string) => void,
    private readonly options: ReadOptions
  ) {
    for (const name of options.nodegroupNames) this.states.set(name, newNodegroupState(name, true))
    this.meter = new CallMeter(options.signal)
    this.activities = new ActivityReads(aws.autoscaling, this.meter.send, timeline, () =>
      options.now()
    )
  }

  /** AWS calls made so far (benchmarks divide by watched minutes). */
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

  /**
   * The calls one poll may make: the configured budget, raised while node groups wait for their
   * first read so that a large cluster has every node group read within the first two polls
   * (half the fleet a poll, up to FIRST_READS_CAP), then back to the budget.
   */
  private budget(): number {
    const base = this.options.maxCallsPerPoll ?? 20
    if ([...this.states.keys()].every(name => this.described.has(name))) return base
    return Math.max(base, Math.min(FIRST_READS_CAP, Math.ceil(this.states.size / 2) + 1))
  }

  async poll(): Promise<void> {
    this.meter.throttled = false
    const spent = this.meter.count
    const named = this.options.nodegroupNames.length > 0
    // Named node groups: the list is read only while one of them is missing (to say what exists).
    const adopt = !named && this.options.discover !== false
    if (adopt || [...this.states.values()].some(s => !s.exists)) await this.listNodegroups(adopt)
    const budget = this.budget()
    // First reads before anything else: activities of the first node groups must not keep the
    // others unread for minutes.
    const readNow = new Set<string>()
    for (const state of [...this.states.values()].filter(s => !this.described.has(s.name))) {
      if (this.meter.count - spent >= budget) break
      await this.describeNodegroup(state)
      readNow.add(state.name)
    }
    const pending = [...this.states.values()].filter(s => !isSettled(s))
    // Round-robin so every node group is visited even when the budget is smaller than the fleet.
    const order = pending.map((_, i) => pending[(i + this.rotation) % pending.length])
    // Settled node groups after them, while budget remains: a deploy command may update or scale
    // one out at any time (its update is then watched like a creation).
    const settled = [...this.states.values()].filter(s => isSettled(s))
    order.push(...settled.map((_, i) => settled[(i + this.rotation) % settled.length]))
    this.rotation++
    for (const state of order) {
      if (this.meter.count - spent >= budget) break
      if (!this.states.has(state.name)) continue
      if (!readNow.has(state.name)) await this.describeNodegroup(state)
      if (!state.exists) continue
      if (!pending.includes(state) && state.status === 'ACTIVE') continue
      // Updates cost calls only while one runs: UPDATING, or an update seen InProgress to its end.
      if ((state.status === 'UPDATING' || activeUpdate(state)) && this.meter.count - spent < budget)
        await this.readUpdates(state)
      for (const asg of state.asgNames) {
        if (this.meter.count - spent >= budget) break
        await this.fetchActivities(state, asg)
      }
    }
    // Settled node groups' Auto Scaling groups too (one call covers 50): a scale-out that bypasses
    // EKS (an autoscaler's SetDesiredCapacity) leaves the node group ACTIVE, and only the group's
    // desired capacity shows it. The node group is then pending again, and its launches are read.
    const needGroups = [...this.states.values()].filter(s => s.exists && s.asgNames.length > 0)
    if (needGroups.length > 0 && this.meter.count - spent < budget + 1)
      await this.describeGroups(needGroups)
  }

  private async listNodegroups(adopt: boolean): Promise<void> {
    const names: string[] = []
    let nextToken: string | undefined
    try {
      do {
        const page = await this.send('eks:ListNodegroups', this.options.clusterName, abortSignal =>
          this.aws.eks.send(
            new ListNodegroupsCommand({ clusterName: this.options.clusterName, nextToken }),
            { abortSignal }
          )
        )
        names.push(...(page.nodegroups ?? []))
        nextToken = page.nextToken
      } while (nextToken)
      this.clusterSeen = true
    } catch (error) {
      if (!isNotFound(error)) throw error
      this.clusterSeen = false
      return
    }
    this.existing = names
    if (!adopt) return
    for (const name of names) {
      if (this.states.has(name)) continue
      this.states.set(name, newNodegroupState(name, false))
      this.log(`Watching node group ${name}.`)
    }
  }

  private async describeNodegroup(state: NodegroupState): Promise<void> {
    this.described.add(state.name)
    let nodegroup
    try {
      nodegroup = (
        await this.send(
          'eks:DescribeNodegroup',
          `${this.options.clusterName}/${state.name}`,
          abortSignal =>
            this.aws.eks.send(
              new DescribeNodegroupCommand({
                clusterName: this.options.clusterName,
                nodegroupName: state.name
              }),
              { abortSignal }
            )
        )
      ).nodegroup
    } catch (error) {
      if (!isNotFound(error)) throw error
      // A node group found by listing that is gone was deleted (a replacement's old group, say):
      // it launches nothing more, so it is no longer watched (the verdict judges the deletion).
      // A named one is waited for.
      if (!state.named) {
        this.states.delete(state.name)
        state.deletedAt = this.options.now()
        this.deleted.push(state)
        this.timeline.add('eks', 'nodegroup-status', `node group ${state.name} deleted`, {
          nodegroup: state.name
        })
        this.log(`Node group ${state.name} was deleted: no longer watched.`)
        return
      }
      state.exists = false
      state.missingPolls = (state.missingPolls ?? 0) + 1
      state.missingSince ??= this.options.now()
      return
    }
    if (nodegroup) recordNodegroup(state, nodegroup, this.timeline)
  }

  /** ListUpdates for the node group, then DescribeUpdate for new ids and those still InProgress. */
  private async readUpdates(state: NodegroupState): Promise<void> {
    const cluster = this.options.clusterName
    const ids: string[] = []
    let nextToken: string | undefined
    do {
      const page = await this.send('eks:ListUpdates', `${cluster}/${state.name}`, abortSignal =>
        this.aws.eks.send(
          new ListUpdatesCommand({ name: cluster, nodegroupName: state.name, nextToken }),
          { abortSignal }
        )
      )
      ids.push(...(page.updateIds ?? []))
      nextToken = page.nextToken
    } while (nextToken)
    let known = this.knownUpdates.get(state.name)
    if (!known) {
      // First look: the newest few may be running; everything older is history.
      known = new Set(ids.slice(0, Math.max(0, ids.length - RECENT_UPDATES)))
      this.knownUpdates.set(state.name, known)
    }
    const toDescribe = [
      ...ids.filter(id => !known.has(id)),
      ...state.updates.filter(u => u.status === 'InProgress').map(u => u.id)
    ]
    for (const id of new Set(toDescribe)) {
      known.add(id)
      const update = (
        await this.send('eks:DescribeUpdate', `${cluster}/${state.name}`, abortSignal =>
          this.aws.eks.send(
            new DescribeUpdateCommand({ name: cluster, nodegroupName: state.name, updateId: id }),
            { abortSignal }
          )
        )
      ).update
      if (update)
        recordUpdate(state, update, this.timeline, this.options.startedAt, () => this.options.now())
    }
  }

  /** Activities of the node group's current operation, or of the last minutes for a settled one. */
  private initialLowerBound(state: NodegroupState): Date {
    const update = activeUpdate(state)
    const since =
      state.status === 'UPDATING'
        ? (update?.createdAt ?? state.modifiedAt ?? state.createdAt)
        : state.status === 'CREATING' || state.status === 'CREATE_FAILED'
          ? state.createdAt
          : undefined
    if (since) return new Date(since.getTime() - 60_000)
    return new Date(this.options.startedAt - 15 * 60_000)
  }

  private async fetchActivities(state: NodegroupState, asg: string): Promise<void> {
    await this.activities.fetch(state, asg, () => this.initialLowerBound(state))
  }

  private async describeGroups(states: NodegroupState[]): Promise<void> {
    const names = states.flatMap(s => s.asgNames)
    for (let i = 0; i < names.length; i += 50) {
      const batch = names.slice(i, i + 50)
      const response = await this.send(
        'autoscaling:DescribeAutoScalingGroups',
        batch.join(','),
        abortSignal =>
          this.aws.autoscaling.send(
            new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: batch }),
            { abortSignal }
          )
      )
      for (const group of response.AutoScalingGroups ?? [])
        recordGroup(states, group, this.timeline)
    }
  }
}
