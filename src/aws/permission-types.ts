/**
 * The shapes of the least-privilege policies, apart from their statements so the modes' modules
 * and the entry (permissions.ts) share them without importing each other.
 */

export type PermissionMode = 'verify' | 'deploy'

export type ConditionBlock = Record<string, Record<string, string | string[] | boolean>>

export interface IamStatement {
  Sid: string
  Effect: 'Allow' | 'Deny'
  Action: string[]
  Resource: string | string[]
  Condition?: ConditionBlock
}

export interface PolicyDocument {
  Version: '2012-10-17'
  Statement: IamStatement[]
}

/** One statement and why the action needs it. */
export interface Permission {
  statement: IamStatement
  purpose: string
}

/**
 * How far `kms:PutKeyPolicy` reaches. `account` (the default): every key of the account — KMS's
 * lockout check and the key policy's own root statement still apply. `tag`: only keys that carry
 * the tag (attribute-based access control, `aws:ResourceTag/<key>`). `keys`: only these key ARNs.
 */
export type PutKeyPolicyScope =
  | { kind: 'account' }
  | { kind: 'tag'; tagKey: string; tagValue: string }
  | { kind: 'keys'; keyArns: string[] }

export interface PermissionTarget {
  /** `aws`, `aws-cn`, `aws-us-gov`, … (or a template placeholder such as `${partition}`). */
  partition: string
  /** The account the role lives in (or a template placeholder such as `${account_id}`). */
  account: string
  putKeyPolicy?: PutKeyPolicyScope
}
