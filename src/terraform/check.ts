/**
 * check mode: in the pull request, before anything is applied, find the KMS keys that node
 * launches will use — evaluating the configuration as Terraform resolves it, modules included —
 * and decide, with the same policy evaluator as verify and deploy, whether each key lets the EC2
 * Auto Scaling service-linked role use it. Nothing unknown passes silently.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { findTfFiles, ConfigLoader } from './config/load.js'
import { CheckTimeout, isRefusal, Workspace, type Limits } from './config/workspace.js'
import { guardedEvaluation } from './eval/evaluate.js'
import { buildRoots } from './config/roots.js'
import { allInstances, Index, type KeyTarget } from './config/discover.js'
import { keyUses } from './config/uses.js'
import { launcherUses } from './config/launchers.js'
import { manifestsInFiles, manifestsInResources } from './config/manifest-sources.js'
import { missingModules } from './judge/missing.js'
import {
  failsLaunches,
  type Caution,
  type CheckOutcome,
  type KeyCheck,
  type KeyUseSite,
  type ParseProblem
} from './model.js'
import { applyPlan, readPlan } from './plan/outcome.js'
import { checkKey } from './judge/check-key.js'
import { outsideKey, undecidedKey, unreadPlace } from '../model/check-findings.js'

export type { CheckOutcome, KeyCheck, KeyUseSite } from './model.js'

export interface CheckOptions {
  paths: string[]
  planJson?: string
  varFiles?: string[]
  cwd: string
  /** The environment Terraform would run in: its TF_VAR_<name> values (lowest precedence). */
  env?: Readonly<Record<string, string | undefined>>
  /**
   * The only folder check reads from (the repository: GITHUB_WORKSPACE); `cwd` when unset.
   * Paths, symbolic links, module sources and file() arguments that lead out of it are refused.
   */
  workspace?: string
  /** timeout-minutes, in ms: check stops between files and evaluation steps past it. */
  timeoutMs?: number
  /** The sandbox's caps (LIMITS when unset). */
  limits?: Limits
  now?: () => number
}

function targetCheck(target: Exclude<KeyTarget, { kind: 'key' }>, uses: KeyUseSite[]): KeyCheck {
  if (target.kind === 'outside')
    return outsideKey(target.value, target.pos, uses, {
      how: 'it is not managed in this configuration: run verify against the account to check its policy',
      message: `The key ${target.value} is not managed in this configuration; run verify against the account to check its policy.`
    })
  return undecidedKey(
    {
      key: `the key of ${uses[0]?.via ?? target.text}`,
      via: uses[0]?.via ?? 'a launch template',
      text: target.text
    },
    target.pos,
    uses,
    target.causes
  )
}

/** A file or expression that did not parse: Terraform refuses the configuration too. */
function unreadCheck(problem: ParseProblem): KeyCheck {
  return unreadPlace(problem, {
    how: 'make it parse (terraform validate names the error)',
    refusedToo: 'Terraform would refuse this configuration too'
  })
}

/** Terraform stops on a -var-file that does not exist; so does check, naming the input. */
function missingVarFiles(options: CheckOptions): string | undefined {
  const missing = (options.varFiles ?? []).filter(f => !existsSync(resolve(options.cwd, f)))
  if (missing.length === 0) return undefined
  return `Input 'var-files': ${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist under ${options.cwd} (var-files are relative to working-directory, as terraform -var-file is to where it runs).`
}

/** A folder that holds only Terragrunt's configuration. */
function terragrunt(options: CheckOptions): boolean {
  return options.paths.some(p => existsSync(join(resolve(options.cwd, p), 'terragrunt.hcl')))
}

/** Karpenter's and Auto Mode's node classes (manifests in resources and in the checked paths) as uses of keys. */
function launcherNodeClasses(
  index: Index,
  options: CheckOptions,
  workspace: Workspace,
  problems: ParseProblem[]
) {
  const inResources = manifestsInResources(index)
  const inFiles = manifestsInFiles(options.paths, options.cwd, workspace)
  problems.push(...inResources.problems, ...inFiles.problems)
  return launcherUses(index, {
    keys: [...inResources.keys, ...inFiles.keys],
    unread: [...inResources.unread, ...inFiles.unread]
  })
}

export async function runCheck(options: CheckOptions): Promise<CheckOutcome> {
  const workspace = new Workspace(options.workspace ?? options.cwd, options.limits, {
    timeoutMs: options.timeoutMs,
    now: options.now
  })
  const loader = new ConfigLoader(options.cwd, workspace)
  let filesRead = 0
  try {
    return await checkWithin(options, loader, n => (filesRead = n))
  } catch (error) {
    if (!(error instanceof CheckTimeout)) throw error
    return {
      result: 'timeout',
      keys: [],
      problems: loader.problems,
      errors: loader.errors,
      notes: [],
      filesRead,
      inputError: error.message
    }
  }
}

async function checkWithin(
  options: CheckOptions,
  loader: ConfigLoader,
  counted: (files: number) => void
): Promise<CheckOutcome> {
  const workspace = loader.workspace
  if (isRefusal(workspace.resolveInside(options.cwd)))
    return {
      result: 'failure',
      keys: [],
      problems: [],
      errors: [],
      notes: [],
      filesRead: 0,
      inputError: `Input 'working-directory' (${options.cwd}) is outside the workspace (${workspace.root}): check reads only the files of the repository it checks.`
    }
  const found = await findTfFiles(options.paths, options.cwd, workspace)
  workspace.checkDeadline()
  const files = found.slice(0, workspace.limits.files)
  if (found.length > files.length)
    loader.errors.push({
      path: options.paths.join(', '),
      message: `terraform-paths matched ${found.length} .tf and .tf.json files, over the ${workspace.limits.files} check reads in one run: the first ${files.length} (in path order) were read. Point terraform-paths at the configurations to check.`
    })
  counted(files.length)
  const configs = await loader.loadFiles(files)
  const roots = await buildRoots(loader, configs, options.varFiles ?? [], options.env)
  const keys: KeyCheck[] = []
  const notes: string[] = []
  let index!: Index
  guardedEvaluation(
    () => workspace.checkDeadline(),
    () => {
      const instances = allInstances(roots)
      index = new Index(instances)
      const grouped = new Map<string, { target: KeyTarget; uses: KeyUseSite[] }>()
      const launched = launcherNodeClasses(index, options, workspace, loader.problems)
      notes.push(...launched.notes)
      for (const { target, site } of [...keyUses(index), ...launched.uses]) {
        workspace.checkDeadline()
        const id =
          target.kind === 'key'
            ? `key|${target.instance.fullAddress}|${target.instance.module.config.dir}|${site.launcher ?? ''}`
            : target.kind === 'outside'
              ? `outside|${target.value}`
              : `unknown|${target.pos?.file}:${target.pos?.line}|${target.text}`
        const entry = grouped.get(id) ?? { target, uses: [] }
        if (
          !entry.uses.some(
            u => u.consumer === site.consumer && u.via === site.via && u.role === site.role
          )
        )
          entry.uses.push(site)
        grouped.set(id, entry)
      }
      for (const { target, uses } of grouped.values()) {
        workspace.checkDeadline()
        keys.push(
          target.kind === 'key' ? checkKey(target.instance, uses, index) : targetCheck(target, uses)
        )
      }
      // A module whose source is missing counts once: not again when a key's cause already names it.
      const named = new Set(keys.flatMap(k => k.unknowns.map(c => c.what)))
      keys.push(
        ...missingModules(instances, warning => loader.problems.push(warning)).filter(
          m => !m.unknowns.some(c => named.has(c.what))
        )
      )
    }
  )
  // Anything the evaluation swallowed (a try() around a step past the deadline) ends here.
  workspace.checkDeadline()
  const planPath = options.planJson && join(options.cwd, options.planJson)
  const planOutside = planPath ? workspace.resolveInside(planPath) : undefined
  if (isRefusal(planOutside)) throw new Error(`Input 'plan-json': ${planOutside.refused}.`)
  const plan = planPath ? await readPlan(planPath) : undefined
  if (plan) applyPlan(plan, keys, notes)
  if (loader.tofu)
    notes.push(
      'Read as OpenTofu reads a configuration: a folder here holds .tofu files, so each foo.tofu (foo.tofu.json) was read instead of a foo.tf (foo.tf.json) beside it.'
    )
  // Karpenter's and Auto Mode's keys name their own roles, not the Auto Scaling one.
  const namingRole = keys.filter(
    k => (k.status === 'granted' || k.status === 'missing') && k.uses.some(u => !u.launcher)
  )
  const cautions: Caution[] = []
  if (namingRole.length && index.ofType('aws_iam_service_linked_role').length === 0)
    cautions.push({
      rule: 'roleNotDeclared',
      message:
        'No aws_iam_service_linked_role for autoscaling.amazonaws.com is declared. On a fresh account the role does not exist yet and a key policy naming it fails with "invalid principals": declare `resource "aws_iam_service_linked_role" "autoscaling" { aws_service_name = "autoscaling.amazonaws.com" }` and make the key depend on it.',
      file: namingRole[0].file,
      line: namingRole[0].line,
      keys: namingRole.filter(k => k.status === 'granted').map(k => k.key)
    })
  const inputError =
    files.length === 0 && !plan
      ? `Input 'terraform-paths' (${options.paths.join(', ')}) matched no .tf, .tf.json, .tofu or .tofu.json file under ${options.cwd}: ${terragrunt(options) ? 'it holds a terragrunt.hcl, which is Terragrunt’s, not Terraform’s: point terraform-paths at the module the terragrunt.hcl sources (or at the configuration Terragrunt generates in .terragrunt-cache), or pass plan-json.' : 'check the paths, and that the job checks out the repository (actions/checkout) before this step.'}`
      : missingVarFiles(options)
  // What did not parse is a "cannot tell" where it is, and the check does not pass on it.
  keys.push(...loader.problems.filter(p => p.unread).map(unreadCheck))
  return {
    result:
      inputError || loader.errors.length || keys.some(k => failsLaunches(k.status) || k.unread)
        ? 'failure'
        : 'success',
    keys,
    problems: loader.problems.filter(p => !p.unread),
    errors: loader.errors,
    notes,
    cautions,
    filesRead: files.length,
    language: loader.tofu ? 'OpenTofu' : 'Terraform',
    inputError
  }
}
