/**
 * The timeline summary of the pull request comment: the run's milestones with their times, what
 * EKS would have done without the guard and when, and the AWS failure code people search for.
 * A list, not a table or a chart, so it reads at the comment's width; the full timeline stays in
 * the job summary.
 */
import type { Diagnosis, TimelineEvent } from '../model/index.js'
import { escapeMarkdown, inlineCode } from '../render/escape.js'
import type { ReportContext } from './context.js'
import { offset } from './durations.js'
import { EKS_GIVE_UP_MINUTES, TERRAFORM_TIMEOUT_MINUTES } from './first-screen.js'

/** What EC2 Auto Scaling cancels each launch with when it cannot use the volume's key. */
export const KEY_FAILURE_CODE = 'Client.InvalidKMSKey.InvalidState'
/** EKS fails a node group update whose launches fail after about this long (users report it). */
const UPDATE_GIVE_UP_MINUTES = 45
/** A node group whose scale-out launches fail turns DEGRADED after about this long. */
const DEGRADED_MINUTES = 10

export interface RunMilestone {
  time: number
  /** Markdown, escaped. */
  text: string
}

function at(event: TimelineEvent | undefined): number | undefined {
  return event ? Date.parse(event.time) : undefined
}

/** The launch failure's code: the verdict's, else the code the launch events carry. */
function failureCode(diagnosis: Diagnosis, failed?: TimelineEvent): string | undefined {
  if (diagnosis.failureCode && /^[A-Z][\w.]*$/.test(diagnosis.failureCode))
    return diagnosis.failureCode
  return failed?.detail.match(/\b(Client\.[A-Za-z]+\.[A-Za-z]+)\b/)?.[1]
}

/** The moments of this run worth a line, in the order they happened. */
export function runMilestones(diagnosis: Diagnosis, context: ReportContext): RunMilestone[] {
  const events = context.events
  const result: RunMilestone[] = []
  const push = (time: number | undefined, text: string) => {
    if (time !== undefined && Number.isFinite(time)) result.push({ time, text })
  }
  const mode = context.dryRun ? `${context.mode} (dry run)` : context.mode
  push(at(events.find(e => e.kind === 'started')), `${escapeMarkdown(mode)} started`)
  push(at(events.find(e => e.kind === 'command-started')), 'deploy command started')
  push(
    at(events.find(e => e.kind === 'cluster-status' && / → ACTIVE$/.test(e.detail))),
    'cluster ready (ACTIVE)'
  )
  const nodegroup = diagnosis.nodegroup ?? diagnosis.terminal?.nodegroup
  const ofNodegroup = (e: TimelineEvent) => !nodegroup || e.nodegroup === nodegroup
  const created = events.find(
    e =>
      e.kind === 'nodegroup-created' &&
      ofNodegroup(e) &&
      !/found \w+ when this run started/.test(e.detail)
  )
  const createdAt =
    at(created) ?? (diagnosis.terminal?.createdAt && Date.parse(diagnosis.terminal.createdAt))
  if (createdAt)
    push(createdAt, `node group ${inlineCode(created?.nodegroup ?? nodegroup ?? '')} creating`)
  const failed = events.find(e => e.kind === 'launch-failed' && ofNodegroup(e))
  const code = failureCode(diagnosis, failed)
  if (failed) push(at(failed), `first failed launch${code ? `: ${inlineCode(code)}` : ''}`)
  if (diagnosis.terminal?.gaveUpAt)
    push(
      Date.parse(diagnosis.terminal.gaveUpAt),
      `EKS gave up: node group ${inlineCode(diagnosis.terminal.status)}`
    )
  push(at(events.find(e => e.kind === 'policy-patched')), 'key policy patched')
  push(at(events.find(e => e.kind === 'policy-dry-run')), 'key policy change shown (dry run)')
  const verdict = events.find(e => e.kind === 'verdict')
  const word =
    diagnosis.result === 'success'
      ? 'passed'
      : diagnosis.result === 'timeout'
        ? 'timed out'
        : 'failed'
  push(
    at(verdict),
    `verdict: ${word}${!failed && code && diagnosis.result !== 'success' ? ` (${inlineCode(code)})` : ''}`
  )
  return result.sort((a, b) => a.time - b.time)
}

/** What EKS would have done without the guard, and when, measured from the node group's start. */
function withoutGuard(
  diagnosis: Diagnosis,
  context: ReportContext,
  origin: number
): string | undefined {
  // A self-managed group has no EKS status that would turn: it retries with nothing to time.
  if (diagnosis.selfManaged) return undefined
  const operation = context.outcome?.verdict.operation
  const startedAt = context.outcome?.verdict.operationStartedAt
  const patched = (context.outcome?.keys ?? []).some(
    k => (k.patch?.status === 'written' || k.patch?.status === 'dry-run') && k.patch.added.length
  )
  const failedOnKey = diagnosis.result === 'failure' && diagnosis.detectedAfterSeconds !== undefined
  if (!failedOnKey && !patched) return undefined
  const created = context.events.find(
    e =>
      e.kind === 'nodegroup-created' &&
      (!diagnosis.nodegroup || e.nodegroup === diagnosis.nodegroup) &&
      !/found \w+ when this run started/.test(e.detail)
  )
  const start = startedAt ?? (created ? Date.parse(created.time) : undefined)
  if (start === undefined) return undefined
  // Minutes: the estimate is no finer than that, whatever the run's own scale.
  const when = (minutes: number) => `+${Math.round((start - origin) / 60_000 + minutes)} min`
  const cause = failedOnKey
    ? ''
    : ` every launch would have been cancelled with ${inlineCode(KEY_FAILURE_CODE)};`
  if (operation === 'update')
    return `**≈ ${when(UPDATE_GIVE_UP_MINUTES)}** without this guard:${cause} EKS fails the update with ${inlineCode('NodeCreationFailure')} (users report ≈ ${UPDATE_GIVE_UP_MINUTES} min) and rolls it back.`
  if (operation === 'scale-out')
    return `**≈ ${when(DEGRADED_MINUTES)}** without this guard:${cause} the node group turns ${inlineCode('DEGRADED')} and nothing in CI fails.`
  if (!created && operation !== 'creation') return undefined
  return `**≈ ${when(EKS_GIVE_UP_MINUTES)}** without this guard:${cause} EKS marks the node group ${inlineCode('CREATE_FAILED')} (${EKS_GIVE_UP_MINUTES} min in the incident); Terraform's create timeout ends at ${when(TERRAFORM_TIMEOUT_MINUTES)}.`
}

/** The comment's "Timeline" section: a few lines, times relative to the run's first milestone. */
export function commentTimeline(diagnosis: Diagnosis, context: ReportContext): string[] {
  const milestones = runMilestones(diagnosis, context)
  if (milestones.length < 2) return []
  const origin = milestones[0].time
  const lines = milestones.map(
    (m, i) =>
      `- **${offset(m.time - origin)}**${i === 0 ? ` (${new Date(m.time).toISOString().slice(11, 19)} UTC)` : ''} ${m.text}`
  )
  const counterfactual = withoutGuard(diagnosis, context, origin)
  if (counterfactual) lines.push(`- ${counterfactual}`)
  return ['### Timeline', '', ...lines, '']
}
