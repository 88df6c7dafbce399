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

/** An AMI a launch template names: its snapshots' encryption decides keys the launch needs. */
export interface ScenarioImage {
  id: string
  /** The owning account; another account's AMI is shared with this one. Default: this account. */
  ownerId?: string
  blockDeviceMappings: {
    deviceName: string
    snapshotId: string
    encrypted?: boolean
    /** The key the snapshot is encrypted with (id, alias or ARN). */
    kmsKeyId?: string
  }[]
  /**
   * Whether DescribeSnapshots shows this AMI's snapshots to the scenario's account. Default: only
   * when the AMI is this account's (a shared AMI's snapshots are usually not shared themselves).
   */
  snapshotsVisible?: boolean
}

export interface ScenarioLaunchTemplate {
  id: string
  name: string
  /** DescribeLaunchTemplates' tags (Karpenter tags its own templates). */
  tags?: Record<string, string>
  /** Version 1 first. */
  versions: { imageId?: string; blockDeviceMappings: { deviceName: string; ebs?: ScenarioEbs }[] }[]
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
  /**
   * Seconds after the start at which someone deletes it: DeleteNodegroup puts it in DELETING
   * (EKS API Reference, DeleteNodegroup → `Nodegroup.status` DELETING), and 30 scenario seconds
   * later it is gone (DescribeNodegroup → ResourceNotFoundException, ListNodegroups omits it).
   */
  deleteAfterSeconds?: number
  /** 'ACTIVE' makes a node group that was created long ago and is healthy. */
  initialStatus?: 'ACTIVE'
  /** The first N launch attempts fail with InsufficientInstanceCapacity. */
  transientFailures?: number
  /** Every launch fails with this activity status message (e.g. an AMI or security group error). */
  launchError?: { statusCode: 'Failed' | 'Cancelled'; message: string }
  /** Auto Scaling service-linked role the group uses (custom suffix); default the account's. */
  serviceLinkedRoleName?: string
  /** Kubernetes version of the nodes; default the cluster's. */
  version?: string
  /**
   * A self-managed Auto Scaling group of the cluster, not an EKS node group: `name` is the group's
   * name; EKS neither lists nor describes it; DescribeAutoScalingGroups shows these tags and the
   * user's launch template itself (or inside a mixed instances policy). Its launches are judged
   * as a node group's are.
   */
  selfManaged?: { tags: Record<string, string>; mixedInstances?: boolean }
  /** AMI release version; default `<version>.0-20261101`. */
  releaseVersion?: string
  /** Scaling limits (EKS scalingConfig and the Auto Scaling group); default 1 and max(desired, 3). */
  minSize?: number
  maxSize?: number
}

/**
 * An update that starts by itself at `startAfterSeconds` (negative: it was already running when
 * the run started; null: not scheduled, so an `extends` can switch it off by `id`). With
 * `nodegroup` it is a node group update, with `addon` an add-on update, else a cluster update.
 */
export interface ScenarioUpdate {
  id: string
  startAfterSeconds?: number | null
  nodegroup?: string
  addon?: string
  /** VersionUpdate (UpdateNodegroupVersion / UpdateClusterVersion) or ConfigUpdate (UpdateNodegroupConfig). */
  type?: 'VersionUpdate' | 'ConfigUpdate' | 'AddonUpdate'
  /** Kubernetes version (cluster or node group). */
  version?: string
  releaseVersion?: string
  launchTemplate?: { id?: string; name?: string; version?: string }
  scalingConfig?: { minSize?: number; maxSize?: number; desiredSize?: number }
  labels?: { addOrUpdateLabels?: Record<string, string>; removeLabels?: string[] }
  /** AddonUpdate: the version to move to. */
  addonVersion?: string
}

/** A key policy that another writer puts at a given time (a fix, or a grant stripped). */
export interface ScenarioPolicyChange {
  id: string
  keyId: string
  afterSeconds: number
  policy: unknown
}

/** One add-on version in the DescribeAddonVersions catalogue. */
export interface ScenarioAddonVersion {
  version: string
  /** Kubernetes versions it is compatible with. */
  clusterVersions: string[]
  /** Kubernetes versions for which it is the default (`compatibilities[].defaultVersion`). */
  defaultFor?: string[]
}

/** A catalogue entry (merged by `name` over the built-in catalogue in sim/addons.ts). */
export interface ScenarioAddonCatalogueEntry {
  name: string
  type?: string
  /** Its pods need a Ready node (coredns, aws-ebs-csi-driver); DaemonSets (vpc-cni, kube-proxy) do not. */
  needsNodes?: boolean
  requiresIamPermissions?: boolean
  /** Newest first, as DescribeAddonVersions lists them. */
  versions?: ScenarioAddonVersion[]
}

/** Its own failure, whatever the nodes: e.g. CREATE_FAILED with ConfigurationConflict. */
export interface ScenarioAddonFailure {
  /** When the failure applies: on creation (default) or on the next UpdateAddon. */
  on?: 'create' | 'update'
  afterSeconds?: number
  status: 'CREATE_FAILED' | 'DEGRADED' | 'UPDATE_FAILED'
  code: string
  message: string
}

export interface ScenarioAddon {
  name: string
  /** Default: the catalogue's default version for the cluster's Kubernetes version. */
  version?: string
  /**
   * Seconds after the start at which it is created (CreateAddon); undefined: it was installed long
   * ago and is ACTIVE (or what its nodes make of it); null: only CreateAddon / the control API.
   */
  createAfterSeconds?: number | null
  serviceAccountRoleArn?: string
  configurationValues?: string
  /** Status of a node-needing add-on when no node is Ready after `addonStuckAfterSeconds`. */
  withoutNodes?: 'DEGRADED' | 'CREATING' | 'CREATE_FAILED'
  failure?: ScenarioAddonFailure
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
  /** The error's message instead of AWS's usual one (hostile or huge text from AWS). */
  message?: string
  fromSeconds?: number
  untilSeconds?: number
}

/**
 * A launcher that calls CreateFleet itself (sim/fleet.ts): Karpenter's controller role, or EKS
 * Auto Mode's cluster role.
 */
export interface ScenarioFleetLauncher {
  /** Karpenter: the controller role (Auto Mode launches with `cluster.roleArn`). */
  roleArn?: string
  /** Karpenter: a Pod Identity association kube-system/karpenter names the role (default true). */
  podIdentity?: boolean
  /** The role's IAM policies (inline and attached alike), what SimulatePrincipalPolicy reads. */
  iamPolicies?: unknown[]
  nodePool?: string
  nodeClass?: string
  /** The NodeClass's key (EC2NodeClass kmsKeyID / NodeClass ephemeralStorage.kmsKeyID). */
  kmsKeyId?: string
  /** Seconds after the start of the first launch (negative: before the run); null: none. */
  launchAfterSeconds?: number | null
  /** Seconds between launches while they fail (default 30). */
  relaunchSeconds?: number
  /** The state reason of a KMS termination (default by path: see FLEET_KMS_REASONS). */
  stateReason?: 'invalid-kms-key' | 'client-error-on-launch' | 'inaccessible-key'
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
  /** Node group update: setup phase (new launch template version, group switched) lasts this long. */
  updateSetupSeconds: number
  /** Node group update: NodeCreationFailure when new nodes have not joined by then (users report ~45). */
  updateFailedAfterMinutes: number
  /** Node group update, upgrade phase: one old node replaced every this many seconds. */
  nodeReplaceSeconds: number
  /** UpdateNodegroupConfig: time until the config is applied and the update Successful. */
  configUpdateSeconds: number
  /** ACTIVE node group whose launches keep failing turns DEGRADED after this (workshop: ~10 min). */
  degradedAfterSeconds: number
  /** UpdateClusterVersion: control plane update duration. */
  clusterUpdateSeconds: number
  /** CreateAddon: time to ACTIVE when nothing blocks it. */
  addonCreateSeconds: number
  /** A node-needing add-on with no Ready node leaves CREATING after this (to DEGRADED by default). */
  addonStuckAfterSeconds: number
  /** A node-needing add-on goes ACTIVE this long after the first node is Ready. */
  addonActiveAfterNodesSeconds: number
  /** UpdateAddon duration. */
  addonUpdateSeconds: number
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
    platformVersion?: string
    createAfterSeconds?: number | null
    /**
     * Seconds the cluster spends CREATING after it appears (default 0: ACTIVE at once). EKS keeps
     * a new cluster CREATING for about ten minutes; `createdAt` is when the creation started
     * (EKS API Reference, DescribeCluster: `Cluster.createdAt`, `status` CREATING | ACTIVE | …).
     */
    creatingSeconds?: number
    /**
     * EKS Auto Mode's compute enabled: DescribeCluster returns `computeConfig` {enabled,
     * nodePools, nodeRoleArn} (EKS API Reference, DescribeCluster response, Cluster.computeConfig).
     */
    autoMode?: boolean
  }
  serviceLinkedRole: { exists: boolean }
  ebsEncryptionByDefault?: boolean
  ebsDefaultKmsKeyId?: string
  keys: ScenarioKey[]
  launchTemplates: ScenarioLaunchTemplate[]
  /** AMIs the launch templates name (unlisted ones are public and unencrypted). */
  images?: ScenarioImage[]
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
  /** Updates that start by themselves (node groups, cluster, add-ons). */
  updates?: ScenarioUpdate[]
  /** Key policies other writers put at given times. */
  policyChanges?: ScenarioPolicyChange[]
  /** The cluster's add-ons. */
  addons?: ScenarioAddon[]
  /** Additions or overrides to the built-in DescribeAddonVersions catalogue. */
  addonCatalogue?: ScenarioAddonCatalogueEntry[]
  /** Launchers that call CreateFleet themselves (Auto Mode's needs `cluster.autoMode`). */
  launchers?: { karpenter?: ScenarioFleetLauncher; autoMode?: ScenarioFleetLauncher }
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
  rolePropagationSeconds: 5,
  updateSetupSeconds: 30,
  updateFailedAfterMinutes: 45,
  nodeReplaceSeconds: 60,
  configUpdateSeconds: 20,
  degradedAfterSeconds: 600,
  clusterUpdateSeconds: 480,
  addonCreateSeconds: 45,
  addonStuckAfterSeconds: 300,
  addonActiveAfterNodesSeconds: 60,
  addonUpdateSeconds: 60
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
      platformVersion: input.cluster?.platformVersion ?? 'eks.12',
      createAfterSeconds:
        input.cluster?.createAfterSeconds === undefined ? -3600 : input.cluster.createAfterSeconds,
      creatingSeconds: input.cluster?.creatingSeconds,
      autoMode: input.cluster?.autoMode
    },
    serviceLinkedRole: input.serviceLinkedRole ?? { exists: true },
    ebsEncryptionByDefault: input.ebsEncryptionByDefault ?? false,
    ebsDefaultKmsKeyId: input.ebsDefaultKmsKeyId,
    keys: input.keys ?? [],
    launchTemplates: input.launchTemplates ?? [],
    images: input.images ?? [],
    nodegroups: input.nodegroups ?? [],
    timing: { ...DEFAULT_TIMING, ...input.timing },
    timeScale: input.timeScale ?? 1,
    faults: input.faults ?? [],
    allowedActions: input.allowedActions,
    identityPolicy: input.identityPolicy,
    concurrentWriters: input.concurrentWriters ?? [],
    seed: input.seed ?? 42,
    updates: input.updates ?? [],
    policyChanges: input.policyChanges ?? [],
    addons: input.addons ?? [],
    addonCatalogue: input.addonCatalogue ?? [],
    launchers: input.launchers
  }
}

export function loadScenario(path: string): Scenario {
  return normalizeScenario(JSON.parse(readFileSync(path, 'utf8')) as ScenarioInput)
}
