/**
 * The least-privilege IAM identity policies of the role the action runs as, one per mode, as data.
 * This is the single source of truth: docs/setup.md, the Terraform example's JSON policies
 * (`npm run permissions` writes them) and the simulator's enforcement in the tests all come from
 * here, and a unit test fails when the code calls an AWS action that no mode allows.
 *
 * - `check` reads Terraform only and needs no AWS permission at all.
 * - `verify` reads; it never writes.
 * - `deploy` adds the two writes that fix a key (the key policy, or a grant on another account's
 *   key) and the creation of the Auto Scaling service-linked role on a fresh account.
 * - `command` (deploy only) runs under the same credentials, so that role also needs whatever the
 *   command itself does — for `terraform apply`, Terraform's own permissions for everything the
 *   configuration manages (and its state backend). Those are not listed here; see
 *   {@link COMMAND_PERMISSIONS}.
 *
 * Pure data and functions, no SDK import: the CLI, the docs generator and the tests load it cheaply.
 * The statements of each mode are in verify-permissions.ts and deploy-permissions.ts; everything
 * imports them through this module, so it stays the one place a reader looks.
 */
import { deployPermissions } from './deploy-permissions.js'
import type {
  Permission,
  PermissionMode,
  PermissionTarget,
  PolicyDocument
} from './permission-types.js'
import { verifyPermissions } from './verify-permissions.js'

export type {
  ConditionBlock,
  IamStatement,
  Permission,
  PermissionMode,
  PermissionTarget,
  PolicyDocument,
  PutKeyPolicyScope
} from './permission-types.js'

/** The tag convention the Terraform example offers for narrowing `kms:PutKeyPolicy`. */
export const KEY_POLICY_TAG = { tagKey: 'eks-kms-guard', tagValue: 'managed' } as const

/** AWS calls the action makes that no IAM policy governs. */
export const NO_PERMISSION_NEEDED: Record<string, string> = {
  'sts:GetCallerIdentity':
    'Who am I (account and partition). No permission is required to perform this operation, and an explicit deny cannot stop it.'
}

/**
 * Actions granted ahead of the code that calls them. Empty: the day-2 reads (eks:ListUpdates,
 * eks:DescribeUpdate, eks:ListAddons, eks:DescribeAddon, eks:DescribeAddonVersions) granted ahead
 * of issue 16 are now called by src/watch (reads.ts, addons.ts).
 */
export const GRANTED_AHEAD: Record<string, string> = {}

export const COMMAND_PERMISSIONS =
  "`command` runs with the guard's credentials: the deploy role then also needs what the command does. For `terraform apply` that is Terraform's own permissions — everything the configuration creates, changes or destroys, plus its state backend (e.g. the S3 bucket and lock) — which no generic policy can list. Either give the deploy role those permissions, or keep the guard's role small and run Terraform in a separate step with its own role, with the guard in `verify` mode watching."

/** The statements of a mode's policy, each with its purpose. */
export function permissionsFor(mode: PermissionMode, target: PermissionTarget): Permission[] {
  return mode === 'verify' ? verifyPermissions(target) : deployPermissions(target)
}

/** The identity policy document for a mode, ready for IAM. */
export function identityPolicy(mode: PermissionMode, target: PermissionTarget): PolicyDocument {
  return { Version: '2012-10-17', Statement: permissionsFor(mode, target).map(p => p.statement) }
}

/** Every action a mode's policy allows (exact names; no wildcards are used). */
export function allowedActions(mode: PermissionMode): string[] {
  const target = { partition: 'aws', account: '111122223333' }
  return [
    ...new Set(
      permissionsFor(mode, target)
        .filter(p => p.statement.Effect === 'Allow')
        .flatMap(p => p.statement.Action)
    )
  ]
}
