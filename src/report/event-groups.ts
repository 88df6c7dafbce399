/**
 * The events as a story: each once, and N events that mean the same between two turns of the
 * story as one row.
 */
import { EVENT_KINDS, type EventKind, type TimelineEvent } from '../model/index.js'

/** Events with the same meaning: kind, node group and detail without instance ids and times. */
function sameness(event: TimelineEvent): string {
  const detail = event.detail
    .replace(/\bi-[0-9a-f]{8,17}\b/g, 'i-…')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '…')
  return `${event.kind}\n${event.nodegroup ?? ''}\n${event.addon ?? ''}\n${detail}`
}

/** Kinds that repeat within one turn of the story (grouped when alike); every other kind is a turn. */
const REPEATS = new Set<EventKind>([
  'check',
  'cluster-missing',
  'role-found',
  'role-missing',
  'key-checked',
  'policy-unchanged',
  'grant-refused',
  'addon-health',
  'addon-version-checked',
  'launch-attempt',
  'launch-succeeded',
  'launch-failed'
])

/** Kinds that mark a turn in the story: repeats on either side of one are not grouped together. */
const TURNS = new Set<string>(EVENT_KINDS.filter(kind => !REPEATS.has(kind)))

export interface EventRow {
  first: TimelineEvent
  last: TimelineEvent
  count: number
}

/**
 * Each event once (a launch that ended is its end, not also its attempt), and N events that mean
 * the same between two turns of the story as one row with the count and the first/last time.
 */
export function groupEvents(events: TimelineEvent[]): EventRow[] {
  const ended = new Set(
    events
      .filter(e => e.activity && (e.kind === 'launch-failed' || e.kind === 'launch-succeeded'))
      .map(e => e.activity)
  )
  const rows: EventRow[] = []
  let open = new Map<string, EventRow>()
  for (const event of events) {
    if (event.kind === 'launch-attempt' && event.activity && ended.has(event.activity)) continue
    if (TURNS.has(event.kind)) open = new Map()
    const key = sameness(event)
    const row = open.get(key)
    if (row && !TURNS.has(event.kind)) {
      row.count++
      row.last = event
      continue
    }
    const added = { first: event, last: event, count: 1 }
    rows.push(added)
    if (!TURNS.has(event.kind)) open.set(key, added)
  }
  return rows
}
