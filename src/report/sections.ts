/** The report's sections below the first screen: the fix, the dry run, drift, lists, the timeline. */
import type { Diagnosis, TimelineEvent } from '../model/index.js'
import { codeBlock, escapeMarkdown, inlineCode } from '../render/escape.js'
import type { ReportContext } from './context.js'
import { eventTable } from './event-table.js'
import { gantt } from './gantt.js'
import { keyName, type Names } from './names.js'

export function fixSection(diagnosis: Diagnosis, compact = false): string[] {
  const fix = diagnosis.fix
  if (!fix || (!fix.json && !fix.terraform && !fix.template && !fix.cli)) return []
  const lines = ['### Fix', '']
  // The first form is the fix itself, so it starts open; the other forms are there when wanted.
  const forms: [string | undefined, string, string][] = [
    [fix.json, 'Key policy statements to add (JSON)', 'json'],
    [fix.terraform, 'Terraform', 'hcl'],
    [fix.template, 'CloudFormation / CDK', ''],
    [compact ? undefined : fix.cli, 'AWS CLI', 'sh']
  ]
  let opened = false
  for (const [text, title, language] of forms) {
    if (!text) continue
    lines.push(
      `<details${opened ? '' : ' open'}><summary>${title}</summary>`,
      '',
      codeBlock(text, language),
      '',
      '</details>',
      ''
    )
    opened = true
  }
  return lines
}

/** The dry run's proposed change of each key policy, as a unified diff. */
export function dryRunSection(context: ReportContext, names: Names): string[] {
  const keys = (context.outcome?.keys ?? []).filter(k => k.patch?.status === 'dry-run')
  if (keys.length === 0) return []
  const lines = ['### Key policy change (dry run: not written)', '']
  for (const key of keys) {
    const patch = key.patch!
    lines.push(
      `${inlineCode(keyName(key))}: ${names.prose(patch.message)}${patch.added.length ? ` Adds ${patch.added.map(s => inlineCode(s.Sid ?? '(no Sid)')).join(', ')}.` : ''}`,
      ''
    )
    if (patch.diff) lines.push(codeBlock(patch.diff, 'diff'), '')
  }
  return lines
}

export function driftSection(diagnosis: Diagnosis, names: Names, open = true): string[] {
  if (diagnosis.drift.length === 0) return []
  const lines: string[] = []
  for (const drift of diagnosis.drift) lines.push(`> ⚠️ **Drift:** ${names.prose(drift)}`, '')
  if (diagnosis.driftFix)
    lines.push(
      `<details${open ? ' open' : ''}><summary>Terraform: the same statements in the key's configuration</summary>`,
      '',
      codeBlock(diagnosis.driftFix, 'hcl'),
      '',
      '</details>',
      ''
    )
  return lines
}

export function list(title: string, items: string[], names: Names, open = true): string[] {
  if (items.length === 0) return []
  const body = items.map(i => `- ${names.prose(i)}`)
  return open
    ? [`### ${title}`, '', ...body, '']
    : [`<details><summary>${title} (${items.length})</summary>`, '', ...body, '', '</details>', '']
}

/** Timelines with nothing but the run's own start, checks and verdict say nothing. */
function worthATimeline(events: TimelineEvent[]): boolean {
  return events.some(e => !['started', 'check', 'verdict'].includes(e.kind))
}

export function timelineSection(
  diagnosis: Diagnosis,
  context: ReportContext,
  names: Names
): string[] {
  if (!worthATimeline(context.events)) return []
  const created = context.events.find(
    e =>
      e.kind === 'nodegroup-created' &&
      (!diagnosis.nodegroup || e.nodegroup === diagnosis.nodegroup)
  )
  const origin = Date.parse((created ?? context.events[0]).time)
  return [
    '### Timeline',
    '',
    `Times relative to ${created ? `the creation of node group ${escapeMarkdown(created.nodegroup ?? '')}` : 'the first event'}; repeats are one row with their count.`,
    '',
    ...gantt(context.events, diagnosis),
    ...eventTable(context.events, origin, names)
  ]
}

export function otherKeys(diagnosis: Diagnosis, names: Names): string[] {
  const lines: string[] = []
  for (const finding of diagnosis.keyFindings.filter(f => f.key !== diagnosis.key)) {
    lines.push(
      `<details><summary>Also: ${escapeMarkdown(keyName(finding.key))} — ${finding.causes.join(', ')}</summary>`,
      ''
    )
    for (const remedy of finding.remedies) {
      lines.push(names.prose(remedy.summary), '')
      if (remedy.json) lines.push(codeBlock(remedy.json, 'json'), '')
    }
    lines.push('</details>', '')
  }
  return lines
}
