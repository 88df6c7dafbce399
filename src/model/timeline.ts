/** Timeline events: a closed set of kinds, so renaming one is a compile error, not an empty chart. */

export type EventSource = 'kms' | 'eks' | 'autoscaling' | 'iam' | 'ec2' | 'command' | 'action'

export const EVENT_KINDS = [
  'started',
  'check',
  'verdict',
  'cluster-created',
  'cluster-missing',
  'role-found',
  'role-missing',
  'role-created',
  'key-checked',
  'policy-unchanged',
  'policy-patched',
  'policy-dry-run',
  'policy-refused',
  'grant-created',
  'grant-refused',
  'nodegroup-created',
  'nodegroup-status',
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
  /** Where the time came from. */
  clock: 'aws' | 'action'
}
