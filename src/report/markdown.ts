/**
 * One renderer for the job summary and another for the pull request comment. The summary opens
 * with a first screen (verdict, cause, what to do next, the links), then the fix, the evidence,
 * the keys, a gantt of the phases and the events with repeats grouped; the comment is the compact
 * view (verdict, cause, fix, keys, the run's milestones, a link to the summary). Long identifiers are written in full
 * once, then short (key id or alias, role name). Pure: each part is a module of its own.
 */
import type { Diagnosis } from '../model/index.js'
import { commentTimeline } from './comment-timeline.js'
import type { ReportContext } from './context.js'
import { comparisonLine, firstScreen } from './first-screen.js'
import { keyTable } from './key-table.js'
import { Names } from './names.js'
import {
  driftSection,
  dryRunSection,
  fixSection,
  list,
  otherKeys,
  timelineSection
} from './sections.js'

export type { ReportContext }

/** The job summary: the first screen, then everything a reader may want to check. */
export function renderReport(diagnosis: Diagnosis, context: ReportContext): string {
  const names = new Names(context.outcome, diagnosis)
  const lines: string[] = firstScreen(diagnosis, context, names)
  const comparison = comparisonLine(diagnosis, context.outcome?.verdict.operation)
  if (comparison) lines.push(comparison, '')
  // Said once: an explanation that only repeats the headline (an error's message) is left out.
  if (diagnosis.explanation && diagnosis.explanation !== diagnosis.headline)
    lines.push(`> ${names.prose(diagnosis.explanation)}`, '')
  lines.push(...dryRunSection(context, names))
  lines.push(...fixSection(diagnosis))
  lines.push(...driftSection(diagnosis, names))
  lines.push(...list('Evidence', diagnosis.evidence, names))
  // Passed checks are there to trust the conclusion, not to read first.
  lines.push(...list('Checks passed', diagnosis.ruledOut, names, false))
  lines.push(...list('Could not tell', diagnosis.openQuestions, names))
  lines.push(...otherKeys(diagnosis, names))
  for (const section of context.sections ?? []) if (section) lines.push(section, '')
  if (context.outcome) lines.push(...keyTable(context.outcome, context))
  lines.push(...timelineSection(diagnosis, context, names))
  if (context.runUrl) lines.push(`[Workflow run](${context.runUrl})`, '')
  return lines.join('\n')
}

/** The pull request comment: verdict, cause, fix, keys, milestones and the way to the job summary. */
export function renderComment(diagnosis: Diagnosis, context: ReportContext): string {
  const names = new Names(context.outcome, diagnosis)
  const lines: string[] = firstScreen(diagnosis, context, names)
  lines.push(...dryRunSection(context, names))
  lines.push(...fixSection(diagnosis, true))
  lines.push(...driftSection(diagnosis, names, false))
  for (const section of context.sections ?? []) if (section) lines.push(section, '')
  if (context.outcome) lines.push(...keyTable(context.outcome, context, true))
  lines.push(...commentTimeline(diagnosis, context))
  lines.push(
    context.runUrl
      ? `The evidence, the checks and the full timeline are in the [job summary of this run](${context.runUrl}).`
      : 'The evidence, the checks and the full timeline are in the job summary of this run.',
    ''
  )
  return lines.join('\n')
}
