/**
 * Watches node groups and their Auto Scaling groups' scaling activities, and reaches a verdict:
 * success when every target is ACTIVE with its instances in service, failure at the first fatal
 * launch failure (seconds after Auto Scaling records it, not when EKS gives up), timeout otherwise.
 *
 * Cost per poll is bounded: at most `maxCallsPerPoll` calls, spent round-robin on the node
 * groups that are not settled yet; activities are fetched from a moving StartTimeLowerBound, so
 * a long history costs nothing.
 */
import {
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  type Activity,
  type AutoScalingClient,
  type AutoScalingGroup
} from '@aws-sdk/client-auto-scaling'
import {
  DescribeNodegroupCommand,
  ListNodegroupsCommand,
  type EKSClient,
  type Issue
} from '@aws-sdk/client-eks'
import { call, errorMessage, isNotFound, isTransient, PermissionError } from '../aws/errors.js'
import type { Clock } from '../clock.js'
import type { RootCause } from '../diagnose/causes.js'
import type { LaunchTemplateRef } from '../kms/discover.js'
import type { Timeline } from '../report/timeline.js'
import {
  classifyMessage,
  HEALTH_ISSUE_CAUSES,
  UNRECOGNISED_FAILURE,
  type FailurePattern
} from './failures.js'

export interface ActivityRecord {
  id: string
  asg: string
  nodegroup: string
  start: Date
  end?: Date
  statusCode: string
  statusMessage: string
  description: string
  pattern?: FailurePattern
  code?: string
  /** Why it did not decide the verdict, when it did not. */
  history?: string
}

export interface NodegroupState {
  name: string
  named: boolean
  exists: boolean
  status?: string
  createdAt?: Date
  modifiedAt?: Date
  asgNames: string[]
  asgs: Map<string, AutoScalingGroup>
  launchTemplate?: LaunchTemplateRef
  healthIssues: Issue[]
  activities: Map<string, ActivityRecord>
  /** StartTimeLowerBound per Auto Scaling group. */
  lowerBound: Map<string, Date>
  /** Consecutive transient failures per Auto Scaling group and pattern. */
  transientRun: Map<string, { pattern: FailurePattern; count: number }>
  settled: boolean
  hookedAsgs: Set<string>
  hooked: boolean
}

export interface WatchVerdict {
  result: 'success' | 'failure' | 'timeout'
  rootCause?: RootCause | 'key-check'
  failureCode?: string
  nodegroup?: string
  activity?: ActivityRecord
  healthIssue?: Issue
  message: string
  decidedAt: number
  cancelled?: boolean
}

export interface WatchOptions {
  clusterName: string
  /** Empty: every node group of the cluster, including ones that appear while watching. */
  nodegroupNames: string[]
  timeoutMs: number
  pollIntervalMs: number
  signal?: AbortSignal
  maxCallsPerPoll?: number
  random?: () => number
}

export interface WatchHooks {
  /** A node group (or a new Auto Scaling group of it) was seen: discover, check, patch its keys. */
  onNodegroup?(state: NodegroupState): Promise<void>
  /** Time from which a KMS launch failure is fatal (this run's patch plus the propagation grace). */
  kmsFatalFrom?(nodegroup: string): number | undefined
  /** Whether the key checks found a problem that explains a KMS launch failure. */
  keyProblemKnown?(nodegroup: string): boolean
  /** False while something else (the deploy command) must finish before success is declared. */
  mayConcludeSuccess?(): boolean
  /** A verdict imposed from outside (the deploy command failed). */
  externalVerdict?(): WatchVerdict | undefined
}

export interface WatchLogger {
  info(line: string): void
  warning(line: string): void
}

const TERMINAL_FAILURE = new Set(['Failed', 'Cancelled'])
const MAX_PAGES = 5
/** The slowest the loop gets under throttling, as a multiple of the poll interval. */
const MAX_BACKOFF = 4

export class NodegroupWatcher {
  readonly states = new Map<string, NodegroupState>()
  readonly startedAt: number
  private backoff = 1
  private throttledThisPoll = false
  private calls = 0
  private rotation = 0
  private lastProgress = ''
  private lastProgressAt = 0
  private clusterSeen = true
  firstFailureAt?: number

  constructor(
    private readonly aws: { eks: EKSClient; autoscaling: AutoScalingClient },
    private readonly clock: Clock,
    private readonly timeline: Timeline,
    private readonly log: WatchLogger,
    private readonly options: WatchOptions,
    private readonly hooks: WatchHooks = {}
  ) {
    this.startedAt = clock.now()
    for (const name of options.nodegroupNames) this.states.set(name, newState(name, true))
  }

  async run(): Promise<WatchVerdict> {
    const deadline = this.startedAt + this.options.timeoutMs
    const random = this.options.random ?? Math.random
    for (;;) {
      if (this.options.signal?.aborted) return this.cancelled()
      try {
        this.throttledThisPoll = false
        await this.poll()
        // Slow down once per poll that AWS throttled; recover gradually on clean polls.
        this.backoff = this.throttledThisPoll
          ? Math.min(this.backoff * 1.5, MAX_BACKOFF)
          : Math.max(1, this.backoff / 1.5)
      } catch (error) {
        // An in-flight call cut short by our own cancellation or deadline is not an AWS failure.
        if (this.options.signal?.aborted) return this.cancelled()
        if (error instanceof PermissionError || !isTransient(error)) throw error
        this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF)
        this.log.warning(
          `AWS is throttling or failing (${errorMessage(error)}); polling every ${((this.options.pollIntervalMs * this.backoff) / 1000).toFixed(1)}s for now.`
        )
      }
      const verdict = this.hooks.externalVerdict?.() ?? this.decide()
      if (verdict) return verdict
      if (this.options.signal?.aborted) return this.cancelled()
      if (this.clock.now() >= deadline) return this.timedOut()
      this.progress()
      const wait = this.options.pollIntervalMs * this.backoff * (0.9 + 0.2 * random())
      await this.clock.sleep(
        Math.min(wait, Math.max(0, deadline - this.clock.now())),
        this.options.signal
      )
    }
  }

  /** AWS calls made so far (benchmarks divide by watched minutes). */
  get callCount(): number {
    return this.calls
  }

  private async send<T extends { $metadata?: { attempts?: number } }>(
    action: string,
    resource: string | undefined,
    fn: () => Promise<T>
  ): Promise<T> {
    this.calls++
    const response = await call(action, resource, fn)
    // The SDK retried inside the call: AWS is pushing back, so the loop should ease off.
    if ((response.$metadata?.attempts ?? 1) > 1) this.throttledThisPoll = true
    return response
  }

  private async poll(): Promise<void> {
    const budget = this.options.maxCallsPerPoll ?? 20
    const spent = this.calls
    if (this.options.nodegroupNames.length === 0) await this.discoverNodegroups()
    const pending = [...this.states.values()].filter(s => !s.settled)
    // Round-robin so every node group is visited even when the budget is smaller than the fleet.
    const order = pending.map((_, i) => pending[(i + this.rotation) % pending.length])
    this.rotation++
    for (const state of order) {
      if (this.calls - spent >= budget) break
      await this.describeNodegroup(state)
      if (!state.exists) continue
      for (const asg of state.asgNames) {
        if (this.calls - spent >= budget) break
        await this.fetchActivities(state, asg)
      }
    }
    const needGroups = pending.filter(s => s.exists && s.asgNames.length > 0)
    if (needGroups.length > 0 && this.calls - spent < budget + 1)
      await this.describeGroups(needGroups)
    for (const state of pending) {
      if (!state.exists) continue
      if (
        this.hooks.onNodegroup &&
        (!state.hooked || state.asgNames.some(a => !state.hookedAsgs.has(a)))
      ) {
        state.hooked = true
        for (const asg of state.asgNames) state.hookedAsgs.add(asg)
        await this.hooks.onNodegroup(state)
      }
      state.settled = this.isSettled(state)
    }
  }

  private async discoverNodegroups(): Promise<void> {
    let nextToken: string | undefined
    try {
      do {
        const page = await this.send('eks:ListNodegroups', this.options.clusterName, () =>
          this.aws.eks.send(
            new ListNodegroupsCommand({ clusterName: this.options.clusterName, nextToken }),
            { abortSignal: this.options.signal }
          )
        )
        for (const name of page.nodegroups ?? []) {
          if (!this.states.has(name)) {
            this.states.set(name, newState(name, false))
            this.log.info(`Watching node group ${name}.`)
          }
        }
        nextToken = page.nextToken
      } while (nextToken)
      this.clusterSeen = true
    } catch (error) {
      if (!isNotFound(error)) throw error
      this.clusterSeen = false
    }
  }

  private async describeNodegroup(state: NodegroupState): Promise<void> {
    let nodegroup
    try {
      nodegroup = (
        await this.send('eks:DescribeNodegroup', `${this.options.clusterName}/${state.name}`, () =>
          this.aws.eks.send(
            new DescribeNodegroupCommand({
              clusterName: this.options.clusterName,
              nodegroupName: state.name
            }),
            { abortSignal: this.options.signal }
          )
        )
      ).nodegroup
    } catch (error) {
      if (isNotFound(error)) {
        state.exists = false
        return
      }
      throw error
    }
    if (!nodegroup) return
    const firstSeen = !state.exists
    const previousStatus = state.status
    state.exists = true
    state.status = nodegroup.status
    state.createdAt = nodegroup.createdAt
    state.modifiedAt = nodegroup.modifiedAt
    state.healthIssues = nodegroup.health?.issues ?? []
    state.launchTemplate = nodegroup.launchTemplate
      ? {
          id: nodegroup.launchTemplate.id,
          name: nodegroup.launchTemplate.name,
          version: nodegroup.launchTemplate.version
        }
      : undefined
    if (firstSeen) {
      this.timeline.add(
        'eks',
        'nodegroup-created',
        `node group ${state.name} created (status ${state.status})`,
        { at: state.createdAt, nodegroup: state.name }
      )
    }
    if (previousStatus !== undefined && previousStatus !== state.status) {
      this.timeline.add(
        'eks',
        'nodegroup-status',
        `node group ${state.name}: ${previousStatus} → ${state.status}`,
        { nodegroup: state.name }
      )
    }
    for (const group of nodegroup.resources?.autoScalingGroups ?? []) {
      if (group.name && !state.asgNames.includes(group.name)) {
        state.asgNames.push(group.name)
        state.lowerBound.set(group.name, this.initialLowerBound(state))
      }
    }
  }

  /** Activities of the node group's current operation, or of the last minutes for a settled one. */
  private initialLowerBound(state: NodegroupState): Date {
    if (
      (state.status === 'CREATING' ||
        state.status === 'UPDATING' ||
        state.status === 'CREATE_FAILED') &&
      state.createdAt
    ) {
      return new Date(
        (state.status === 'UPDATING'
          ? (state.modifiedAt ?? state.createdAt)
          : state.createdAt
        ).getTime() - 60_000
      )
    }
    return new Date(this.startedAt - 15 * 60_000)
  }

  private async fetchActivities(state: NodegroupState, asg: string): Promise<void> {
    const lower = state.lowerBound.get(asg) ?? this.initialLowerBound(state)
    const fetched: Activity[] = []
    let nextToken: string | undefined
    let pages = 0
    do {
      const page = await this.send('autoscaling:DescribeScalingActivities', asg, () =>
        this.aws.autoscaling.send(
          new DescribeScalingActivitiesCommand({
            AutoScalingGroupName: asg,
            MaxRecords: 100,
            NextToken: nextToken,
            Filters: [{ Name: 'StartTimeLowerBound', Values: [lower.toISOString()] }]
          }),
          { abortSignal: this.options.signal }
        )
      )
      fetched.push(...(page.Activities ?? []))
      nextToken = page.NextToken
    } while (nextToken && ++pages < MAX_PAGES)
    // Oldest first, so runs of transient failures are counted in order.
    fetched.sort((a, b) => (a.StartTime?.getTime() ?? 0) - (b.StartTime?.getTime() ?? 0))
    for (const activity of fetched) this.record(state, asg, activity)
    const open = [...state.activities.values()].filter(a => a.asg === asg && !a.end)
    const newest = fetched.reduce(
      (max, a) => Math.max(max, a.StartTime?.getTime() ?? 0),
      lower.getTime()
    )
    const oldestOpen = open.reduce(
      (min, a) => Math.min(min, a.start.getTime()),
      Number.POSITIVE_INFINITY
    )
    state.lowerBound.set(asg, new Date(Math.min(newest, oldestOpen)))
  }

  private record(state: NodegroupState, asg: string, activity: Activity): void {
    const id = activity.ActivityId
    if (!id || !activity.StartTime) return
    let record = state.activities.get(id)
    if (!record) {
      record = {
        id,
        asg,
        nodegroup: state.name,
        start: activity.StartTime,
        statusCode: activity.StatusCode ?? 'InProgress',
        statusMessage: activity.StatusMessage ?? '',
        description: activity.Description ?? ''
      }
      state.activities.set(id, record)
      this.timeline.add(
        'autoscaling',
        'launch-attempt',
        `${asg}: ${record.description || 'scaling activity started'}`,
        { at: record.start, nodegroup: state.name }
      )
    }
    if (record.end) return
    record.statusCode = activity.StatusCode ?? record.statusCode
    record.statusMessage = activity.StatusMessage ?? record.statusMessage
    record.description = activity.Description ?? record.description
    if (
      !activity.EndTime &&
      !TERMINAL_FAILURE.has(record.statusCode) &&
      record.statusCode !== 'Successful'
    )
      return
    record.end = activity.EndTime ?? new Date(this.clock.now())
    if (record.statusCode === 'Successful') {
      state.transientRun.delete(asg)
      this.timeline.add('autoscaling', 'launch-succeeded', `${asg}: ${record.description}`, {
        at: record.end,
        nodegroup: state.name
      })
      return
    }
    if (!TERMINAL_FAILURE.has(record.statusCode)) return
    const text = `${record.statusMessage} ${record.description}`
    const classification = classifyMessage(text)
    record.pattern =
      classification?.pattern ?? (record.statusCode === 'Failed' ? UNRECOGNISED_FAILURE : undefined)
    record.code =
      classification?.code ?? (record.statusCode === 'Failed' ? 'Unrecognised' : undefined)
    this.firstFailureAt ??= record.end.getTime()
    this.timeline.add(
      'autoscaling',
      'launch-failed',
      `${asg}: ${record.statusCode}: ${record.statusMessage || record.description}`,
      { at: record.end, nodegroup: state.name }
    )
    if (record.pattern?.kind === 'transient') {
      const run = state.transientRun.get(asg)
      state.transientRun.set(
        asg,
        run && run.pattern.id === record.pattern.id
          ? { pattern: run.pattern, count: run.count + 1 }
          : { pattern: record.pattern, count: 1 }
      )
    }
  }

  private async describeGroups(states: NodegroupState[]): Promise<void> {
    const names = states.flatMap(s => s.asgNames)
    for (let i = 0; i < names.length; i += 50) {
      const batch = names.slice(i, i + 50)
      const response = await this.send(
        'autoscaling:DescribeAutoScalingGroups',
        batch.join(','),
        () =>
          this.aws.autoscaling.send(
            new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: batch }),
            { abortSignal: this.options.signal }
          )
      )
      for (const group of response.AutoScalingGroups ?? []) {
        const state = states.find(s => s.asgNames.includes(group.AutoScalingGroupName ?? ''))
        if (!state || !group.AutoScalingGroupName) continue
        if (!state.asgs.has(group.AutoScalingGroupName)) {
          this.timeline.add(
            'autoscaling',
            'asg-created',
            `Auto Scaling group ${group.AutoScalingGroupName} created`,
            { at: group.CreatedTime, nodegroup: state.name }
          )
        }
        state.asgs.set(group.AutoScalingGroupName, group)
      }
    }
  }

  private isSettled(state: NodegroupState): boolean {
    if (state.status !== 'ACTIVE') return false
    for (const name of state.asgNames) {
      const group = state.asgs.get(name)
      if (!group) return false
      const inService = (group.Instances ?? []).filter(i => i.LifecycleState === 'InService').length
      if (inService < (group.DesiredCapacity ?? 0)) return false
    }
    return true
  }

  /** Whether a failure of this activity may decide the verdict, or is history. */
  private historyReason(state: NodegroupState, record: ActivityRecord): string | undefined {
    const start = record.start.getTime()
    const operationStart =
      (state.status === 'CREATING' || state.status === 'CREATE_FAILED') && state.createdAt
        ? state.createdAt.getTime()
        : this.startedAt
    if (start < operationStart - 60_000)
      return 'started before the node group operation being watched'
    if (record.pattern?.rootCause === 'key-check') {
      const from = this.hooks.kmsFatalFrom?.(state.name)
      if (from !== undefined && start < from)
        return 'started before this run’s key policy patch had propagated'
      if (
        start < this.startedAt &&
        this.hooks.keyProblemKnown &&
        !this.hooks.keyProblemKnown(state.name)
      ) {
        return 'started before this run, and the key now passes every check (fixed since?)'
      }
    }
    return undefined
  }

  private decide(): WatchVerdict | undefined {
    const now = this.clock.now()
    for (const state of this.states.values()) {
      for (const record of [...state.activities.values()].sort(
        (a, b) => a.start.getTime() - b.start.getTime()
      )) {
        if (!record.end || !record.pattern || !TERMINAL_FAILURE.has(record.statusCode)) continue
        const reason = this.historyReason(state, record)
        if (reason) {
          record.history = reason
          continue
        }
        if (record.pattern.kind === 'fatal') return this.failure(state, record, now)
      }
      for (const [, run] of state.transientRun) {
        if (run.count >= (run.pattern.threshold ?? Infinity)) {
          const last = [...state.activities.values()]
            .filter(a => a.pattern?.id === run.pattern.id && !a.history)
            .sort((a, b) => b.start.getTime() - a.start.getTime())[0]
          if (last)
            return this.failure(state, last, now, `${run.count} launches in a row failed this way`)
        }
      }
      if (
        state.status === 'CREATE_FAILED' ||
        state.status === 'DEGRADED' ||
        (state.status === 'ACTIVE' && state.healthIssues.length > 0)
      ) {
        const verdict = this.healthVerdict(state, now)
        if (verdict) return verdict
      }
    }
    const targets = [...this.states.values()]
    const mayConclude = this.hooks.mayConcludeSuccess?.() ?? true
    if (!mayConclude) return undefined
    if (targets.length === 0) {
      return {
        result: 'success',
        message: this.clusterSeen
          ? `Cluster ${this.options.clusterName} has no node groups to watch.`
          : `Cluster ${this.options.clusterName} was not found.`,
        decidedAt: now,
        rootCause: this.clusterSeen ? undefined : 'nodegroup-not-found'
      }
    }
    if (targets.every(s => s.settled)) {
      return {
        result: 'success',
        message: `Every node group is ACTIVE with its instances in service: ${targets.map(s => s.name).join(', ')}.`,
        decidedAt: now
      }
    }
    return undefined
  }

  private healthVerdict(state: NodegroupState, now: number): WatchVerdict | undefined {
    const issue = state.healthIssues[0]
    if (!issue) {
      if (state.status === 'CREATE_FAILED') {
        return {
          result: 'failure',
          rootCause: 'nodegroup-create-failed',
          nodegroup: state.name,
          failureCode: 'CREATE_FAILED',
          message: `Node group ${state.name} is CREATE_FAILED.`,
          decidedAt: now
        }
      }
      return undefined
    }
    const classification = classifyMessage(issue.message ?? '')
    const kms = classification?.pattern.rootCause === 'key-check'
    // A degraded group whose KMS problem was just fixed recovers on the next launch: wait out the grace.
    const fatalFrom = this.hooks.kmsFatalFrom?.(state.name)
    if (kms && state.status !== 'CREATE_FAILED' && fatalFrom !== undefined && now < fatalFrom)
      return undefined
    const rootCause =
      classification?.pattern.rootCause ??
      HEALTH_ISSUE_CAUSES[issue.code ?? ''] ??
      'nodegroup-create-failed'
    return {
      result: 'failure',
      rootCause,
      nodegroup: state.name,
      failureCode: classification?.code ?? issue.code,
      healthIssue: issue,
      message: `Node group ${state.name} is ${state.status}: ${issue.code}: ${issue.message}`,
      decidedAt: now
    }
  }

  private failure(
    state: NodegroupState,
    record: ActivityRecord,
    now: number,
    note?: string
  ): WatchVerdict {
    const pattern = record.pattern as FailurePattern
    return {
      result: 'failure',
      rootCause: pattern.rootCause,
      failureCode: record.code,
      nodegroup: state.name,
      activity: record,
      message: `Node group ${state.name}: launch ${record.statusCode.toLowerCase()} at ${record.start.toISOString()}: ${record.statusMessage || record.description}${note ? ` (${note})` : ''}`,
      decidedAt: now
    }
  }

  private pendingSummary(): string {
    return [...this.states.values()]
      .filter(s => !s.settled)
      .map(s => (s.exists ? `${s.name} (${s.status})` : `${s.name} (not created yet)`))
      .join(', ')
  }

  private timedOut(): WatchVerdict {
    const pending = this.pendingSummary()
    const missing = [...this.states.values()].some(s => s.named && !s.exists)
    return {
      result: 'timeout',
      rootCause: missing ? 'nodegroup-not-found' : undefined,
      message: `No verdict after ${formatDuration(this.options.timeoutMs)}; still pending: ${pending || (this.states.size === 0 ? 'no node group appeared' : 'nothing')}.`,
      decidedAt: this.clock.now()
    }
  }

  private cancelled(): WatchVerdict {
    if (this.options.signal?.reason === 'timeout') return this.timedOut()
    return {
      result: 'timeout',
      cancelled: true,
      message: `Cancelled while watching; still pending: ${this.pendingSummary() || 'nothing'}.`,
      decidedAt: this.clock.now()
    }
  }

  /** One line per poll at most: when something changed, or once a minute so the log never goes silent. */
  private progress(): void {
    const now = this.clock.now()
    const parts = [...this.states.values()].map(s => {
      if (!s.exists) return `${s.name}: not created yet`
      const activities = [...s.activities.values()]
      const failed = activities.filter(a => TERMINAL_FAILURE.has(a.statusCode)).length
      const group = s.asgNames.map(n => s.asgs.get(n)).find(Boolean)
      const inService = group
        ? `${(group.Instances ?? []).filter(i => i.LifecycleState === 'InService').length}/${group.DesiredCapacity ?? 0} in service`
        : 'no Auto Scaling group yet'
      return `${s.name}: ${s.status}, ${inService}, ${activities.length} launch activities (${failed} failed)`
    })
    const line =
      parts.join(' | ') ||
      (this.clusterSeen
        ? 'waiting for node groups'
        : `waiting for cluster ${this.options.clusterName}`)
    if (line === this.lastProgress && now - this.lastProgressAt < 60_000) return
    this.lastProgress = line
    this.lastProgressAt = now
    this.log.info(`[${formatElapsed(now - this.startedAt)}] ${line}`)
  }
}

function newState(name: string, named: boolean): NodegroupState {
  return {
    name,
    named,
    exists: false,
    asgNames: [],
    asgs: new Map(),
    healthIssues: [],
    activities: new Map(),
    lowerBound: new Map(),
    transientRun: new Map(),
    settled: false,
    hookedAsgs: new Set(),
    hooked: false
  }
}

export function formatDuration(ms: number): string {
  return ms < 120_000
    ? `${Math.round(ms / 100) / 10} seconds`
    : `${Math.round(ms / 6000) / 10} minutes`
}

export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`
}
