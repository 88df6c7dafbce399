/**
 * A simulator scenario: the AWS world at the start of a run and how it behaves over time.
 * Durations are scenario seconds; the world divides them by `timeScale` so that the 34-minute
 * incident replays in about half a minute of wall-clock time.
 */
import { readFileSync } from 'node:fs'

export type KeyState =
  | 'Enabled'
  | 'Disabled'
  | 'PendingDeletion'
  | 'PendingImport'
  | 'PendingReplicaDeletion'
  | 'Unavailable'
  | 'Creating'
  | 'Updating'

export interface ScenarioGrant {
  granteePrincipal: string
  operations: string[]
  name?: string
}

export interface ScenarioKey {
  id: string
  /** Owning account; another account than the scenario's makes a cross-account key. */
  account?: string
  aliases?: string[]
  state?: KeyState
  manager?: 'CUSTOMER' | 'AWS'
  spec?: string
  usage?: string
  origin?: string
  description?: string
  /** A JSON object, or a string kept byte for byte. Default: the KMS default (root) policy. */
  policy?: unknown
  grants?: ScenarioGrant[]
  /** Resource tags (the `aws:ResourceTag/<key>` condition context of calls on this key). */
  tags?: Record<string, string>
}

export interface ScenarioEbs {
  encrypted?: boolean
  kmsKeyId?: string
  volumeSize?: number
  volumeType?: string
  snapshotId?: string
}

export interface ScenarioLaunchTemplate {
  id: string
  name: string
  /** Version 1 first. */
  versions: { blockDeviceMappings: { deviceName: string; ebs?: ScenarioEbs }[] }[]
  defaultVersion?: number
}

export interface ScenarioNodegroup {
  name: string
  launchTemplate?: { id?: string; name?: string; version?: string }
  desiredSize?: number
  instanceType?: string
  /**
   * Seconds after the simulator's start at which creation starts; negative means it started
   * before (failures older than the run); null means only the control API starts it.
   */
  createAfterSeconds?: number | null
  /** 'ACTIVE' makes a node group that was created long ago and is healthy. */
  initialStatus?: 'ACTIVE'
  /** The first N launch attempts fail with InsufficientInstanceCapacity. */
  transientFailures?: number
  /** Every launch fails with this activity status message (e.g. an AMI or security group error). */
  launchError?: { statusCode: 'Failed' | 'Cancelled'; message: string }
  /** Auto Scaling service-linked role the group uses (custom suffix); default the account's. */
  serviceLinkedRoleName?: string
}

export interface ScenarioFault {
  /** Operation name (e.g. DescribeScalingActivities), service prefix (kms:*) or '*'. */
  operation: string
  throttleRate?: number
  errorRate?: number
  resetRate?: number
  latencyMs?: number
  accessDenied?: boolean
  expiredToken?: boolean
  fromSeconds?: number
  untilSeconds?: number
}

export interface ScenarioConcurrentWriter {
  keyId: string
  /** Fires once, right after the action's n-th call of this operation on the key. */
  after: 'GetKeyPolicy' | 'PutKeyPolicy'
  nth?: number
  /** Statement the other writer adds (to the policy it read before our write). */
  addStatement: Record<string, unknown>
}

export interface ScenarioTiming {
  asgAfterSeconds: number
  firstLaunchAfterSeconds: number
  launchIntervalSeconds: number
  failureSettleSeconds: number
  instanceReadySeconds: number
  activeAfterSeconds: number
  createFailedAfterMinutes: number
  policyPropagationSeconds: number
  rolePropagationSeconds: number
}

export interface Scenario {
  name: string
  description?: string
  account: string
  region: string
  partition: string
  /** The identity the action runs as. */
  caller: string
  cluster: {
    name: string
    roleArn?: string
    secretsKeyId?: string
    version?: string
    createAfterSeconds?: number | null
  }
  serviceLinkedRole: { exists: boolean }
  ebsEncryptionByDefault?: boolean
  ebsDefaultKmsKeyId?: string
  keys: ScenarioKey[]
  launchTemplates: ScenarioLaunchTemplate[]
  nodegroups: ScenarioNodegroup[]
  timing: ScenarioTiming
  timeScale: number
  faults?: ScenarioFault[]
  /** When set, every IAM action not matched here is denied (least-privilege tests). */
  allowedActions?: string[]
  /**
   * The identity policy of the role the action runs as: when set, every call is authorized against
   * it with its real resource ARN and condition context (sim/least-privilege.ts).
   */
  identityPolicy?: unknown
  concurrentWriters?: ScenarioConcurrentWriter[]
  seed?: number
}

export const DEFAULT_TIMING: ScenarioTiming = {
  asgAfterSeconds: 20,
  firstLaunchAfterSeconds: 5,
  launchIntervalSeconds: 60,
  failureSettleSeconds: 8,
  instanceReadySeconds: 60,
  activeAfterSeconds: 40,
  createFailedAfterMinutes: 34,
  policyPropagationSeconds: 2,
  rolePropagationSeconds: 5
}

export type ScenarioInput = Partial<Omit<Scenario, 'timing' | 'cluster'>> & {
  timing?: Partial<ScenarioTiming>
  cluster?: Partial<Scenario['cluster']>
}

/** Fills in defaults so a scenario file only says what is special about it. */
export function normalizeScenario(input: ScenarioInput): Scenario {
  const account = input.account ?? '111122223333'
  const partition = input.partition ?? 'aws'
  return {
    name: input.name ?? 'scenario',
    description: input.description,
    account,
    region: input.region ?? 'us-east-1',
    partition,
    caller:
      input.caller ?? `arn:${partition}:sts::${account}:assumed-role/github-deploy/GitHubActions`,
    cluster: {
      name: input.cluster?.name ?? 'eks-cluster',
      roleArn: input.cluster?.roleArn ?? `arn:${partition}:iam::${account}:role/eks-cluster-role`,
      secretsKeyId: input.cluster?.secretsKeyId,
      version: input.cluster?.version ?? '1.31',
      createAfterSeconds:
        input.cluster?.createAfterSeconds === undefined ? -3600 : input.cluster.createAfterSeconds
    },
    serviceLinkedRole: input.serviceLinkedRole ?? { exists: true },
    ebsEncryptionByDefault: input.ebsEncryptionByDefault ?? false,
    ebsDefaultKmsKeyId: input.ebsDefaultKmsKeyId,
    keys: input.keys ?? [],
    launchTemplates: input.launchTemplates ?? [],
    nodegroups: input.nodegroups ?? [],
    timing: { ...DEFAULT_TIMING, ...input.timing },
    timeScale: input.timeScale ?? 1,
    faults: input.faults ?? [],
    allowedActions: input.allowedActions,
    identityPolicy: input.identityPolicy,
    concurrentWriters: input.concurrentWriters ?? [],
    seed: input.seed ?? 42
  }
}

export function loadScenario(path: string): Scenario {
  return normalizeScenario(JSON.parse(readFileSync(path, 'utf8')) as ScenarioInput)
}
