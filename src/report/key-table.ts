/** The table of the keys the run checked: state, manager, users, findings, the policy change. */
import type { GuardOutcome } from '../model/index.js'
import { escapeMarkdown, inlineCode } from '../render/escape.js'
import type { ReportContext } from './context.js'
import { partition } from './first-screen.js'
import { keyConsoleUrl } from './links.js'
import { keyName } from './names.js'

/** The keys, in full for the job summary or compact for the comment. */
export function keyTable(outcome: GuardOutcome, context: ReportContext, compact = false): string[] {
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
