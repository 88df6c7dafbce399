/** KMS keys as the launches meet them: where a key is used, what AWS says of it, what we did. */
import type { GrantListEntry } from '@aws-sdk/client-kms'
import type { RootCause } from './causes.js'
import type { KeyPolicy, RequirementStatus, Statement } from './policy.js'

export interface LaunchTemplateRef {
  id?: string
  name?: string
  version?: string
}

export interface KeyUse {
  nodegroup: string
  /** The key as the setting names it: id, alias or ARN. */
  reference: string
  source: 'launch-template' | 'ami-snapshot' | 'ebs-default' | 'input' | 'cluster-secrets'
  launchTemplate?: LaunchTemplateRef
  device?: string
  /** ami-snapshot: the AMI and its snapshot that the volume is created from. */
  image?: string
  snapshot?: string
  /** One sentence: why we think this key is used. */
  why: string
  /** `nodegroup` names a self-managed Auto Scaling group. */
  selfManaged?: boolean
}

/** An AMI whose encrypted snapshots' key this account cannot read (a shared AMI, usually). */
export interface UnreadableImage {
  imageId: string
  owner?: string
  snapshots: string[]
  reason: string
}

/** The Region of a key or alias ARN; undefined for a key id or an alias name. */
export function regionOfKey(reference: string): string | undefined {
  return /^arn:[^:]+:kms:([^:]+):/.exec(reference)?.[1]
}

/** The pseudo node group of keys named in the `kms-key-ids` input. */
export const INPUT_NODEGROUP = '(input)'

export interface KeyFacts {
  reference: string
  found: boolean
  arn?: string
  keyId?: string
  account?: string
  state?: string
  manager?: string
  spec?: string
  usage?: string
  origin?: string
  description?: string
  deletionDate?: string
  policyText?: string
  /** Grants on the key whose grantee is the Auto Scaling role. */
  grants: GrantListEntry[]
  /** The owner's key policy refused ListGrants: whether a grant exists is not known. */
  grantsUnknown?: boolean
  /** Calls another account's key policy refused this run (kms:DescribeKey, kms:ListGrants, …). */
  ownerRefused?: string[]
  readError?: string
}

export interface KeyContext {
  callerAccount: string
  region: string
  autoscalingRoleArn: string
  autoscalingRoleExists: boolean | 'unknown'
  /** The cluster role, when this key also encrypts the cluster's secrets. */
  clusterRoleArn?: string
}

export interface KeyAssessment {
  facts: KeyFacts
  /** Problems, most decisive first; empty when launches can use the key. */
  causes: RootCause[]
  policy?: KeyPolicy
  policyError?: string
  statuses: RequirementStatus[]
  orphans: { statement: number; id: string }[]
  grantCovers: boolean
  crossAccount: boolean
  /** Facts checked and found fine, so a reader can trust the conclusion. */
  ruledOut: string[]
  /** Things we could not decide. */
  openQuestions: string[]
}

export interface PatchOutcome {
  status: 'unchanged' | 'written' | 'dry-run' | 'refused'
  added: Statement[]
  diff?: string
  message: string
  rounds: number
  /** Other writers' changes we merged with instead of overwriting. */
  concurrentWrites: number
  refusal?:
    'not-json' | 'too-large' | 'orphaned-principal' | 'lockout' | 'unresolved' | 'invalid-principal'
}

export interface KeyRecord {
  /** Resolved key ARN, or the reference when the key was not found. */
  id: string
  facts: KeyFacts
  assessment: KeyAssessment
  uses: KeyUse[]
  /** The role the check was made for (the Auto Scaling group's own, when it names one). */
  roleArn: string
  context: KeyContext
  patch?: PatchOutcome
  /** When this run (or another writer, seen by us) fixed the key: earlier failures are history. */
  patchedAt?: number
  /** The grant this run created on another account's key (KMS returned its id). */
  grant?: { id: string; name: string }
  /** When this run last read the key (action clock). */
  readAt?: number
  /** When a re-read found the key changed during the run, and how (its causes before and after). */
  changed?: {
    at: number
    before: string[]
    after: string[]
    readBefore?: number
    /** Who changed it, or where to find out when nothing this run may read says so. */
    who: string
  }
  secretsKey: boolean
  /** Checked for a launcher's role (Karpenter, Auto Mode) rather than the Auto Scaling role. */
  launcher?: { launcher: 'karpenter' | 'auto-mode'; roleArn: string }
  /** A launcher key: what the role's IAM policies allow of what the key delegates to the account. */
  iamMissing?: string[]
}
