/**
 * One renderer for the job summary and another for the pull request comment. The summary opens
 * with a first screen (verdict, cause, what to do next, the links), then the fix, the evidence,
 * the keys, a gantt of the phases and the events with repeats grouped; the comment is the compact
 * view (verdict, cause, fix, keys, a link to the summary). Long identifiers are written in full
 * once, then short (key id or alias, role name). Pure.
 */
import type { Diagnosis } from '../model/index.js'
import { EVENT_KINDS, type EventKind, type GuardOutcome, type KeyRecord } from '../model/index.js'
import { codeBlock, escapeMarkdown, inlineCode } from '../render/escape.js'
import {
  asgActivityConsoleUrl,
  keyConsoleUrl,
  keyPolicyDocsUrl,
  nodegroupConsoleUrl,
  partitionOf,
  type Partition
} from './links.js'
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
  /** deploy with dry-run: nothing was written. */
  dryRun?: boolean
}

const ICON = { success: '✅', failure: '❌', timeout: '⏱️' } as const

/** EKS gives up on a node group whose launches keep failing after about this long (34 min in the incident). */
export const EKS_GIVE_UP_MINUTES = 34
/** aws_eks_node_group's default create timeout. */
export const TERRAFORM_TIMEOUT_MINUTES = 60

/** Rows of the event table before the middle is left to the timeline file. */
export const EVENT_ROWS = 30
/** A detail cell longer than this is cut (the timeline file has it whole). */
const DETAIL_CHARS = 180

/**
 * Prose from untrusted text: escaped, except `code spans` the text itself wrote (check's
 * messages name resources that way), which stay code spans instead of literal backticks.
 */
export function prose(text: string): string {
  const parts = text.replace(/\r?\n/g, ' ').split(/(`[^`]+`)/)
  return parts.map((part, i) => (i % 2 === 1 ? part : escapeMarkdown(part))).join('')
}

/** Long identifiers and their short forms: a key ARN → its alias or key id, a role ARN → its name. */
export class Names {
  private readonly short = new Map<string, string>()

  constructor(outcome?: GuardOutcome, diagnosis?: Diagnosis) {
    const keys = [...(outcome?.keys ?? []), ...(diagnosis?.key ? [diagnosis.key] : [])]
    for (const key of keys) {
      const name = keyName(key)
      for (const long of [key.facts.arn, key.id])
        if (long && long !== name && long.startsWith('arn:')) this.short.set(long, name)
      if (key.roleArn) this.short.set(key.roleArn, key.roleArn.split('/').pop() ?? key.roleArn)
    }
    const role = outcome?.role?.arn
    if (role) this.short.set(role, role.split('/').pop() ?? role)
  }

  /** The text with every long identifier in its short form. */
  text(text: string): string {
    let result = text
    for (const [long, short] of [...this.short].sort((a, b) => b[0].length - a[0].length))
      result = result.split(long).join(short)
    return result
  }

  prose(text: string): string {
    return prose(this.text(text))
  }
}

/** A key's short name: the alias a launch template names it by, else its key id. */
export function keyName(key: KeyRecord): string {
  const alias = key.uses
    .map(u => u.reference)
    .find(r => /^(arn:[^:]+:kms:[^:]+:\d+:)?alias\//.test(r))
  return (
    alias?.replace(/^arn:[^:]+:kms:[^:]+:\d+:/, '') ??
    key.facts.keyId ??
    (key.facts.arn ?? key.id).split('/').pop() ??
    key.id
  )
}

function outcomeWord(diagnosis: Diagnosis): string {
  return diagnosis.result === 'success'
    ? 'passed'
    : diagnosis.cancelled
      ? 'cancelled'
      : diagnosis.result === 'timeout'
        ? 'timed out'
        : 'failed'
}

/** The one line a reader (and the comment's history) sees first. */
export function verdictLine(diagnosis: Diagnosis, context: ReportContext): string {
  const icon = diagnosis.cancelled ? '🛑' : ICON[diagnosis.result]
  const mode = context.dryRun ? `${context.mode} (dry run)` : context.mode
  const scope = context.clusterName
    ? ` for cluster ${inlineCode(context.clusterName)} (${context.region})`
    : ''
  const cause = diagnosis.rootCause ? ` · ${inlineCode(diagnosis.rootCause)}` : ''
  return `${icon} **eks-kms-guard ${mode} ${outcomeWord(diagnosis)}**${scope}${cause}`
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

function partition(context: ReportContext): Partition {
  return partitionOf(context.region, context.outcome?.identity?.partition)
}

/** Console links for the deciding key and node group, and the AWS documentation of the key policy. */
export function links(diagnosis: Diagnosis, context: ReportContext): string[] {
  const p = partition(context)
  const result: string[] = []
  const key = diagnosis.key
  if (key?.facts.arn)
    result.push(
      `[key ${escapeMarkdown(keyName(key))}](${keyConsoleUrl(key.facts.arn, p, context.region)})`
    )
  const nodegroup = diagnosis.nodegroup
  if (nodegroup && context.clusterName && context.region) {
    result.push(
      `[node group ${escapeMarkdown(nodegroup)}](${nodegroupConsoleUrl(context.clusterName, nodegroup, p, context.region)})`
    )
    const asg = context.outcome?.nodegroups.find(n => n.name === nodegroup)?.asgNames[0]
    if (asg)
      result.push(`[Auto Scaling activity](${asgActivityConsoleUrl(asg, p, context.region)})`)
  }
  const kmsCause =
    diagnosis.rootCause?.startsWith('kms-') || diagnosis.rootCause === 'autoscaling-role-missing'
  if (kmsCause || context.mode === 'check' || (context.outcome?.keys.length ?? 0) > 0)
    result.push(`[required key policy (AWS docs)](${keyPolicyDocsUrl(p)})`)
  return result
}

/** Verdict, cause, what to do next and the links: what a reader needs without scrolling. */
function firstScreen(diagnosis: Diagnosis, context: ReportContext, names: Names): string[] {
  const lines = [verdictLine(diagnosis, context), '']
  const said: string[] = []
  if (diagnosis.result !== 'success')
    said.push(
      `**${/\bCause: /.test(diagnosis.headline) ? 'What happened' : 'Cause'}:** ${names.prose(diagnosis.headline)}`
    )
  else said.push(names.prose(diagnosis.headline))
  if (context.dryRun)
    said.push(
      '**Dry run:** nothing was written; the key policy change below is what `deploy` would write.'
    )
  if (diagnosis.fix?.summary && diagnosis.result !== 'success')
    said.push(`**Next:** ${names.prose(diagnosis.fix.summary)}`)
  const key = diagnosis.key
  if (key?.facts.arn && diagnosis.result !== 'success')
    said.push(`**Key:** ${inlineCode(keyName(key))} is ${inlineCode(key.facts.arn)}`)
  const found = links(diagnosis, context)
  if (found.length) said.push(`**Links:** ${found.join(' · ')}`)
  // Each its own line in one paragraph (a trailing backslash is a hard line break in GFM).
  lines.push(said.join('\\\n'), '')
  return lines
}

function fixSection(diagnosis: Diagnosis, compact = false): string[] {
  const fix = diagnosis.fix
  if (!fix || (!fix.json && !fix.terraform && !fix.cli)) return []
  const lines = ['### Fix', '']
  // The first form is the fix itself, so it starts open; the other forms are there when wanted.
  const forms: [string | undefined, string, string][] = [
    [fix.json, 'Key policy statements to add (JSON)', 'json'],
    [fix.terraform, 'Terraform', 'hcl'],
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
function dryRunSection(context: ReportContext, names: Names): string[] {
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

function driftSection(diagnosis: Diagnosis, names: Names, open = true): string[] {
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

function list(title: string, items: string[], names: Names, open = true): string[] {
  if (items.length === 0) return []
  const body = items.map(i => `- ${names.prose(i)}`)
  return open
    ? [`### ${title}`, '', ...body, '']
    : [`<details><summary>${title} (${items.length})</summary>`, '', ...body, '', '</details>', '']
}

function keyTable(outcome: GuardOutcome, context: ReportContext, compact = false): string[] {
  if (outcome.keys.length === 0) return []
  const p = partition(context)
  const rows = outcome.keys.map(k => {
    const f = k.facts
    const name = escapeMarkdown(keyName(k))
    const key = f.arn ? `[${name}](${keyConsoleUrl(f.arn, p, context.region)})` : name
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
    return compact
      ? `| ${key} | ${escapeMarkdown(users)} | ${status} | ${escapeMarkdown(policy)} |`
      : `| ${key} | ${escapeMarkdown(f.state ?? 'not found')} | ${escapeMarkdown(f.manager ?? '—')} | ${escapeMarkdown(users)} (${escapeMarkdown(sources)}) | ${status} | ${escapeMarkdown(policy)} |`
  })
  return [
    '### Keys',
    '',
    compact
      ? '| key | used by | findings | policy |'
      : '| key | state | manager | used by | findings | policy |',
    compact ? '| --- | --- | --- | --- |' : '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    ''
  ]
}

function ganttName(text: string): string {
  return text.replace(/[:;#]/g, ' ').trim()
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

/** Any day without a DST change: the chart shows time since its first phase as a wall clock. */
const CHART_EPOCH = Date.UTC(2000, 0, 1)

function chartTime(ms: number): string {
  // Written as a local wall-clock time and read back as one, so the axis shows the elapsed time
  // whatever the reader's time zone.
  return new Date(CHART_EPOCH + ms).toISOString().slice(0, 23).replace('T', ' ')
}

const TICKS: [number, string][] = [
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
          `${escapeMarkdown(only.name)}: ${formatSeconds((Date.parse(only.end) - Date.parse(only.start)) / 1000)}.`,
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
    `  title Time since ${new Date(origin).toISOString().slice(11, 19)} UTC (${span < 3_600_000 ? 'min.s' : 'h.min'})`,
    '  dateFormat YYYY-MM-DD HH:mm:ss.SSS',
    `  axisFormat ${span < 3_600_000 ? '%M.%S' : '%H.%M'}`,
    `  tickInterval ${tickInterval(span)}`,
    '  todayMarker off'
  ]
  let section = ''
  for (const p of list) {
    if (p.section !== section) {
      section = p.section
      lines.push(`  section ${ganttName(section)}`)
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

function formatSeconds(seconds: number): string {
  return seconds < 60
    ? `${seconds.toFixed(1)} s`
    : seconds < 3600
      ? `${Math.floor(seconds / 60)} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`
      : `${Math.floor(seconds / 3600)} h ${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')} min`
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
  return `${sign}${s < 60 ? `${s.toFixed(1)}s` : s < 3600 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`}`
}

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

/** Timelines with nothing but the run's own start, checks and verdict say nothing. */
function worthATimeline(events: TimelineEvent[]): boolean {
  return events.some(e => !['started', 'check', 'verdict'].includes(e.kind))
}

function timelineSection(diagnosis: Diagnosis, context: ReportContext, names: Names): string[] {
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

function otherKeys(diagnosis: Diagnosis, names: Names): string[] {
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

/** The job summary: the first screen, then everything a reader may want to check. */
export function renderReport(diagnosis: Diagnosis, context: ReportContext): string {
  const names = new Names(context.outcome, diagnosis)
  const lines: string[] = firstScreen(diagnosis, context, names)
  const comparison = comparisonLine(diagnosis, context.outcome?.verdict.operation)
  if (comparison) lines.push(comparison, '')
  if (diagnosis.explanation) lines.push(`> ${names.prose(diagnosis.explanation)}`, '')
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

/** The pull request comment: verdict, cause, fix, keys and the way to the full job summary. */
export function renderComment(diagnosis: Diagnosis, context: ReportContext): string {
  const names = new Names(context.outcome, diagnosis)
  const lines: string[] = firstScreen(diagnosis, context, names)
  lines.push(...dryRunSection(context, names))
  lines.push(...fixSection(diagnosis, true))
  lines.push(...driftSection(diagnosis, names, false))
  for (const section of context.sections ?? []) if (section) lines.push(section, '')
  if (context.outcome) lines.push(...keyTable(context.outcome, context, true))
  lines.push(
    context.runUrl
      ? `The evidence, the checks and the timeline are in the [job summary of this run](${context.runUrl}).`
      : 'The evidence, the checks and the timeline are in the job summary of this run.',
    ''
  )
  return lines.join('\n')
}
