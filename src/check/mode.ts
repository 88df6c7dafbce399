/**
 * check mode at the action's edge: run the check, annotate the lines, write the SARIF file, set
 * the outputs, and hand the diagnosis to the report. Everything it calls on GitHub comes from
 * `sink`, so tests drive it in process.
 */
import { writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import type { AnnotationProperties } from '@actions/core'
import type { Diagnosis } from '../model/index.js'
import type { Config } from '../inputs.js'
import type { TimelineSink as Timeline } from '../model/index.js'
import {
  annotations,
  checkDiagnosis,
  checkTable,
  formatsText,
  verdictDetail,
  withinLimit
} from './report/findings.js'
import { toSarif } from './report/sarif.js'
import { runAllChecks } from './run.js'

export interface CheckSink {
  info(message: string): void
  error(message: string, properties?: AnnotationProperties): void
  warning(message: string, properties?: AnnotationProperties): void
  notice(message: string, properties?: AnnotationProperties): void
  setOutput(name: string, value: string): void
  saveState(name: string, value: string): void
  /** How many annotations of each level the sink shows (GitHub: 10 a step); unset: all. */
  annotationsPerLevel?: number
}

export type Publish = (diagnosis: Diagnosis, sections: string[]) => Promise<void>

function sarifPath(): string {
  return join(
    process.env.RUNNER_TEMP || tmpdir(),
    `eks-kms-guard-${process.env.GITHUB_RUN_ID ?? 'local'}-${process.env.GITHUB_RUN_ATTEMPT ?? '1'}-${process.pid}.sarif`
  )
}

/** check: every format read, no AWS access. Returns the diagnosis it reported. */
export async function checkMode(
  config: Config,
  timeline: Timeline,
  sink: CheckSink,
  publish: Publish
): Promise<Diagnosis> {
  const cwd = resolve(config.workingDirectory)
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()
  const outcome = await runAllChecks({
    formats: config.formats,
    paths: config.paths,
    terraformPaths: config.terraformPaths,
    cdkOut: config.cdkOut,
    planJson: config.planJson,
    varFiles: config.varFiles,
    cwd,
    // The job's environment is Terraform's: TF_VAR_<name> set for the step counts.
    env: process.env,
    // What the pull request controls is read from the repository only, and not past timeout-minutes.
    workspace,
    timeoutMs: config.timeoutMs
  })
  timeline.add(
    'action',
    'check',
    `${outcome.formatsRead?.some(r => r.format !== 'terraform') ? formatsText(outcome) : `${outcome.filesRead} ${outcome.language ?? 'Terraform'} files`} read, ${outcome.keys.length} keys checked`
  )
  sink.setOutput(
    'formats-read',
    (outcome.formatsRead ?? []).map(r => `${r.format}:${r.files}`).join(',')
  )
  // SARIF paths are relative to the repository root, as code scanning resolves them.
  const rebased = {
    ...outcome,
    keys: outcome.keys.map(k => ({
      ...k,
      file: k.file && relative(workspace, resolve(cwd, k.file)),
      uses: k.uses.map(u => ({ ...u, file: u.file && relative(workspace, resolve(cwd, u.file)) })),
      unknowns: k.unknowns.map(c => ({
        ...c,
        pos: c.pos && { ...c.pos, file: relative(workspace, resolve(cwd, c.pos.file)) }
      }))
    })),
    problems: outcome.problems.map(p => ({
      ...p,
      path: relative(workspace, resolve(cwd, p.path))
    })),
    errors: outcome.errors.map(p => ({ ...p, path: relative(workspace, resolve(cwd, p.path)) })),
    cautions: outcome.cautions?.map(c => ({
      ...c,
      file: c.file && relative(workspace, resolve(cwd, c.file))
    }))
  }
  const all = annotations(rebased)
  const shown = sink.annotationsPerLevel ? withinLimit(all, sink.annotationsPerLevel) : all
  for (const a of shown) {
    const properties = { title: a.title, file: a.file, startLine: a.line }
    if (a.level === 'error') sink.error(a.message, properties)
    else if (a.level === 'warning') sink.warning(a.message, properties)
    else sink.notice(a.message, properties)
  }
  const sarif = sarifPath()
  await writeFile(
    sarif,
    JSON.stringify(toSarif(rebased, process.env.npm_package_version ?? '1.0.0'), null, 2)
  )
  const count = (status: string[]) =>
    String(outcome.keys.filter(k => status.includes(k.status)).length)
  sink.setOutput('keys-checked', String(outcome.keys.length))
  sink.setOutput('keys-missing', count(['missing', 'denied', 'unusable']))
  // A key that grants what Auto Scaling needs, naming a role the configuration does not create,
  // cannot be told to work on a fresh account: a "cannot tell" like an unknown key.
  const cautioned = new Set((outcome.cautions ?? []).flatMap(c => c.keys))
  sink.setOutput(
    'keys-cannot-tell',
    String(
      outcome.keys.filter(k => ['unknown', 'outside'].includes(k.status) || cautioned.has(k.key))
        .length
    )
  )
  sink.setOutput('sarif-file', sarif)
  const diagnosis = checkDiagnosis(outcome)
  timeline.add('action', 'verdict', verdictDetail(diagnosis))
  // An input error is its annotation already: said once.
  if (!outcome.inputError) sink.info(diagnosis.headline)
  await publish(diagnosis, [checkTable(rebased)])
  sink.saveState('reported', 'true')
  return diagnosis
}
