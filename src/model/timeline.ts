/** Timeline events: a closed set of kinds, so renaming one is a compile error, not an empty chart. */

export type EventSource = 'kms' | 'eks' | 'autoscaling' | 'iam' | 'ec2' | 'command' | 'action'

export const EVENT_KINDS = [
  'started',
  'check',
  'verdict',
  'cluster-created',
  'cluster-missing',
  'cluster-status',
  'cluster-update-started',
  'cluster-update-ended',
  'role-found',
  'role-missing',
  'role-created',
  'key-checked',
  'key-changed',
  'policy-unchanged',
  'policy-patched',
  'policy-dry-run',
  'policy-refused',
  'grant-created',
  'grant-refused',
  'nodegroup-created',
  'nodegroup-status',
  'nodegroup-update-started',
  'nodegroup-update-ended',
  'addon-created',
  'addon-status',
  'addon-health',
  'addon-version-checked',
  'asg-created',
  'launch-attempt',
  'launch-succeeded',
  'launch-failed',
  'command-started',
  'command-exited',
  'command-interrupt',
  'command-terminate',
  'command-kill'
] as const

export type EventKind = (typeof EVENT_KINDS)[number]

export interface TimelineEvent {
  time: string
  source: EventSource
  kind: EventKind
  detail: string
  nodegroup?: string
  addon?: string
  /** The scaling activity a launch event belongs to (its attempt and its end are one launch). */
  activity?: string
  /** Where the time came from. */
  clock: 'aws' | 'action'
}

/** Where an event happened and when, beyond its kind: AWS's own time when AWS gave one. */
export interface EventOptions {
  at?: Date | number
  nodegroup?: string
  addon?: string
  activity?: string
}

/**
 * The port the watch, the key work, Terraform's check and the deploy command emit their events
 * through. The report's collector implements it; the emitters never import the collector.
 */
export interface TimelineSink {
  add(source: EventSource, kind: EventKind, detail: string, options?: EventOptions): TimelineEvent
}
