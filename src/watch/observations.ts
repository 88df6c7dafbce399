/**
 * What an AWS answer means for the watch: a node group, an update or a scaling activity written
 * into the observed state, with the timeline events it makes. The reads decide what to ask and
 * when; these only record the answers.
 */
import type { Activity, AutoScalingGroup } from '@aws-sdk/client-auto-scaling'
import type { Nodegroup, Update } from '@aws-sdk/client-eks'
import {
  classifyMessage,
  describeUpdate,
  FAILED_ACTIVITY,
  UNRECOGNISED_FAILURE,
  UPDATE_TERMINAL,
  type NodegroupState,
  type TimelineSink
} from '../model/index.js'

/** A DescribeNodegroup answer written into the node group's state: status, template, groups. */
export function recordNodegroup(
  state: NodegroupState,
  nodegroup: Nodegroup,
  timeline: TimelineSink
): void {
  const firstSeen = !state.exists
  const previousStatus = state.status
  state.exists = true
  state.missingPolls = 0
  state.status = nodegroup.status
  state.firstSeenStatus ??= nodegroup.status
  state.createdAt = nodegroup.createdAt
  state.modifiedAt = nodegroup.modifiedAt
  state.healthIssues = nodegroup.health?.issues ?? []
  const template = nodegroup.launchTemplate
  state.launchTemplate = template
    ? { id: template.id, name: template.name, version: template.version }
    : undefined
  if (firstSeen) {
    timeline.add(
      'eks',
      'nodegroup-created',
      state.createdAt && previousStatus === undefined && state.status !== 'CREATING'
        ? `node group ${state.name} created (found ${state.status} when this run started)`
        : `node group ${state.name} created`,
      { at: state.createdAt, nodegroup: state.name }
    )
  }
  if (previousStatus !== undefined && previousStatus !== state.status) {
    timeline.add(
      'eks',
      'nodegroup-status',
      `node group ${state.name}: ${previousStatus} → ${state.status}`,
      {
        nodegroup: state.name,
        at: state.status?.endsWith('FAILED') ? state.modifiedAt : undefined
      }
    )
  }
  for (const group of nodegroup.resources?.autoScalingGroups ?? []) {
    // Its activities are read from the operation's start (known once its updates are read).
    if (group.name && !state.asgNames.includes(group.name)) state.asgNames.push(group.name)
  }
}

/**
 * A DescribeUpdate answer written into the node group's updates: one watched when it runs or
 * started after the run, its start and its end on the timeline.
 */
export function recordUpdate(
  state: NodegroupState,
  update: Update,
  timeline: TimelineSink,
  startedAt: number,
  now: () => number
): void {
  let record = state.updates.find(u => u.id === update.id)
  const startedAfterRun = update.createdAt !== undefined && update.createdAt.getTime() >= startedAt
  if (!record) {
    record = {
      id: update.id ?? '',
      type: update.type,
      createdAt: update.createdAt,
      params: update.params ?? [],
      errors: [],
      watched: update.status === 'InProgress' || startedAfterRun
    }
    state.updates.push(record)
    state.updates.sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0))
    if (record.watched)
      timeline.add(
        'eks',
        'nodegroup-update-started',
        `node group ${state.name}: ${describeUpdate(record)} started`,
        { at: record.createdAt, nodegroup: state.name }
      )
  }
  const previous = record.status
  record.status = update.status
  record.errors = update.errors ?? []
  if (previous === record.status || !UPDATE_TERMINAL.has(record.status ?? '')) return
  record.endedAt = now()
  if (!record.watched) return
  const errors = record.errors.map(e => `${e.errorCode}: ${e.errorMessage}`).join('; ')
  timeline.add(
    'eks',
    'nodegroup-update-ended',
    `node group ${state.name}: ${describeUpdate(record)} ${record.status}${errors ? ` (${errors})` : ''}`,
    { nodegroup: state.name }
  )
}

/**
 * A scaling activity written into the node group's activities: its attempt, then its end, a
 * failure classified by the failure table (an unknown message of a Failed activity counts as
 * unrecognised).
 */
export function recordActivity(
  state: NodegroupState,
  asg: string,
  activity: Activity,
  timeline: TimelineSink,
  now: () => number
): void {
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
    timeline.add(
      'autoscaling',
      'launch-attempt',
      `${asg}: ${record.description || 'scaling activity started'}`,
      { at: record.start, nodegroup: state.name, activity: id }
    )
  }
  if (record.end) return
  record.statusCode = activity.StatusCode ?? record.statusCode
  record.statusMessage = activity.StatusMessage ?? record.statusMessage
  record.description = activity.Description ?? record.description
  const done = record.statusCode === 'Successful' || FAILED_ACTIVITY.has(record.statusCode)
  if (!activity.EndTime && !done) return
  record.end = activity.EndTime ?? new Date(now())
  if (record.statusCode === 'Successful') {
    timeline.add('autoscaling', 'launch-succeeded', `${asg}: ${record.description}`, {
      at: record.end,
      nodegroup: state.name,
      activity: id
    })
    return
  }
  if (!FAILED_ACTIVITY.has(record.statusCode)) return
  const classification = classifyMessage(`${record.statusMessage} ${record.description}`)
  const unrecognised = record.statusCode === 'Failed' && !classification
  record.pattern = classification?.pattern ?? (unrecognised ? UNRECOGNISED_FAILURE : undefined)
  record.code = classification?.code ?? (unrecognised ? 'Unrecognised' : undefined)
  timeline.add(
    'autoscaling',
    'launch-failed',
    `${asg}: ${record.statusCode}: ${record.statusMessage || record.description}`,
    { at: record.end, nodegroup: state.name, activity: id }
  )
}

/** A DescribeAutoScalingGroups answer kept on its node group; its first sighting on the timeline. */
export function recordGroup(
  states: NodegroupState[],
  group: AutoScalingGroup,
  timeline: TimelineSink
): void {
  const name = group.AutoScalingGroupName
  const state = states.find(s => s.asgNames.includes(name ?? ''))
  if (!state || !name) return
  if (!state.asgs.has(name)) {
    timeline.add('autoscaling', 'asg-created', `Auto Scaling group ${name} created`, {
      at: group.CreatedTime,
      nodegroup: state.name
    })
  }
  state.asgs.set(name, group)
}
