/** The table of events, repeats grouped, times relative to an origin, the middle cut when long. */
import type { TimelineEvent } from '../model/index.js'
import { escapeMarkdown, inlineCode } from '../render/escape.js'
import { groupEvents, type EventRow } from './event-groups.js'
import { Names, prose } from './names.js'

/** Rows of the event table before the middle is left to the timeline file. */
export const EVENT_ROWS = 30
/** A detail cell longer than this is cut (the timeline file has it whole). */
const DETAIL_CHARS = 180

function relative(ms: number): string {
  const sign = ms < 0 ? '-' : '+'
  const s = Math.abs(ms) / 1000
  return `${sign}${s < 60 ? `${s.toFixed(1)}s` : s < 3600 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`}`
}

function cut(text: string, chars = DETAIL_CHARS): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text
}

export function eventTable(
  events: TimelineEvent[],
  origin: number,
  names = new Names(),
  limit = EVENT_ROWS
): string[] {
  const rows = groupEvents(events)
  const shown =
    rows.length > limit ? [...rows.slice(0, limit / 2), ...rows.slice(-limit / 2)] : rows
  const hidden = rows.length > limit ? rows.slice(limit / 2, rows.length - limit / 2) : []
  const cells = (row: EventRow) => {
    const t0 = Date.parse(row.first.time) - origin
    const t1 = Date.parse(row.last.time) - origin
    const many = row.count > 1
    const detail = many
      ? row.first.detail.replace(/\bi-[0-9a-f]{8,17}\b/g, 'i-…')
      : row.first.detail
    return `| ${relative(t0)}${many ? ` … ${relative(t1)}` : ''} | ${row.first.time.slice(11, 19)}${many ? `–${row.last.time.slice(11, 19)}` : ''} | ${escapeMarkdown(row.first.kind)}${many ? ` ×${row.count}` : ''} | ${prose(cut(names.text(detail)))} |`
  }
  const middle = hidden.reduce((n, r) => n + r.count, 0)
  return [
    '| t | UTC | event | detail |',
    '| --- | --- | --- | --- |',
    ...shown.slice(0, shown.length - (hidden.length ? limit / 2 : 0)).map(cells),
    ...(hidden.length
      ? [
          `| … | | | _… ${middle} more events in the timeline file (the ${inlineCode('timeline-file')} output)_ |`,
          ...shown.slice(-limit / 2).map(cells)
        ]
      : []),
    ''
  ]
}
