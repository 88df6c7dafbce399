/** The gantt of the phases (a mermaid chart) with its milestones, and the table of phases. */
import type { Diagnosis, TimelineEvent } from '../model/index.js'
import { codeBlock, escapeMarkdown } from '../render/escape.js'
import { phases, type Phase } from '../timeline/phases.js'
import { duration } from './durations.js'

function ganttName(text: string): string {
  return text.replace(/[:;#]/g, ' ').trim()
}

/** Any day without a DST change: the chart shows time since its first phase as a wall clock. */
const CHART_EPOCH = Date.UTC(2000, 0, 1)

function chartTime(ms: number): string {
  // Written as a local wall-clock time and read back as one, so the axis shows the elapsed time
  // whatever the reader's time zone.
  return new Date(CHART_EPOCH + ms).toISOString().slice(0, 23).replace('T', ' ')
}

const TICKS: [number, string][] = [
  [100, '100millisecond'],
  [200, '200millisecond'],
  [500, '500millisecond'],
  [1_000, '1second'],
  [2_000, '2second'],
  [5_000, '5second'],
  [10_000, '10second'],
  [15_000, '15second'],
  [30_000, '30second'],
  [60_000, '1minute'],
  [120_000, '2minute'],
  [300_000, '5minute'],
  [600_000, '10minute'],
  [900_000, '15minute'],
  [1_800_000, '30minute'],
  [3_600_000, '1hour'],
  [7_200_000, '2hour']
]

/** A tick interval giving at most about eight labels over the span. */
export function tickInterval(spanMs: number): string {
  return (TICKS.find(([ms]) => spanMs / ms <= 8) ?? TICKS[TICKS.length - 1])[1]
}

/**
 * The axis's labels in the unit of the run's scale, each with its unit: "0.200 s" for a run of a
 * few seconds (a compressed test run), "30 s", "12 min", "1 h 05" for a long deployment.
 */
export function axisFormat(spanMs: number): string {
  if (spanMs < 5_000) return '%-S.%L s'
  if (spanMs < 60_000) return '%-S s'
  if (spanMs < 3_600_000) return spanMs < 300_000 ? '%-M:%S min' : '%-M min'
  return '%-H h %M'
}

/**
 * A section's name as the chart's narrow left column shows it (Mermaid does not wrap it, and a
 * longer one is drawn over the bars): the node group's own name is in its bars' names already.
 */
function sectionLabel(section: string, nodegroupSections: string[]): string {
  if (!section.startsWith('Node group ')) return section
  return nodegroupSections.length > 1 ? `Group ${nodegroupSections.indexOf(section) + 1}` : 'Nodes'
}

export interface Milestone {
  name: string
  time: string
}

/** The moments worth a mark: the key policy patch (or its dry run) and the verdict. */
export function milestones(events: TimelineEvent[]): Milestone[] {
  const result: Milestone[] = []
  const patch = events.find(e => e.kind === 'policy-patched')
  if (patch) result.push({ name: 'Key policy patched', time: patch.time })
  const dry = events.find(e => e.kind === 'policy-dry-run')
  if (dry) result.push({ name: 'Policy change (dry run)', time: dry.time })
  const verdict = events.find(e => e.kind === 'verdict')
  if (verdict) result.push({ name: 'Verdict', time: verdict.time })
  return result
}

/** The gantt (only when there are phases to compare) and the table of phases. */
export function gantt(events: TimelineEvent[], diagnosis: Diagnosis): string[] {
  const list = phases(events, diagnosis)
  if (list.length < 2) {
    const only = list[0]
    return only
      ? [
          `${escapeMarkdown(only.name)}: ${duration((Date.parse(only.end) - Date.parse(only.start)) / 1000)}.`,
          ''
        ]
      : []
  }
  const origin = Math.min(...list.map(p => Date.parse(p.start)))
  const marks = milestones(events).filter(m => Date.parse(m.time) >= origin)
  const end = Math.max(...list.map(p => Date.parse(p.end)), ...marks.map(m => Date.parse(m.time)))
  const span = end - origin
  const at = (iso: string) => chartTime(Date.parse(iso) - origin)
  const lines = [
    'gantt',
    `  title Time since ${new Date(origin).toISOString().slice(11, 19)} UTC`,
    '  dateFormat YYYY-MM-DD HH:mm:ss.SSS',
    `  axisFormat ${axisFormat(span)}`,
    `  tickInterval ${tickInterval(span)}`,
    '  todayMarker off'
  ]
  const nodegroupSections = [
    ...new Set(list.map(p => p.section).filter(n => n.startsWith('Node group ')))
  ]
  let section = ''
  for (const p of list) {
    if (p.section !== section) {
      section = p.section
      lines.push(`  section ${ganttName(sectionLabel(section, nodegroupSections))}`)
    }
    lines.push(`  ${ganttName(p.name)} : ${at(p.start)}, ${at(p.end)}`)
  }
  if (marks.length) {
    lines.push('  section Milestones')
    for (const m of marks)
      lines.push(`  ${ganttName(m.name)} : milestone, ${at(m.time)}, ${at(m.time)}`)
  }
  return [codeBlock(lines.join('\n'), 'mermaid'), '', ...phaseTable(list), '']
}

/** The phases with their durations, like the incident's "Deployment Timeline". */
function phaseTable(list: Phase[]): string[] {
  return [
    '| phase | started (UTC) | duration |',
    '| --- | --- | --- |',
    ...list.map(
      p =>
        `| ${escapeMarkdown(p.section === 'Run' || p.name.startsWith(p.section) ? p.name : `${p.section}: ${p.name}`)} | ${p.start.slice(11, 19)} | ${duration((Date.parse(p.end) - Date.parse(p.start)) / 1000)} |`
    )
  ]
}
