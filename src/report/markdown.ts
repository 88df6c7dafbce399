/**
 * One renderer for the job summary and the pull request comment: a verdict line, the fix, the
 * evidence, the keys, a gantt of the phases and the event table. Pure.
 */
import type { Diagnosis } from '../diagnose/diagnose.js'
import type { GuardOutcome } from '../model/index.js'
import { codeBlock, escapeMarkdown, inlineCode } from './escape.js'
import type { TimelineEvent } from './timeline.js'

export interface ReportContext {
  mode: string
  clusterName: string
  region: string
  runUrl?: string
  events: TimelineEvent[]
  outcome?: GuardOutcome
  /** Extra sections (check mode findings). */
  sections?: string[]
}

const ICON = { success: '✅', failure: '❌', timeout: '⏱️' } as const

/** EKS gives up on a node group whose launches keep failing after about this long (34 min in the incident). */
export const EKS_GIVE_UP_MINUTES = 34
/** aws_eks_node_group's default create timeout. */
export const TERRAFORM_TIMEOUT_MINUTES = 60

export function verdictLine(diagnosis: Diagnosis, context: ReportContext): string {
  const icon = diagnosis.cancelled ? '🛑' : ICON[diagnosis.result]
  const what =
    diagnosis.result === 'success'
      ? 'passed'
      : diagnosis.cancelled
        ? 'cancelled'
        : diagnosis.result === 'timeout'
          ? 'timed out'
          : 'failed'
  const scope = context.clusterName
    ? ` for cluster ${inlineCode(context.clusterName)} (${context.region})`
    : ''
  return `${icon} **eks-kms-guard ${context.mode} ${what}**${scope}: ${escapeMarkdown(diagnosis.headline)}`
}

export function comparisonLine(diagnosis: Diagnosis): string | undefined {
  if (diagnosis.result !== 'failure' || diagnosis.detectedAfterSeconds === undefined)
    return undefined
  return `Detected ${diagnosis.detectedAfterSeconds} s after the node group's creation started. Without this guard, EKS marks such a node group CREATE_FAILED only when it gives up (${EKS_GIVE_UP_MINUTES} min in the incident), and Terraform's aws_eks_node_group waits up to its ${TERRAFORM_TIMEOUT_MINUTES}-minute create timeout.`
}

function fixSection(diagnosis: Diagnosis): string[] {
  const fix = diagnosis.fix
  if (!fix) return []
  const lines = ['### Fix', '', escapeMarkdown(fix.summary), '']
  // The JSON is the fix itself, so it starts open; the other forms are there when wanted.
  const forms: [string | undefined, string, string, boolean][] = [
    [fix.json, 'Key policy statements to add (JSON)', 'json', true],
    [fix.terraform, 'Terraform', 'hcl', false],
    [fix.cli, 'AWS CLI', 'sh', false]
  ]
  for (const [text, title, language, open] of forms) {
    if (text)
      lines.push(
        `<details${open ? ' open' : ''}><summary>${title}</summary>`,
        '',
        codeBlock(text, language),
        '',
        '</details>',
        ''
      )
  }
  return lines
}

function list(title: string, items: string[], open = true): string[] {
  if (items.length === 0) return []
  const body = items.map(i => `- ${escapeMarkdown(i)}`)
  return open
    ? [`### ${title}`, '', ...body, '']
    : [`<details><summary>${title}</summary>`, '', ...body, '', '</details>', '']
}

function keyTable(outcome: GuardOutcome): string[] {
  if (outcome.keys.length === 0) return []
  const rows = outcome.keys.map(k => {
    const f = k.facts
    const users = [
      ...new Set(k.uses.map(u => (u.nodegroup === '(input)' ? 'kms-key-ids' : u.nodegroup)))
    ].join(', ')
    const sources = [...new Set(k.uses.map(u => u.source))].join(', ')
    const status = k.assessment.causes.length
      ? k.assessment.causes.map(c => inlineCode(c)).join(' ')
      : k.assessment.openQuestions.length
        ? 'cannot tell'
        : 'ok'
    const policy = k.patch
      ? `${k.patch.status}${k.patch.added.length ? ` (+${k.patch.added.map(s => s.Sid).join(', ')})` : ''}`
      : '—'
    return `| ${inlineCode(f.arn ?? f.reference)} | ${escapeMarkdown(f.state ?? 'not found')} | ${escapeMarkdown(f.manager ?? '—')} | ${escapeMarkdown(users)} (${escapeMarkdown(sources)}) | ${status} | ${escapeMarkdown(policy)} |`
  })
  return [
    '### Keys',
    '',
    '| key | state | manager | used by | findings | policy |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    ''
  ]
}

function ganttName(text: string): string {
  return text.replace(/[:;#]/g, ' ').trim()
}

function mermaidTime(iso: string): string {
  return iso.slice(0, 23).replace('T', ' ')
}

/** Phases from the timeline, for a small Mermaid gantt. */
export function phases(
  events: TimelineEvent[],
  diagnosis: Diagnosis
): { name: string; start: string; end: string }[] {
  const first = (kind: string) =>
    events.find(
      e =>
        e.kind === kind &&
        (!diagnosis.nodegroup || !e.nodegroup || e.nodegroup === diagnosis.nodegroup)
    )
  const last = events[events.length - 1]
  const verdict = events.find(e => e.kind === 'verdict') ?? last
  const created = first('nodegroup-created')
  const launch = first('launch-attempt')
  const failure = first('launch-failed')
  const result: { name: string; start: string; end: string }[] = []
  const started = first('started')
  if (started && verdict)
    result.push({ name: 'Guard running', start: started.time, end: verdict.time })
  if (created && verdict)
    result.push({ name: 'Node group creating', start: created.time, end: verdict.time })
  if (created && launch)
    result.push({ name: 'Until first launch', start: created.time, end: launch.time })
  if (launch && failure)
    result.push({ name: 'First launch', start: launch.time, end: failure.time })
  if (failure && verdict && diagnosis.result === 'failure')
    result.push({ name: 'Detection', start: failure.time, end: verdict.time })
  return result.filter(p => p.end >= p.start)
}

function gantt(events: TimelineEvent[], diagnosis: Diagnosis): string[] {
  const list = phases(events, diagnosis)
  if (list.length === 0) return []
  const lines = [
    'gantt',
    '  title Phases (UTC)',
    '  dateFormat YYYY-MM-DD HH:mm:ss.SSS',
    '  axisFormat %H:%M:%S',
    '  section Run'
  ]
  for (const p of list)
    lines.push(`  ${ganttName(p.name)} : ${mermaidTime(p.start)}, ${mermaidTime(p.end)}`)
  return [codeBlock(lines.join('\n'), 'mermaid'), '']
}

function relative(ms: number): string {
  const sign = ms < 0 ? '-' : '+'
  const s = Math.abs(ms) / 1000
  return `${sign}${s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`}`
}

export function eventTable(events: TimelineEvent[], origin: number, limit = 200): string[] {
  const shown =
    events.length > limit ? [...events.slice(0, limit / 2), ...events.slice(-limit / 2)] : events
  const rows = shown.map(
    e =>
      `| ${relative(Date.parse(e.time) - origin)} | ${e.time.slice(11, 23)} | ${e.source} | ${escapeMarkdown(e.kind)} | ${escapeMarkdown(e.detail)} |`
  )
  const note =
    events.length > limit
      ? [
          `_${events.length - limit} events in the middle are left out; the timeline file has them all._`,
          ''
        ]
      : []
  return [
    '| t | UTC | source | event | detail |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...note
  ]
}

export function renderReport(diagnosis: Diagnosis, context: ReportContext): string {
  const lines: string[] = [verdictLine(diagnosis, context), '']
  const meta: string[] = []
  if (diagnosis.rootCause) meta.push(`**Root cause** ${inlineCode(diagnosis.rootCause)}`)
  if (diagnosis.failureCode) meta.push(`**failure code** ${inlineCode(diagnosis.failureCode)}`)
  if (meta.length) lines.push(meta.join(' · '), '')
  const comparison = comparisonLine(diagnosis)
  if (comparison) lines.push(comparison, '')
  if (diagnosis.explanation) lines.push(`> ${escapeMarkdown(diagnosis.explanation)}`, '')
  lines.push(...fixSection(diagnosis))
  for (const drift of diagnosis.drift) lines.push(`> ⚠️ **Drift:** ${escapeMarkdown(drift)}`, '')
  lines.push(...list('Evidence', diagnosis.evidence))
  lines.push(...list('Ruled out', diagnosis.ruledOut, false))
  lines.push(...list('Could not tell', diagnosis.openQuestions))
  const other = diagnosis.keyFindings.filter(f => f.key !== diagnosis.key)
  for (const finding of other) {
    lines.push(
      `<details><summary>Also: ${escapeMarkdown(finding.key.id)} — ${finding.causes.join(', ')}</summary>`,
      ''
    )
    for (const remedy of finding.remedies) {
      lines.push(escapeMarkdown(remedy.summary), '')
      if (remedy.json) lines.push(codeBlock(remedy.json, 'json'), '')
    }
    lines.push('</details>', '')
  }
  for (const section of context.sections ?? []) lines.push(section, '')
  if (context.outcome) lines.push(...keyTable(context.outcome))
  if (context.events.length > 0) {
    const created = context.events.find(
      e =>
        e.kind === 'nodegroup-created' &&
        (!diagnosis.nodegroup || e.nodegroup === diagnosis.nodegroup)
    )
    const origin = Date.parse((created ?? context.events[0]).time)
    lines.push(
      '### Timeline',
      '',
      `Times relative to ${created ? `the creation of node group ${escapeMarkdown(created.nodegroup ?? '')}` : 'the first event'}.`,
      ''
    )
    lines.push(...gantt(context.events, diagnosis))
    lines.push(...eventTable(context.events, origin))
  }
  if (context.runUrl) lines.push(`[Workflow run](${context.runUrl})`, '')
  return lines.join('\n')
}
