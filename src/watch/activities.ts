/**
 * Scaling activities of one Auto Scaling group, from a moving StartTimeLowerBound so that a long
 * history costs nothing: shared by every launcher whose nodes an Auto Scaling group launches
 * (managed node groups, self-managed groups).
 */
import {
  DescribeScalingActivitiesCommand,
  type Activity,
  type AutoScalingClient
} from '@aws-sdk/client-auto-scaling'
import type { NodegroupState, TimelineSink } from '../model/index.js'
import { recordActivity } from './observations.js'

const MAX_ACTIVITY_PAGES = 5

/** A counted, budgeted AWS call (the reads' own `send`). */
export type Send = <T extends { $metadata?: { attempts?: number } }>(
  action: string,
  resource: string | undefined,
  fn: (abortSignal?: AbortSignal) => Promise<T>
) => Promise<T>

export class ActivityReads {
  private readonly lowerBound = new Map<string, Date>()

  constructor(
    private readonly autoscaling: AutoScalingClient,
    private readonly send: Send,
    private readonly timeline: TimelineSink,
    private readonly now: () => number
  ) {}

  /** Activities of `asg` since the last read, or since `initial` on the first. */
  async fetch(state: NodegroupState, asg: string, initial: () => Date): Promise<void> {
    const lower = this.lowerBound.get(asg) ?? initial()
    const fetched: Activity[] = []
    let nextToken: string | undefined
    let pages = 0
    do {
      const page = await this.send('autoscaling:DescribeScalingActivities', asg, abortSignal =>
        this.autoscaling.send(
          new DescribeScalingActivitiesCommand({
            AutoScalingGroupName: asg,
            MaxRecords: 100,
            NextToken: nextToken,
            Filters: [{ Name: 'StartTimeLowerBound', Values: [lower.toISOString()] }]
          }),
          { abortSignal }
        )
      )
      fetched.push(...(page.Activities ?? []))
      nextToken = page.NextToken
    } while (nextToken && ++pages < MAX_ACTIVITY_PAGES)
    // Oldest first, so the timeline and runs of transient failures read in order.
    fetched.sort((a, b) => (a.StartTime?.getTime() ?? 0) - (b.StartTime?.getTime() ?? 0))
    for (const activity of fetched) recordActivity(state, asg, activity, this.timeline, this.now)
    const open = [...state.activities.values()].filter(a => a.asg === asg && !a.end)
    const newest = fetched.reduce(
      (max, a) => Math.max(max, a.StartTime?.getTime() ?? 0),
      lower.getTime()
    )
    const oldestOpen = open.reduce(
      (min, a) => Math.min(min, a.start.getTime()),
      Number.POSITIVE_INFINITY
    )
    this.lowerBound.set(asg, new Date(Math.min(newest, oldestOpen)))
  }
}
