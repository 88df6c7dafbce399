/** check mode's outcome in the shapes the rest of the action reports: annotations and a Diagnosis. Pure. */
import { basename, dirname } from 'node:path'
import type { Diagnosis, RootCause } from '../../model/index.js'
import { codeSpan, messageLine, tableCell, tableCode } from '../../render/escape.js'
import { failsLaunches, FORMAT_FILES, type CheckOutcome } from '../../model/check.js'
import { RULES, ruleOf } from './rules.js'

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  message: string
  title: string
  file?: string
  line?: number
}

/** Who the failing keys' launches need: the Auto Scaling role, or Karpenter's or Auto Mode's role. */
function launchedBy(keys: CheckOutcome['keys']): string {
  const kinds = new Set(keys.flatMap(k => k.uses.map(u => u.launcher ?? 'autoscaling')))
  const names = [
    ...(kinds.has('autoscaling') ? ['EC2 Auto Scaling'] : []),
    ...(kinds.has('karpenter') ? ["Karpenter's controller role"] : []),
    ...(kinds.has('auto-mode') ? ["EKS Auto Mode's cluster role"] : [])
  ]
  return names.join(' or ') || 'EC2 Auto Scaling'
}

/**
 * The cause verify would give the same key: a launcher's own when only Karpenter or Auto Mode
 * launch with it (their role, not the Auto Scaling service-linked role, is what the policy lacks).
 */
function missingCause(key: CheckOutcome['keys'][number]): RootCause {
  const launchers = new Set(key.uses.map(u => u.launcher ?? 'autoscaling'))
  if (launchers.size === 1 && launchers.has('karpenter')) return 'karpenter-kms-access-denied'
  if (launchers.size === 1 && launchers.has('auto-mode')) return 'automode-kms-access-denied'
  return 'kms-policy-missing-autoscaling-role'
}

export function annotations(outcome: CheckOutcome): Annotation[] {
  const list: Annotation[] = []
  for (const key of outcome.keys) {
    const level = failsLaunches(key.status)
      ? 'error'
      : key.status === 'granted'
        ? undefined
        : 'warning'
    if (!level) continue
    // Each unknown gets its own warning where it is written, naming how to make it known.
    if (level === 'warning')
      for (const cause of key.unknowns) {
        if (!cause.pos || (cause.pos.file === key.file && cause.pos.line === key.line)) continue
        list.push({
          level: 'warning',
          title: 'Unknown before apply',
          message: `${cause.what} decides whether ${key.key} lets ${launchedBy([key])} use it, and is not known here: ${cause.how}.`,
          file: cause.pos.file,
          line: cause.pos.line
        })
      }
    const fix = key.fix ? `\n\nAdd:\n${key.fix}` : ''
    list.push({
      level,
      title: ruleOf(key)?.title ?? RULES.cannotTell.title,
      message: key.message + fix,
      file: key.file,
      line: key.line
    })
    if (level === 'error') {
      for (const use of key.uses) {
        if (use.file && use.line && (use.file !== key.file || use.line !== key.line)) {
          list.push({
            level,
            title: 'Node launches will fail',
            message: use.launcher
              ? `${use.consumer} launches nodes with ${use.via}, encrypted with ${key.key}, which the launching role cannot use.`
              : use.orphan
                ? `No node group or Auto Scaling group in this configuration launches from ${use.via}; one that does (elsewhere, by its id or name) will have its volumes encrypted with ${key.key}, whose policy does not let EC2 Auto Scaling use it.`
                : `${use.consumer} launches instances through ${use.via}, encrypted with ${key.key}, whose policy does not let EC2 Auto Scaling use it.`,
            file: use.file,
            line: use.line
          })
        }
      }
    }
  }
  for (const caution of outcome.cautions ?? [])
    list.push({
      level: RULES[caution.rule].level,
      title: RULES[caution.rule].title,
      message: caution.message,
      file: caution.file,
      line: caution.line
    })
  for (const problem of outcome.problems)
    list.push({
      level: 'warning',
      title: RULES.notParsed.title,
      message: `Not all of this was checked (what could be read was): ${problem.message}`,
      file: problem.path,
      line: problem.line
    })
  // Configuration errors (a module cycle, a file the sandbox refused): the check cannot pass.
  for (const error of outcome.errors ?? [])
    list.unshift({
      level: 'error',
      title: RULES.configurationError.title,
      message: error.message,
      file: error.path,
      line: error.line
    })
  if (outcome.inputError)
    list.unshift({
      level: 'error',
      title: outcome.result === 'timeout' ? 'Timed out' : 'Input to fix',
      message: outcome.inputError
    })
  return list
}

/**
 * At most `limit` annotations of each level, the last one saying how many more there are:
 * GitHub shows 10 error, 10 warning and 10 notice annotations a step and silently drops the rest
 * (actions/toolkit, docs/problem-matchers.md). The summary and the SARIF file list them all.
 */
export function withinLimit(list: Annotation[], limit: number): Annotation[] {
  const out: Annotation[] = []
  for (const level of ['error', 'warning', 'notice'] as const) {
    const of = list.filter(a => a.level === level)
    if (of.length <= limit) {
      out.push(...of)
      continue
    }
    out.push(...of.slice(0, limit - 1), {
      level,
      title: `${of.length - limit + 1} more`,
      message: `${of.length - limit + 1} more ${level === 'notice' ? 'notices' : `${level}s`} than GitHub shows as annotations in one step: the job summary and the SARIF file (sarif-file output) list every one.`
    })
  }
  return out
}

/**
 * The diagnosis of check, its texts made safe for where the report puts them: names from the
 * pull request (files, folders, resources, module paths) stay on one line with no autolink.
 */
export function checkDiagnosis(outcome: CheckOutcome): Diagnosis {
  const diagnosis = rawDiagnosis(outcome)
  return {
    ...diagnosis,
    headline: messageLine(diagnosis.headline),
    evidence: diagnosis.evidence.map(messageLine),
    ruledOut: diagnosis.ruledOut.map(messageLine),
    openQuestions: diagnosis.openQuestions.map(messageLine),
    fix: diagnosis.fix && { ...diagnosis.fix, summary: messageLine(diagnosis.fix.summary) }
  }
}

/**
 * The timeline's verdict event. The report puts event details in a table cell, where a `|` inside
 * a code span still splits the row: backticks from the pull request's names become quotes.
 */
export function verdictDetail(diagnosis: Diagnosis): string {
  return `${diagnosis.result}: ${diagnosis.headline.replace(/`/g, "'")}`
}

function rawDiagnosis(outcome: CheckOutcome): Diagnosis {
  const failing = outcome.keys.filter(k => failsLaunches(k.status))
  const first = failing[0]
  const unknown = outcome.keys.filter(k => k.status === 'unknown' || k.status === 'outside')
  const errors = outcome.errors ?? []
  const said = errors
    .slice(0, 3)
    .map(e => `${e.path}${e.line ? `:${e.line}` : ''}: ${e.message}`)
    .join(' ')
  const unread = outcome.keys.filter(k => k.unread)
  const unreadSaid = unread
    .slice(0, 3)
    .map(k => `${k.file}${k.line ? `:${k.line}` : ''}`)
    .join(', ')
  const headline = outcome.inputError
    ? outcome.inputError
    : unread.length && !errors.length && !first
      ? `Cannot tell: ${unread.length === 1 ? 'a place' : `${unread.length} places`} of the configuration could not be read (${unreadSaid}${unread.length > 3 ? `, and ${unread.length - 3} more` : ''}), so any KMS key or launch template written there was not checked.`
      : errors.length && !first
        ? `${errors.length} configuration error${errors.length > 1 ? 's' : ''} keep check from passing: ${said}${errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''}`
        : first
          ? `${failing.length} KMS key${failing.length > 1 ? 's' : ''} used for node EBS encryption ${failing.length > 1 ? 'do' : 'does'} not let ${launchedBy(failing)} use ${failing.length > 1 ? 'them' : 'it'}: ${failing.map(k => k.key).join(', ')}.`
          : unknown.length === outcome.keys.length && unknown.length > 0
            ? `Cannot tell whether ${unknown.length === 1 ? 'the KMS key' : `any of the ${unknown.length} KMS keys`} used for node EBS encryption ${unknown.length === 1 ? 'lets' : 'let'} ${launchedBy(unknown)} use ${unknown.length === 1 ? 'it' : 'them'}: see the warnings for what is unknown and how to make it known.`
            : outcome.keys.length
              ? `Every KMS key used for node EBS encryption grants ${launchedBy(outcome.keys).replace(/^EC2 Auto Scaling$/, 'the EC2 Auto Scaling service-linked role')} what it needs${unknown.length ? `, except ${unknown.length} that cannot be told statically` : ''}.`
              : `No KMS key used for node EBS encryption was found in ${formatsText(outcome)}.`
  return {
    result: outcome.result,
    couldNotLook: outcome.inputError !== undefined,
    rootCause:
      outcome.inputError || ((errors.length || unread.length) && !first)
        ? 'unknown'
        : first
          ? (first.unusableCause ??
            (first.status === 'denied' ? 'kms-key-explicit-deny' : missingCause(first)))
          : undefined,
    headline,
    evidence: [
      ...errors.map(e => `${e.path}${e.line ? `:${e.line}` : ''} ${e.message}`),
      ...failing.map(
        k =>
          `${k.file ?? ''}${k.line ? `:${k.line}` : ''} ${k.message} Used by ${k.uses.map(u => `${u.consumer} via ${u.via}`).join('; ')}.`
      )
    ],
    ruledOut: outcome.keys.filter(k => k.status === 'granted').map(k => k.message),
    openQuestions: [
      ...unknown.map(k => k.message),
      ...(outcome.cautions ?? []).map(c => c.message),
      ...outcome.notes,
      ...outcome.problems.map(p => `${p.path}${p.line ? `:${p.line}` : ''}: ${p.message}`)
    ],
    fix: first?.fix
      ? {
          summary: `Add the ${launchedBy([first]).replace(/^EC2 Auto Scaling$/, 'Auto Scaling service-linked role')} statements to ${first.key} (${first.file}${first.line ? `:${first.line}` : ''}), in the style the file already uses.`,
          // A template's fix is CloudFormation (and CDK code), not Terraform: shown under its name.
          ...(first.style === 'KeyPolicy' ? { template: first.fix } : { terraform: first.fix })
        }
      : undefined,
    keyFindings: [],
    drift: [],
    cancelled: false
  }
}

/** What was read: "3 Terraform files", or each format's count when more than Terraform was read. */
export function formatsText(outcome: CheckOutcome): string {
  const read = outcome.formatsRead ?? []
  if (!read.some(r => r.format !== 'terraform'))
    return `${outcome.filesRead} ${outcome.language ?? 'Terraform'} file${outcome.filesRead === 1 ? '' : 's'}`
  const said = read.map(r => {
    const names =
      r.format === 'terraform' && outcome.language === 'OpenTofu'
        ? ['OpenTofu file', 'OpenTofu files']
        : FORMAT_FILES[r.format]
    return `${r.files} ${names[r.files === 1 ? 0 : 1]}`
  })
  return said.length > 1 ? `${said.slice(0, -1).join(', ')} and ${said[said.length - 1]}` : said[0]
}

export function checkTable(outcome: CheckOutcome): string {
  if (outcome.keys.length === 0) return ''
  // One table per folder, named once above it: the cells stay narrow enough for a PR comment.
  const folders = new Map<string, CheckOutcome['keys']>()
  for (const k of outcome.keys) {
    const folder = k.file ? dirname(k.file) : '.'
    folders.set(folder, [...(folders.get(folder) ?? []), k])
  }
  const lines = ['### Keys used for node EBS encryption', '']
  if (outcome.formatsRead?.some(r => r.format !== 'terraform'))
    lines.push(`Read: ${formatsText(outcome)}.`, '')
  for (const [folder, keys] of folders) {
    if (folders.size > 1 || folder !== '.') lines.push(`In ${codeSpan(`${folder}/`)}:`, '')
    lines.push(
      '| key | policy at | style | access | decided by | used by |',
      '| --- | --- | --- | --- | --- | --- |',
      ...keys.map(
        k =>
          `| ${tableCode(k.key)} | ${k.file ? tableCode(`${basename(k.file)}${k.line ? `:${k.line}` : ''}`) : '—'} | ${k.style} | ${k.status === 'granted' ? '✅ granted' : k.status === 'missing' ? '❌ missing' : k.status === 'denied' ? '❌ denied' : k.status === 'unusable' ? '❌ unusable' : '⚠️ cannot tell'} | ${tableCell(k.decidedBy.map(d => `${d.kind} ${d.name}`).join(', ') || k.unknowns.map(c => c.what).join(', ') || '—')} | ${tableCell([...new Set(k.uses.map(u => `${u.consumer} via ${u.via}`))].join('; '))} |`
      ),
      ''
    )
  }
  return lines.join('\n')
}
