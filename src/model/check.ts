/**
 * What check finds, whatever the format it read (Terraform, CloudFormation, CDK, eksctl): keys,
 * how node launches use them, what decided each verdict, what could not be known and where. Every
 * reader produces these; the judge, the annotations, the SARIF file and the report read them.
 */
import type { LauncherKind } from './launchers.js'

/** Something check could not know, where it is written, and how to make it known. */
export interface UnknownCause {
  /** What is unknown: `var.region`, `parameter KeyArn`, `the value another stack exports as x`. */
  what: string
  pos?: { file: string; line: number }
  /** How to make it known. */
  how: string
}

/** The configuration formats check reads, each by its own reader into the same findings. */
export const CHECK_FORMATS = ['terraform', 'cloudformation', 'cdk', 'eksctl'] as const
export type CheckFormat = (typeof CHECK_FORMATS)[number]

export type PolicyStyle =
  | 'jsonencode'
  | 'policy-document'
  | 'heredoc'
  | 'file'
  | 'none'
  | 'kms-module'
  | 'plan'
  | 'unknown'
  /** CloudFormation's KeyPolicy (a CDK-synthesized one included). */
  | 'KeyPolicy'

export interface Location {
  file?: string
  line?: number
}

export interface KeyUseSite extends Location {
  /** The node group or Auto Scaling group whose launches use the key. */
  consumer: string
  /** How: the launch template and device, or the account's EBS default. */
  via: string
  /** The role those launches use: the Auto Scaling service-linked role, Karpenter's controller role, Auto Mode's cluster role. */
  role: string
  /** Who launches: unset is EC2 Auto Scaling; Karpenter and Auto Mode are judged by their own requirements. */
  launcher?: LauncherKind
  /** A launch template no group in this configuration launches from (one elsewhere may). */
  orphan?: boolean
}

/** The statement or grant that decides a requirement. */
export interface Decider extends Location {
  kind: 'statement' | 'grant'
  /** Sid, or the grant's address. */
  name: string
}

/**
 * missing: the policy does not grant the role; denied: a Deny blocks it; unusable: no launch can
 * use the key at all (disabled, or not a symmetric encryption key); unknown and outside: cannot
 * be told here.
 */
export type KeyStatus = 'granted' | 'missing' | 'unknown' | 'denied' | 'unusable' | 'outside'

/** Statuses that fail the check: node launches with this key will be cancelled. */
export function failsLaunches(status: KeyStatus): boolean {
  return status === 'missing' || status === 'denied' || status === 'unusable'
}

export interface KeyCheck extends Location {
  /** Address of the key (module path included), or the value written when it is not managed here. */
  key: string
  style: PolicyStyle
  status: KeyStatus
  message: string
  uses: KeyUseSite[]
  /** What decided it. */
  decidedBy: Decider[]
  /** What could not be known, where, and how to make it known. */
  unknowns: UnknownCause[]
  /** unusable: why, as the verify root cause the same key would get. */
  unusableCause?: 'kms-key-disabled' | 'kms-key-unusable-spec'
  /** A statement naming the service principal autoscaling.amazonaws.com instead of the role. */
  servicePrincipalSid?: string
  fix?: string
  /**
   * Not a key: a place of the configuration that could not be read (a file or expression that
   * does not parse). Any key or launch template written there was not checked, so the check
   * cannot pass: it is a "cannot tell" that fails the result.
   */
  unread?: boolean
}

export interface ParseProblem {
  path: string
  line?: number
  message: string
  /** What is written from here on (or in this expression) was not read: see KeyCheck.unread. */
  unread?: boolean
}

export interface Caution {
  rule: 'roleNotDeclared'
  message: string
  file?: string
  line?: number
  /** The keys it leaves a "cannot tell": counted in keys-cannot-tell. */
  keys: string[]
}

export interface CheckOutcome {
  /** timeout: timeout-minutes passed before the configuration was read and evaluated. */
  result: 'success' | 'failure' | 'timeout'
  keys: KeyCheck[]
  /** Files not fully parsed: what could be read was checked (warnings). */
  problems: ParseProblem[]
  /**
   * Configuration errors, each failing the check: files the sandbox refused (outside the
   * workspace, not a regular file, over a cap) and module calls Terraform refuses (cycles).
   */
  errors: ParseProblem[]
  notes: string[]
  /**
   * Findings about the configuration rather than one key's policy, each a warning that the keys it
   * names cannot be told to work (the Auto Scaling service-linked role not declared).
   */
  cautions?: Caution[]
  filesRead: number
  /**
   * Which language's reading rules were applied: OpenTofu when a folder read holds a .tofu or
   * .tofu.json file (Terraform reads none), else Terraform.
   */
  language?: 'Terraform' | 'OpenTofu'
  /** Set when nothing could be read: the step fails with it, naming the input. */
  inputError?: string
  /** The formats read and how many files of each, in FORMATS order (set by the multi-format run). */
  formatsRead?: { format: Format; files: number }[]
}

export type Format = CheckFormat

/** How a format's files are named in messages. */
export const FORMAT_FILES: Record<Format, [string, string]> = {
  terraform: ['Terraform file', 'Terraform files'],
  cloudformation: ['CloudFormation template', 'CloudFormation templates'],
  cdk: ['CDK template', 'CDK templates'],
  eksctl: ['eksctl ClusterConfig', 'eksctl ClusterConfigs']
}

export const SLR_PATH =
  'role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
