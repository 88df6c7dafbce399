/**
 * What a diagnosis says, as data: the diagnosis computes it, the reports and Terraform's check
 * render it. Types only.
 */
import type { RootCause } from './causes.js'
import type { KeyRecord } from './keys.js'

export interface Remedy {
  summary: string
  /** Key policy statements to add, as JSON text. */
  json?: string
  terraform?: string
  /** The fix in a CloudFormation template's own syntax (and, for a CDK stack, the construct code). */
  template?: string
  cli?: string
}

export interface KeyFinding {
  key: KeyRecord
  causes: RootCause[]
  remedies: Remedy[]
}

export interface Diagnosis {
  result: 'success' | 'failure' | 'timeout'
  /**
   * Nothing was judged: the run could not look (its credentials or permissions, its input, a
   * cluster that does not exist). The CLI exits 2 for it, not 1 as for a finding.
   */
  couldNotLook?: boolean
  rootCause?: RootCause
  failureCode?: string
  /** One plain sentence. */
  headline: string
  explanation?: string
  nodegroup?: string
  /** `nodegroup` names a self-managed Auto Scaling group, not an EKS node group. */
  selfManaged?: boolean
  key?: KeyRecord
  evidence: string[]
  ruledOut: string[]
  openQuestions: string[]
  fix?: Remedy
  /** Every key with a problem, with its fix (the headline names the deciding one). */
  keyFindings: KeyFinding[]
  drift: string[]
  /** The Terraform change that keeps a live patch (the statements it added), shown with the drift. */
  driftFix?: string
  /**
   * The node group is in a state EKS does not retry (CREATE_FAILED, DELETE_FAILED): when it was
   * created, when EKS gave up, and whether it was already so when the run started.
   */
  terminal?: {
    nodegroup: string
    status: string
    createdAt?: string
    gaveUpAt?: string
    alreadyFailed: boolean
  }
  /** Only when this run saw the failure happen (never for a node group already failed). */
  detectedAfterSeconds?: number
  cancelled: boolean
}
