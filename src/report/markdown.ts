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

export function comparisonLine(
  diagnosis: Diagnosis,
  operation?: 'creation' | 'update' | 'scale-out'
): string | undefined {
  if (diagnosis.result !== 'failure' || diagnosis.detectedAfterSeconds === undefined)
    return undefined
  if (operation === 'update')
    return `Detected ${diagnosis.detectedAfterSeconds} s after the node group's update started. Without this guard, EKS fails such an update with NodeCreationFailure only after a long wait (users report about 45 min) and then rolls it back; Terraform waits up to ${TERRAFORM_TIMEOUT_MINUTES} minutes.`
  if (operation === 'scale-out')
    return `Detected ${diagnosis.detectedAfterSeconds} s after this run started watching. Without this guard, the node group stays ACTIVE for about 10 minutes, then turns DEGRADED, and nothing in CI fails.`
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

export interface Phase {
  name: string
  /** The gantt section: Run, Cluster, Node group <name>, Add-ons. */
  section: string
  start: string
  end: string
}

/** Phases that started more than this before the run are old history, not this deployment. */
const HISTORY_MS = 60 * 60_000

const NODEGROUP_END = /→ (ACTIVE|CREATE_FAILED|DEGRADED|DELETE_FAILED)$/
const ADDON_END = /→ (ACTIVE|CREATE_FAILED|UPDATE_FAILED|DEGRADED)$/

/**
 * The deployment's phases from the timeline's typed events: the run, the cluster (creation or
 * update), each node group (creation: waiting for the Auto Scaling group, first launch, detection;
 * update) and each add-on, each ending at its settling event or the verdict.
 */
export function phases(events: TimelineEvent[], diagnosis: Diagnosis): Phase[] {
  const last = events[events.length - 1]
  const verdict = events.find(e => e.kind === 'verdict') ?? last
  const started = events.find(e => e.kind === 'started')
  const result: Phase[] = []
  if (!verdict) return result
  const origin = started ? Date.parse(started.time) - HISTORY_MS : Number.NEGATIVE_INFINITY
  const add = (name: string, section: string, start?: TimelineEvent, end?: TimelineEvent) => {
    if (start && end && Date.parse(start.time) >= origin)
      result.push({ name, section, start: start.time, end: end.time })
  }
  const after = (from: TimelineEvent, test: (e: TimelineEvent) => boolean) =>
    events.find(e => e.time >= from.time && test(e))
  add('Guard running', 'Run', started, verdict)

  const clusterCreated = events.find(e => e.kind === 'cluster-created')
  if (clusterCreated && /\(CREATING\)/.test(clusterCreated.detail))
    add(
      'Cluster creation',
      'Cluster',
      clusterCreated,
      after(clusterCreated, e => e.kind === 'cluster-status' && / → ACTIVE$/.test(e.detail)) ??
        verdict
    )
  for (const update of events.filter(e => e.kind === 'cluster-update-started'))
    add(
      'Cluster update',
      'Cluster',
      update,
      after(update, e => e.kind === 'cluster-update-ended') ?? verdict
    )

  const nodegroups = [
    ...new Set(
      events.filter(e => e.nodegroup && e.kind.startsWith('nodegroup-')).map(e => e.nodegroup!)
    )
  ]
  for (const name of nodegroups) {
    const section = `Node group ${name}`
    const of = (e: TimelineEvent) => e.nodegroup === name
    const created = events.find(e => of(e) && e.kind === 'nodegroup-created')
    if (created && !/found \w+ when this run started/.test(created.detail)) {
      const settled =
        after(
          created,
          e => of(e) && e.kind === 'nodegroup-status' && NODEGROUP_END.test(e.detail)
        ) ?? verdict
      add(`Node group ${name} creation`, section, created, settled)
      const asg = after(created, e => of(e) && e.kind === 'asg-created')
      add('Waiting for the Auto Scaling group', section, created, asg)
      const launch = after(created, e => of(e) && e.kind === 'launch-attempt')
      const failure = launch && after(launch, e => of(e) && e.kind === 'launch-failed')
      add('Until first launch', section, asg ?? created, launch)
      if (launch && failure) add('First launch', section, launch, failure)
      if (failure && diagnosis.result === 'failure' && diagnosis.nodegroup === name)
        add('Detection', section, failure, verdict)
    }
    for (const update of events.filter(e => of(e) && e.kind === 'nodegroup-update-started')) {
      const id = update.detail.split(' ').find((_, i, words) => /Update$/.test(words[i - 1] ?? ''))
      const ended =
        after(
          update,
          e => of(e) && e.kind === 'nodegroup-update-ended' && (!id || e.detail.includes(id))
        ) ?? verdict
      add(`Node group ${name} update`, section, update, ended)
      const failure = after(update, e => of(e) && e.kind === 'launch-failed')
      if (
        failure &&
        failure.time <= ended.time &&
        diagnosis.nodegroup === name &&
        diagnosis.result === 'failure'
      )
        add('Detection', section, failure, verdict)
    }
  }

  for (const created of events.filter(e => e.kind === 'addon-created')) {
    const name = created.addon ?? ''
    const settled =
      after(
        created,
        e => e.addon === name && e.kind === 'addon-status' && ADDON_END.test(e.detail)
      ) ?? verdict
    add(`Add-on ${name}`, 'Add-ons', created, settled)
  }
  return result.filter(p => p.end >= p.start)
}

function gantt(events: TimelineEvent[], diagnosis: Diagnosis): string[] {
  const list = phases(events, diagnosis)
  if (list.length === 0) return []
  const lines = [
    'gantt',
    '  title Phases (UTC)',
    '  dateFormat YYYY-MM-DD HH:mm:ss.SSS',
    '  axisFormat %H:%M:%S'
  ]
  let section = ''
  for (const p of list) {
    if (p.section !== section) {
      section = p.section
      lines.push(`  section ${ganttName(section)}`)
    }
    lines.push(`  ${ganttName(p.name)} : ${mermaidTime(p.start)}, ${mermaidTime(p.end)}`)
  }
  return [codeBlock(lines.join('\n'), 'mermaid'), '', ...phaseTable(list), '']
}

function formatSeconds(seconds: number): string {
  return seconds < 60
    ? `${seconds.toFixed(1)} s`
    : `${Math.floor(seconds / 60)} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`
}

/** The phases with their durations, like the incident's "Deployment Timeline". */
function phaseTable(list: Phase[]): string[] {
  return [
    '| phase | started (UTC) | duration |',
    '| --- | --- | --- |',
    ...list.map(
      p =>
        `| ${escapeMarkdown(p.section === 'Run' || p.name.startsWith(p.section) ? p.name : `${p.section}: ${p.name}`)} | ${p.start.slice(11, 19)} | ${formatSeconds((Date.parse(p.end) - Date.parse(p.start)) / 1000)} |`
    )
  ]
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
  const comparison = comparisonLine(diagnosis, context.outcome?.verdict.operation)
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
