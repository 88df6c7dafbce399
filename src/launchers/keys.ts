/**
 * A launcher's keys, checked for the role that really launches: inspected like any key, assessed
 * against the launcher's requirements, the role's IAM policies simulated where the key policy
 * leaves it to the account, and — deploy with patch-policy — the documented statements added to
 * the key policy through the same idempotent patch as for node groups.
 */
import type { IAMClient } from '@aws-sdk/client-iam'
import type { KMSClient } from '@aws-sdk/client-kms'
import type { Clock } from '../clock.js'
import { inspectKey } from '../kms/key.js'
import { launcherRequirements, LAUNCHER_USE_ACTIONS } from '../kms/launchers.js'
import { patchKeyPolicySafely } from '../kms/patch.js'
import { writeMode, type WritePermission } from '../kms/plan.js'
import {
  LAUNCHER_CAUSES,
  LAUNCHER_LABEL,
  launcherUseName,
  type KeyContext,
  type KeyRecord,
  type KeyUse,
  type Logger,
  type TimelineSink
} from '../model/index.js'
import { assessLauncherKey, type LauncherPrincipal } from './assess.js'
import { simulateRoleKeyUse } from './reads.js'

export interface LauncherKeyDeps {
  kms: KMSClient
  iam: IAMClient
  clock: Clock
  log: Logger
  timeline: TimelineSink
  signal?: AbortSignal
  region: string
  account: () => string
  permission: WritePermission
}

/** Assesses the key for the principal, simulating its IAM policies when the key delegates. */
async function assess(deps: LauncherKeyDeps, record: KeyRecord, principal: LauncherPrincipal) {
  const { facts, context } = record
  const first = assessLauncherKey(facts, context, principal)
  let assessment = first.assessment
  const delegated = first.delegated
  record.iamMissing = undefined
  if (delegated.length > 0 && facts.arn) {
    const allowed = await simulateRoleKeyUse(
      deps.iam,
      principal.roleArn,
      facts.arn,
      deps.region,
      context.callerAccount
    )
    assessment = assessLauncherKey(facts, context, principal, allowed).assessment
    const missing = [...LAUNCHER_USE_ACTIONS, 'kms:CreateGrant'].filter(a => !allowed.has(a))
    if (missing.length) record.iamMissing = missing
  }
  record.assessment = assessment
}

export async function checkLauncherKey(
  deps: LauncherKeyDeps,
  principal: LauncherPrincipal,
  use: KeyUse
): Promise<KeyRecord> {
  const account = deps.account()
  const facts = await inspectKey(deps.kms, use.reference, principal.roleArn, account)
  const context: KeyContext = {
    callerAccount: account,
    region: deps.region,
    autoscalingRoleArn: principal.roleArn,
    autoscalingRoleExists: true
  }
  const record: KeyRecord = {
    id: facts.arn ?? use.reference,
    facts,
    assessment: {
      facts,
      causes: [],
      statuses: [],
      orphans: [],
      grantCovers: false,
      crossAccount: false,
      ruledOut: [],
      openQuestions: []
    },
    uses: [use],
    roleArn: principal.roleArn,
    context,
    secretsKey: false,
    readAt: deps.clock.now(),
    launcher: principal
  }
  await assess(deps, record, principal)
  const verdict = record.assessment.causes.length
    ? `problems: ${record.assessment.causes.join(', ')}`
    : 'no problem found'
  deps.timeline.add(
    'kms',
    'key-checked',
    `key ${record.id} (${facts.state ?? 'not found'}, ${facts.manager ?? '?'}) used by ${launcherUseName(principal.launcher)}: ${verdict}`
  )
  deps.log.info(`Key ${record.id}: ${use.why}; checked for ${principal.roleArn}; ${verdict}.`)
  if (shouldPatch(record, deps.permission)) await patch(deps, record, principal)
  return record
}

/** Patch only when the launcher's missing access is the whole problem (as plan.ts for node groups). */
function shouldPatch(record: KeyRecord, permission: WritePermission): boolean {
  if (writeMode(permission) === 'none' || !record.launcher) return false
  const { assessment, facts } = record
  return (
    facts.manager === 'CUSTOMER' &&
    !assessment.crossAccount &&
    facts.arn !== undefined &&
    assessment.causes.length === 1 &&
    assessment.causes[0] === LAUNCHER_CAUSES[record.launcher.launcher]
  )
}

/**
 * Adds the statements not granted yet. A delegation to the account that the role's IAM policy does
 * not use is no grant: the statements name the role, so the key policy alone lets it use the key.
 */
async function patch(deps: LauncherKeyDeps, record: KeyRecord, principal: LauncherPrincipal) {
  const granted = new Set(
    record.assessment.statuses.filter(s => s.status === 'granted').map(s => s.requirement.id)
  )
  const needed = launcherRequirements({
    principal,
    region: deps.region,
    account: record.context.callerAccount
  })
    .filter(r => !granted.has(r.id))
    .map(r => ({ ...r, identityMayGrant: false }))
  const outcome = await patchKeyPolicySafely(deps.kms, record.facts.arn as string, needed, {
    dryRun: writeMode(deps.permission) === 'dry-run',
    sleep: ms => deps.clock.sleep(ms, deps.signal),
    log: line => deps.log.warning(line)
  })
  record.patch = outcome
  const label = LAUNCHER_LABEL[principal.launcher]
  if (outcome.status === 'written' || outcome.status === 'unchanged') {
    deps.timeline.add(
      'kms',
      outcome.status === 'written' ? 'policy-patched' : 'policy-unchanged',
      `${outcome.message} (${label})`
    )
    deps.log.info(outcome.message)
    record.patchedAt = deps.clock.now()
    record.facts = await inspectKey(
      deps.kms,
      record.facts.arn as string,
      principal.roleArn,
      record.context.callerAccount
    )
    record.readAt = deps.clock.now()
    await assess(deps, record, principal)
  } else if (outcome.status === 'dry-run') {
    deps.timeline.add('kms', 'policy-dry-run', outcome.message)
    deps.log.info(`${outcome.message}\n${outcome.diff ?? ''}`)
  } else {
    deps.timeline.add('kms', 'policy-refused', outcome.message)
    deps.log.warning(outcome.message)
  }
}
