/**
 * check across formats: each reader (Terraform, CloudFormation, CDK, eksctl) reads what it knows
 * under the paths into the same findings — keys, their verdicts by one judge, what cannot be told
 * — and this merges them into one outcome that the annotations, SARIF and report show alike.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { runCheck, type CheckOptions } from '../terraform/check.js'
import { CheckTimeout, Workspace } from '../terraform/config/workspace.js'
import {
  failsLaunches,
  type CheckOutcome,
  type Format,
  type KeyCheck,
  type ParseProblem
} from '../model/check.js'
import { checkTemplates } from '../cloudformation/read.js'
import { linkNested, toTemplate } from '../cloudformation/template.js'
import { readAssembly } from '../cdk/assembly.js'
import { checkCluster } from '../eksctl/read.js'
import { scan } from './scan.js'
import { unreadPlace } from '../model/check-findings.js'

export interface RunOptions extends CheckOptions {
  formats: Format[]
  /** Terraform's own paths (terraform-paths), when they differ from `paths`. */
  terraformPaths?: string[]
  /** CDK cloud assemblies (cdk.out folders) named by cdk-out. */
  cdkOut?: string[]
}

/** A template or ClusterConfig that did not parse: what it holds was not checked. */
function unreadCheck(problem: ParseProblem): KeyCheck {
  return unreadPlace(problem, { how: 'make it parse (cfn-lint or eksctl utils names the error)' })
}

interface Read {
  format: Format
  files: number
  keys: KeyCheck[]
  problems?: ParseProblem[]
  errors?: ParseProblem[]
  cautions?: CheckOutcome['cautions']
}

async function otherFormats(options: RunOptions): Promise<Read[]> {
  const workspace = new Workspace(options.workspace ?? options.cwd, options.limits, {
    timeoutMs: options.timeoutMs,
    now: options.now
  })
  const wanted = new Set(options.formats)
  const found = await scan(
    options.paths,
    options.cwd,
    workspace,
    wanted.has('cdk') ? (options.cdkOut ?? []) : []
  )
  const reads: Read[] = []
  const unread = (problems: ParseProblem[]) => problems.filter(p => p.unread).map(unreadCheck)
  const warnings = found.problems.filter(p => !p.unread)
  if (warnings.length)
    reads.push({ format: 'cloudformation', files: 0, keys: [], problems: warnings })
  if (
    wanted.has('cloudformation') &&
    (found.templates.length || found.problems.some(p => p.unread))
  ) {
    const templates = found.templates.map(f => toTemplate(f.body, f.file))
    linkNested(templates)
    const checked = checkTemplates(templates)
    reads.push({
      format: 'cloudformation',
      files: templates.length,
      keys: [...checked.keys, ...unread(found.problems)],
      cautions: checked.cautions,
      errors: found.errors
    })
  }
  if (wanted.has('cdk'))
    for (const dir of found.assemblies) {
      const assembly = readAssembly(resolve(options.cwd, dir), options.cwd, workspace)
      const checked = checkTemplates(assembly.templates)
      reads.push({
        format: 'cdk',
        files: assembly.templates.length,
        keys: [...checked.keys, ...unread(assembly.problems)],
        cautions: checked.cautions,
        errors: assembly.errors
      })
    }
  if (wanted.has('eksctl') && found.clusters.length)
    reads.push({
      format: 'eksctl',
      files: found.clusters.length,
      keys: found.clusters.flatMap(c => checkCluster(c.file, c.body))
    })
  return reads
}

function merge(format: Read[]): Read[] {
  const merged = new Map<Format, Read>()
  for (const read of format) {
    const into = merged.get(read.format)
    if (!into) merged.set(read.format, { ...read })
    else
      merged.set(read.format, {
        format: read.format,
        files: into.files + read.files,
        keys: [...into.keys, ...read.keys],
        errors: [...(into.errors ?? []), ...(read.errors ?? [])],
        problems: [...(into.problems ?? []), ...(read.problems ?? [])],
        cautions: [...(into.cautions ?? []), ...(read.cautions ?? [])]
      })
  }
  return [...merged.values()]
}

/** A cdk-out folder that is not a cloud assembly: said by name, never skipped without a word. */
function notAnAssembly(options: RunOptions): string | undefined {
  if (!options.formats.includes('cdk')) return undefined
  const missing = (options.cdkOut ?? []).filter(
    d => !existsSync(join(resolve(options.cwd, d), 'manifest.json'))
  )
  if (missing.length === 0) return undefined
  return `Input 'cdk-out' names ${missing.join(', ')}, which holds no manifest.json: it accepts the folders cdk synth writes a cloud assembly to (cdk.out unless cdk.json says otherwise), relative to working-directory. Run cdk synth before check.`
}

export async function runAllChecks(options: RunOptions): Promise<CheckOutcome> {
  const noAssembly = notAnAssembly(options)
  if (noAssembly)
    return {
      result: 'failure',
      keys: [],
      problems: [],
      errors: [],
      notes: [],
      filesRead: 0,
      inputError: noAssembly
    }
  const terraform = options.formats.includes('terraform')
    ? await runCheck({ ...options, paths: options.terraformPaths ?? options.paths })
    : undefined
  if (terraform?.result === 'timeout')
    return { ...terraform, formatsRead: [{ format: 'terraform', files: terraform.filesRead }] }
  let others: Read[]
  try {
    others = merge(await otherFormats(options))
  } catch (error) {
    if (!(error instanceof CheckTimeout)) throw error
    return {
      result: 'timeout',
      keys: terraform?.keys ?? [],
      problems: [],
      errors: [],
      notes: [],
      filesRead: terraform?.filesRead ?? 0,
      inputError: error.message
    }
  }
  const otherFiles = others.reduce((n, r) => n + r.files, 0)
  // Nothing but Terraform to read: Terraform's outcome as it has always been.
  if (terraform && others.length === 0)
    return { ...terraform, formatsRead: [{ format: 'terraform', files: terraform.filesRead }] }
  const base: CheckOutcome = terraform ?? {
    result: 'success',
    keys: [],
    problems: [],
    errors: [],
    notes: [],
    filesRead: 0
  }
  // No Terraform file is no input error when another format was read.
  const noTerraform = terraform && terraform.filesRead === 0 && !options.planJson && otherFiles > 0
  const inputError =
    (noTerraform ? undefined : base.inputError) ??
    (otherFiles === 0 && !terraform
      ? `Input 'paths' (${options.paths.join(', ')}) matched no ${options.formats.join(', ')} file under ${options.cwd}: check the paths (and cdk-out, after cdk synth), and that the job checks out the repository (actions/checkout) before this step.`
      : undefined)
  const keys = [...base.keys, ...others.flatMap(r => r.keys)]
  const errors = [...base.errors, ...others.flatMap(r => r.errors ?? [])]
  const formatsRead = [
    ...(terraform && terraform.filesRead > 0
      ? [{ format: 'terraform' as const, files: terraform.filesRead }]
      : []),
    ...others.filter(r => r.files > 0).map(r => ({ format: r.format, files: r.files }))
  ]
  return {
    ...base,
    result:
      inputError || errors.length || keys.some(k => failsLaunches(k.status) || k.unread)
        ? 'failure'
        : 'success',
    keys,
    errors,
    problems: [...base.problems, ...others.flatMap(r => r.problems ?? [])],
    cautions: [...(base.cautions ?? []), ...others.flatMap(r => r.cautions ?? [])],
    filesRead: base.filesRead + otherFiles,
    inputError,
    formatsRead
  }
}
