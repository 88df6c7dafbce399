/**
 * The input contract (DESIGN.md "Inputs"): read every input once, validate it, and hand the rest
 * of the action one typed configuration. Nothing here talks to AWS, so bad input always fails
 * before the first AWS call.
 */
import { resolve as resolvePath } from 'node:path'
import { CHECK_FORMATS, type CheckFormat } from './model/check.js'

export { CHECK_FORMATS, type CheckFormat }

export type Mode = 'check' | 'verify' | 'deploy'

export interface Config {
  mode: Mode
  clusterName: string
  /** Empty means every node group of the cluster. */
  nodegroupNames: string[]
  /** Self-managed Auto Scaling groups to watch (`asg-names`); empty: found by the cluster's tags. */
  asgNames: string[]
  kmsKeyIds: string[]
  region: string
  patchPolicy: boolean
  dryRun: boolean
  autoscalingRoleArn?: string
  /** The Karpenter controller's IAM role, when no Pod Identity association names it. */
  karpenterRoleArn?: string
  createServiceLinkedRole: boolean
  command?: string
  workingDirectory: string
  terraformPaths: string[]
  /** check: folders or globs scanned for every format (terraform-paths when unset). */
  paths: string[]
  /** check: the formats read (all when the input is empty). */
  formats: CheckFormat[]
  /** check: CDK cloud assemblies (cdk.out) to read, besides any found under paths. */
  cdkOut: string[]
  planJson?: string
  /** check: -var-file style files, applied after terraform.tfvars and *.auto.tfvars. */
  varFiles: string[]
  timeoutMs: number
  pollIntervalMs: number
  propagationGraceMs: number
  githubToken: string
  prComment: boolean
  prNumber?: number
}

/** Every problem found in the inputs, one line each, so a user fixes them all in one go. */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
    this.name = 'InputError'
  }
}

export type InputReader = (name: string) => string

const MODES: readonly Mode[] = ['check', 'verify', 'deploy']

// EKS CreateCluster / CreateNodegroup name rules; they also keep shell metacharacters out.
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/
const NODEGROUP_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$/
/** ASCII 33-126 but the colon, 1-255 (a comma would separate two names here). */
const ASG_NAME = /^[!-9;-~]{1,255}$/
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/
const PARTITION = 'aws(-[a-z]+)*'
const ACCOUNT = '\\d{12}'
const KEY_ID = '(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})'
const ALIAS_NAME = 'alias/[A-Za-z0-9/_-]{1,250}'
const KMS_KEY_REFERENCE = new RegExp(
  [
    `^${KEY_ID}$`,
    `^${ALIAS_NAME}$`,
    `^arn:${PARTITION}:kms:[a-z0-9-]+:${ACCOUNT}:key/${KEY_ID}$`,
    `^arn:${PARTITION}:kms:[a-z0-9-]+:${ACCOUNT}:${ALIAS_NAME}$`
  ].join('|')
)
const ROLE_ARN = new RegExp(
  `^arn:${PARTITION}:iam::${ACCOUNT}:role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$`
)

const YAML_TRUE = ['true', 'True', 'TRUE']
const YAML_FALSE = ['false', 'False', 'FALSE']

/** Splits a comma- or newline-separated list, dropping blanks. */
export function parseList(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map(item => item.trim())
    .filter(item => item.length > 0)
}

function checkFormats(r: Reader): CheckFormat[] {
  const value = r.raw('formats')
  const list = parseList(value.toLowerCase())
  const wrong = list.filter(f => !(CHECK_FORMATS as readonly string[]).includes(f))
  if (wrong.length)
    r.problem(
      'formats',
      value,
      `a comma-separated list of ${CHECK_FORMATS.join(', ')} (or empty: all of them); ${wrong.map(w => JSON.stringify(w)).join(', ')} ${wrong.length === 1 ? 'is' : 'are'} not one`
    )
  const chosen = CHECK_FORMATS.filter(f => list.includes(f))
  return chosen.length ? chosen : [...CHECK_FORMATS]
}

class Reader {
  readonly problems: string[] = []
  constructor(private readonly read: InputReader) {}

  raw(name: string): string {
    return this.read(name).trim()
  }

  problem(name: string, value: string, accepts: string): void {
    this.problems.push(
      `Input '${name}' has the value ${JSON.stringify(value)}; it accepts ${accepts}.`
    )
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name)
    if (value === '') return fallback
    if (YAML_TRUE.includes(value)) return true
    if (YAML_FALSE.includes(value)) return false
    this.problem(name, value, 'a YAML 1.2 boolean: true | True | TRUE | false | False | FALSE')
    return fallback
  }

  /** Positive decimal number; compressed-time tests rely on values such as 0.2. */
  positiveNumber(name: string, fallback: number): number {
    const value = this.raw(name)
    if (value === '') return fallback
    const parsed = /^(\d+(\.\d*)?|\.\d+)$/.test(value) ? Number(value) : NaN
    if (!Number.isFinite(parsed) || parsed <= 0) {
      this.problem(name, value, 'a positive number (decimals allowed, e.g. 0.5)')
      return fallback
    }
    return parsed
  }

  positiveInteger(name: string): number | undefined {
    const value = this.raw(name)
    if (value === '') return undefined
    if (!/^[1-9]\d{0,9}$/.test(value)) {
      this.problem(name, value, 'a positive whole number (a pull request number)')
      return undefined
    }
    return Number(value)
  }
}

/**
 * Reads and validates the whole input contract.
 * @param read returns an input's raw value ('' when unset), like `core.getInput`
 * @param env the process environment, for the region fallbacks
 */
export function readConfig(read: InputReader, env: NodeJS.ProcessEnv = process.env): Config {
  const r = new Reader(read)

  const modeValue = r.raw('mode') || 'verify'
  const mode = MODES.find(m => m === modeValue)
  if (!mode) r.problem('mode', modeValue, 'one of: check, verify, deploy')
  const effectiveMode: Mode = mode ?? 'verify'
  const needsAws = mode === 'verify' || mode === 'deploy'

  const clusterName = r.raw('cluster-name')
  if (clusterName === '' && needsAws) {
    r.problems.push(
      `Input 'cluster-name' is required for mode '${mode}': name the EKS cluster whose node groups to ${mode}.`
    )
  } else if (clusterName !== '' && !CLUSTER_NAME.test(clusterName)) {
    r.problem(
      'cluster-name',
      clusterName,
      'an EKS cluster name: 1-100 letters, digits, hyphens or underscores, starting with a letter or digit'
    )
  }

  const nodegroupNames = parseList(r.raw('nodegroup-names'))
  for (const name of nodegroupNames) {
    if (!NODEGROUP_NAME.test(name)) {
      r.problem(
        'nodegroup-names',
        name,
        'EKS node group names: 1-63 letters, digits, hyphens or underscores, separated by commas or newlines'
      )
    }
  }

  const asgNames = parseList(r.raw('asg-names'))
  for (const name of asgNames) {
    // CreateAutoScalingGroup, AutoScalingGroupName: "The name can contain any ASCII character 33
    // to 126 […]. You cannot use a colon (:) in the name." — 255 at most
    // (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html).
    if (!ASG_NAME.test(name)) {
      r.problem(
        'asg-names',
        name,
        'Auto Scaling group names: 1-255 printable ASCII characters each, no spaces or colons, separated by commas or newlines'
      )
    }
  }

  const kmsKeyIds = parseList(r.raw('kms-key-ids'))
  for (const key of kmsKeyIds) {
    if (!KMS_KEY_REFERENCE.test(key)) {
      r.problem(
        'kms-key-ids',
        key,
        'KMS key references: a key id (1234abcd-12ab-34cd-56ef-1234567890ab or mrk-…), a key ARN, an alias name (alias/my-key) or an alias ARN'
      )
    }
  }

  const regionValue =
    r.raw('aws-region') || env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || ''
  if (regionValue === '' && needsAws) {
    r.problems.push(
      `Input 'aws-region' is required for mode '${mode}' when neither AWS_REGION nor AWS_DEFAULT_REGION is set (aws-actions/configure-aws-credentials sets them).`
    )
  } else if (regionValue !== '' && !REGION.test(regionValue)) {
    r.problem('aws-region', regionValue, 'an AWS Region code such as us-east-1 or cn-north-1')
  }

  const autoscalingRoleArn = r.raw('autoscaling-role-arn') || undefined
  if (autoscalingRoleArn && !ROLE_ARN.test(autoscalingRoleArn)) {
    r.problem(
      'autoscaling-role-arn',
      autoscalingRoleArn,
      'an IAM role ARN, e.g. arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_suffix'
    )
  }

  const karpenterRoleArn = r.raw('karpenter-role-arn') || undefined
  if (karpenterRoleArn && !ROLE_ARN.test(karpenterRoleArn)) {
    r.problem(
      'karpenter-role-arn',
      karpenterRoleArn,
      "the Karpenter controller's IAM role ARN, e.g. arn:aws:iam::111122223333:role/KarpenterController-20250101"
    )
  }

  const command = r.raw('command') || undefined
  if (command && mode && mode !== 'deploy') {
    r.problems.push(
      `Input 'command' is only used with mode 'deploy' (mode is '${mode}'): remove it or set mode: deploy.`
    )
  }

  const config: Config = {
    mode: effectiveMode,
    clusterName,
    nodegroupNames,
    asgNames,
    kmsKeyIds,
    region: regionValue,
    patchPolicy: r.boolean('patch-policy', true),
    dryRun: r.boolean('dry-run', false),
    autoscalingRoleArn,
    karpenterRoleArn,
    createServiceLinkedRole: r.boolean('create-service-linked-role', true),
    command,
    // Relative to the workspace, as the runner resolves it (the step's cwd is the workspace).
    workingDirectory: resolvePath(
      env.GITHUB_WORKSPACE || process.cwd(),
      r.raw('working-directory') || '.'
    ),
    terraformPaths: parseList(r.raw('terraform-paths')),
    paths: parseList(r.raw('paths')),
    formats: checkFormats(r),
    cdkOut: parseList(r.raw('cdk-out')),
    planJson: r.raw('plan-json') || undefined,
    varFiles: parseList(r.raw('var-files')),
    timeoutMs: r.positiveNumber('timeout-minutes', 60) * 60_000,
    pollIntervalMs: r.positiveNumber('poll-interval-seconds', 15) * 1000,
    propagationGraceMs: r.positiveNumber('propagation-grace-seconds', 60) * 1000,
    githubToken: r.raw('github-token'),
    prComment: r.boolean('pr-comment', true),
    prNumber: r.positiveInteger('pr-number')
  }
  // paths is read for every format; Terraform keeps terraform-paths when it names its own.
  const ownTerraformPaths = config.terraformPaths.length > 0 && config.terraformPaths.join() !== '.'
  if (config.terraformPaths.length === 0) config.terraformPaths = ['.']
  if (config.paths.length === 0) config.paths = config.terraformPaths
  else if (!ownTerraformPaths) config.terraformPaths = config.paths
  if (config.dryRun && effectiveMode === 'verify')
    r.problems.push(
      "Input 'dry-run' is only used with mode 'deploy' (mode 'verify' never writes a key policy): remove it, or set mode: deploy to see the key policy change without writing it."
    )

  if (r.problems.length > 0) throw new InputError(r.problems)
  return config
}
