/**
 * What this run may do to a key, decided in one place from the inputs and the key's assessment:
 * patch its policy, create a grant, or nothing. Pure.
 */
import type { KeyRecord } from '../model/index.js'
import { refusedCalls } from './foreign.js'

export interface WritePermission {
  mode: 'check' | 'verify' | 'deploy'
  patchPolicy: boolean
  dryRun: boolean
}

/** "May this run write?" — deploy with patch-policy on; a deploy dry run shows what it would write. */
export function writeMode(p: WritePermission): 'write' | 'dry-run' | 'none' {
  if (p.mode !== 'deploy') return 'none'
  if (p.dryRun) return 'dry-run'
  return p.patchPolicy ? 'write' : 'none'
}

export type KeyAction = 'patch' | 'patch-unknown' | 'grant' | 'none'

/** What the watch has seen that bears on the plan. */
export interface KeyEvidence {
  /** This key's node group has launches failing with a KMS error this run. */
  kmsLaunchFailures: boolean
}

/**
 * Patch only when a missing grant is the whole problem: a disabled, doomed or unusable key gains
 * nothing from a policy write, and the write would delay the verdict by the propagation grace.
 * Another account's key cannot have its policy written from here: the fix is a grant.
 */
export function planKeyAction(
  record: KeyRecord,
  p: WritePermission,
  evidence: KeyEvidence = { kmsLaunchFailures: false }
): KeyAction {
  if (writeMode(p) === 'none') return 'none'
  const { assessment, facts } = record
  const causes = assessment.causes
  if (assessment.crossAccount) return grantPlan(record) ? 'grant' : 'none'
  if (facts.manager !== 'CUSTOMER' || assessment.crossAccount || !facts.arn) return 'none'
  if (record.context.autoscalingRoleExists === false) return 'none'
  // The policy's answer for the role is "cannot tell", and launches fail with a KMS error: the
  // documented statements are safe to add (stable Sids, nothing removed), so act on the evidence.
  const undecided = assessment.statuses.some(
    s => s.status === 'unknown' && s.requirement.id !== 'cluster-secrets'
  )
  if (causes.length === 0 && undecided && evidence.kmsLaunchFailures) return 'patch-unknown'
  const missingOnly = causes.every(
    c => c === 'kms-policy-missing-autoscaling-role' || c === 'autoscaling-role-missing'
  )
  const needsPatch =
    causes.includes('kms-policy-missing-autoscaling-role') ||
    assessment.statuses.some(s => s.status === 'missing' && s.requirement.id === 'cluster-secrets')
  return missingOnly && needsPatch ? 'patch' : 'none'
}

/**
 * Another account's key: a grant from this account is the only fix possible here. It is created
 * when no grant to the role is seen — also when the owner's policy hides the grants (the grant is
 * named, so KMS returns the existing one instead of a second) — and never when the owner's policy
 * refuses this account DescribeKey or CreateGrant: then only the owner can act.
 */
function grantPlan(record: KeyRecord): boolean {
  const { assessment, facts } = record
  if (!facts.arn || !facts.found || record.grant) return false
  const refused = refusedCalls(facts)
  if (refused.includes('kms:DescribeKey') || refused.includes('kms:CreateGrant')) return false
  const otherCauses = assessment.causes.filter(c => c !== 'kms-key-cross-account')
  if (otherCauses.length > 0) return false
  return assessment.causes.includes('kms-key-cross-account') || facts.grantsUnknown === true
}
