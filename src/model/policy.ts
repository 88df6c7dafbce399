/** Key policies as data: the document, the requests we decide, and what a key must grant. */

export type Tri = 'yes' | 'no' | 'unknown'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export interface Statement {
  Sid?: string
  Effect?: string
  Principal?: Json
  NotPrincipal?: Json
  Action?: Json
  NotAction?: Json
  Resource?: Json
  NotResource?: Json
  Condition?: Json
  [other: string]: Json | undefined
}

export interface KeyPolicy {
  Version?: string
  Id?: string
  Statement: Statement[]
  [other: string]: unknown
}

/** Who makes the request, and the request context KMS would see. */
export interface AccessRequest {
  principal: string
  action: string
  context: Record<string, string>
}

export interface Decision {
  result: 'allowed' | 'explicit-deny' | 'implicit-deny' | 'unknown'
  /** Indexes of the statements that decided it (or left it open). */
  statements: number[]
  reasons: string[]
}

/** A statement the key needs, and the requests that prove it is there. */
export interface Requirement {
  /**
   * autoscaling-reencrypt: check's split of autoscaling-use, for kms:ReEncrypt* alone (needed only
   * for volumes from snapshots under another key); the requirements themselves never list it.
   */
  id:
    | 'autoscaling-use'
    | 'autoscaling-grants'
    | 'cluster-secrets'
    | 'autoscaling-reencrypt'
    | 'launcher-use'
    | 'launcher-grants'
  statement: Statement
  requests: AccessRequest[]
  /** An account (root) statement suffices, because the principal's IAM policies can grant it. */
  identityMayGrant: boolean
  /**
   * A launcher's requirement (launcher-use, launcher-grants): whose, so a delegation to the account
   * can be settled by reading that role's IAM policies rather than assumed.
   */
  launcher?: 'karpenter' | 'auto-mode'
}

export interface RequirementStatus {
  requirement: Requirement
  status: 'granted' | 'missing' | 'denied' | 'unknown'
  /** Statements (indexes) that grant, deny, or leave the answer open. */
  statements: number[]
  reasons: string[]
}

/** Operations a grant must carry for EBS launches (CreateGrant lets Auto Scaling delegate to EC2). */
export const GRANT_OPERATIONS = [
  'Encrypt',
  'Decrypt',
  'ReEncryptFrom',
  'ReEncryptTo',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'DescribeKey',
  'CreateGrant'
]
