/**
 * The simulated AWS account. State advances lazily: every request first calls `advance(now)`,
 * which replays the launch attempts that fell due since the last request, each judged against the
 * key state and policy in force at that attempt's time. Writes are applied after that, so a policy
 * fixed mid-way changes the next attempt, never one that already happened.
 */
import { randomUUID } from 'node:crypto'
import { type Addon, advanceAddons, newAddon } from './addons.js'
import { advanceFleets, type FleetInstance, type FleetLauncherKind } from './fleet.js'
import {
  advanceNodegroup,
  az,
  currentLaunchData,
  healthIssues,
  instanceId,
  type Issue,
  type LaunchData,
  newNodegroup,
  type Nodegroup
} from './nodegroups.js'
import type {
  Scenario,
  ScenarioKey,
  ScenarioLaunchTemplate,
  ScenarioNodegroup
} from './scenario.js'
import { advanceCluster, type Update } from './updates.js'

export type { Instance, Nodegroup } from './nodegroups.js'

export interface PolicyVersion {
  text: string
  /** Wall-clock ms from which launches see this version (KMS propagation). */
  effectiveAt: number
}

export interface Grant {
  grantId: string
  keyId: string
  granteePrincipal: string
  retiringPrincipal?: string
  operations: string[]
  name?: string
  issuingAccount: string
  createdAt: number
}

export interface Key {
  id: string
  account: string
  region: string
  arn: string
  aliases: string[]
  state: string
  manager: 'CUSTOMER' | 'AWS'
  spec: string
  usage: string
  origin: string
  description: string
  createdAt: number
  policies: PolicyVersion[]
  grants: Grant[]
}

export interface Role {
  name: string
  path: string
  arn: string
  id: string
  createdAt: number
  /** KMS only accepts the role as a principal from this time on. */
  visibleAt: number
}

export interface Activity {
  activityId: string
  asgName: string
  description: string
  cause: string
  startTime: number
  /** Time the activity reaches its final status. */
  endTime: number
  finalStatus: 'Successful' | 'Failed' | 'Cancelled'
  statusMessage?: string
  details: string
}

export interface CallRecord {
  time: number
  service: string
  operation: string
  status: number
  errorCode?: string
  /** The request's path (REST APIs name the resource there: /clusters/c/node-groups/ng). */
  path?: string
}

export function defaultKeyPolicy(partition: string, account: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: `arn:${partition}:iam::${account}:root` },
          Action: 'kms:*',
          Resource: '*'
        }
      ]
    },
    null,
    2
  )
}

/** The policy AWS gives its managed aws/ebs key: any principal of the account, through EC2 only. */
export function awsManagedEbsPolicy(account: string, region: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'auto-ebs-2',
    Statement: [
      {
        Sid: 'Allow access through EBS for all principals in the account that are authorized to use EBS',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:CreateGrant',
          'kms:DescribeKey'
        ],
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:CallerAccount': account,
            'kms:ViaService': `ec2.${region}.amazonaws.com`
          }
        }
      }
    ]
  })
}

/** Small deterministic PRNG so fault injection replays the same way for a given seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Scenario seconds a deleted node group stays DELETING before it is gone. */
export const DELETE_SECONDS = 30

export class World {
  readonly startedAt: number
  readonly keys = new Map<string, Key>()
  readonly roles = new Map<string, Role>()
  readonly launchTemplates = new Map<string, ScenarioLaunchTemplate>()
  readonly nodegroups: Nodegroup[] = []
  readonly activities: Activity[] = []
  readonly calls: CallRecord[] = []
  readonly updates: Update[] = []
  readonly addons: Addon[] = []
  /** Instances Karpenter and Auto Mode launched (sim/fleet.ts). */
  readonly fleetInstances: FleetInstance[] = []
  private readonly fleets = new Map<FleetLauncherKind, { nextAt?: number; done: boolean }>()
  readonly random: () => number
  clusterCreateAt?: number
  clusterStatus: 'ACTIVE' | 'UPDATING' = 'ACTIVE'
  /** Scheduled updates (by id) and policy changes already applied. */
  readonly started = new Set<string>()
  /** Counts per "operation:keyId" for the concurrent-writer triggers. */
  readonly keyCallCounts = new Map<string, number>()
  private advancing: Promise<void> = Promise.resolve()

  constructor(
    readonly scenario: Scenario,
    readonly now: () => number = Date.now
  ) {
    this.startedAt = now()
    this.random = mulberry32(scenario.seed ?? 42)
    const { cluster } = scenario
    this.clusterCreateAt =
      cluster.createAfterSeconds === null ? undefined : this.at(cluster.createAfterSeconds ?? 0)
    for (const key of scenario.keys) this.addKey(key)
    for (const lt of scenario.launchTemplates) this.launchTemplates.set(lt.id, lt)
    if (scenario.serviceLinkedRole.exists)
      this.createServiceLinkedRole(undefined, this.startedAt - 86_400_000)
    for (const ng of scenario.nodegroups) this.addNodegroup(ng)
    for (const addon of scenario.addons ?? []) this.addons.push(newAddon(this, addon))
  }

  /** CREATING for the scenario's `creatingSeconds` after the cluster appears, then its status. */
  clusterStatusNow(): 'CREATING' | 'ACTIVE' | 'UPDATING' {
    const creating = this.scenario.cluster.creatingSeconds ?? 0
    if (this.clusterCreateAt !== undefined && this.now() < this.clusterCreateAt + this.ms(creating))
      return 'CREATING'
    return this.clusterStatus
  }

  /** Wall-clock ms of a scenario time given in seconds after the start. */
  at(seconds: number): number {
    return this.startedAt + this.ms(seconds)
  }

  /** Wall-clock length of a scenario duration given in seconds. */
  ms(seconds: number): number {
    return (seconds * 1000) / this.scenario.timeScale
  }

  get partition(): string {
    return this.scenario.partition
  }

  get account(): string {
    return this.scenario.account
  }

  get region(): string {
    return this.scenario.region
  }

  callerAccount(): string {
    return this.scenario.caller.split(':')[4]
  }

  addKey(spec: ScenarioKey): Key {
    const account = spec.account ?? this.account
    const policy =
      spec.policy === undefined
        ? spec.manager === 'AWS'
          ? awsManagedEbsPolicy(account, this.region)
          : defaultKeyPolicy(this.partition, account)
        : typeof spec.policy === 'string'
          ? spec.policy
          : JSON.stringify(spec.policy, null, 2)
    const key: Key = {
      id: spec.id,
      account,
      region: this.region,
      arn: `arn:${this.partition}:kms:${this.region}:${account}:key/${spec.id}`,
      aliases: spec.aliases ?? [],
      state: spec.state ?? 'Enabled',
      manager: spec.manager ?? 'CUSTOMER',
      spec: spec.spec ?? 'SYMMETRIC_DEFAULT',
      usage: spec.usage ?? 'ENCRYPT_DECRYPT',
      origin: spec.origin ?? (spec.state === 'PendingImport' ? 'EXTERNAL' : 'AWS_KMS'),
      description: spec.description ?? '',
      createdAt: this.startedAt - 86_400_000,
      policies: [{ text: policy, effectiveAt: 0 }],
      grants: []
    }
    for (const grant of spec.grants ?? []) {
      key.grants.push({
        grantId: randomUUID().replace(/-/g, ''),
        keyId: key.id,
        granteePrincipal: grant.granteePrincipal,
        operations: grant.operations,
        name: grant.name,
        issuingAccount: `arn:${this.partition}:iam::${this.account}:root`,
        createdAt: key.createdAt
      })
    }
    this.keys.set(key.id, key)
    return key
  }

  /** Resolves a key id, key ARN, alias name or alias ARN as KMS does for the caller's account. */
  findKey(reference: string): Key | undefined {
    const arn = /^arn:[^:]+:kms:([^:]*):(\d{12}):(key|alias)\/(.+)$/.exec(reference)
    if (arn) {
      const [, region, account, kind, rest] = arn
      // KMS is regional: another Region's ARN is NotFound here ("Invalid arn <region>").
      if (region !== this.region) return undefined
      for (const key of this.keys.values()) {
        if (key.account !== account) continue
        if (kind === 'key' && key.id === rest) return key
        if (kind === 'alias' && key.aliases.includes(`alias/${rest}`)) return key
      }
      return undefined
    }
    if (reference.startsWith('alias/')) {
      for (const key of this.keys.values()) {
        if (key.account === this.callerAccount() && key.aliases.includes(reference)) return key
      }
      if (reference === 'alias/aws/ebs') return this.awsManagedEbsKey()
      return undefined
    }
    const key = this.keys.get(reference)
    return key && key.account === this.callerAccount() ? key : undefined
  }

  /** DescribeKey on alias/aws/ebs creates the AWS managed key when it does not exist yet. */
  awsManagedEbsKey(): Key {
    for (const key of this.keys.values()) {
      if (key.manager === 'AWS' && key.aliases.includes('alias/aws/ebs')) return key
    }
    return this.addKey({
      id: randomUUID(),
      manager: 'AWS',
      aliases: ['alias/aws/ebs'],
      description: 'Default key that protects my EBS volumes when no other key is defined'
    })
  }

  currentPolicy(key: Key): string {
    return key.policies[key.policies.length - 1].text
  }

  /** The policy KMS enforces at `time`: writes take `policyPropagationSeconds` to be seen. */
  policyAt(key: Key, time: number): string {
    let text = key.policies[0].text
    for (const version of key.policies) if (version.effectiveAt <= time) text = version.text
    return text
  }

  putPolicy(key: Key, text: string): void {
    key.policies.push({
      text,
      effectiveAt: this.now() + this.ms(this.scenario.timing.policyPropagationSeconds)
    })
  }

  serviceLinkedRoleArn(name = 'AWSServiceRoleForAutoScaling'): string {
    return `arn:${this.partition}:iam::${this.account}:role/aws-service-role/autoscaling.amazonaws.com/${name}`
  }

  createServiceLinkedRole(suffix: string | undefined, createdAt = this.now()): Role {
    const name = suffix ? `AWSServiceRoleForAutoScaling_${suffix}` : 'AWSServiceRoleForAutoScaling'
    const role: Role = {
      name,
      path: '/aws-service-role/autoscaling.amazonaws.com/',
      arn: this.serviceLinkedRoleArn(name),
      id: `AROA${randomUUID().replace(/-/g, '').slice(0, 17).toUpperCase()}`,
      createdAt,
      visibleAt: createdAt + this.ms(this.scenario.timing.rolePropagationSeconds)
    }
    this.roles.set(name, role)
    return role
  }

  /** Whether KMS accepts this ARN as a key-policy principal right now. */
  principalExists(principal: string): boolean {
    if (principal === '*') return true
    if (/^\d{12}$/.test(principal)) return true
    if (/^arn:[^:]+:iam::\d{12}:root$/.test(principal)) return true
    // Unique ids of deleted principals (AROA…, AIDA…) are what an orphaned statement holds.
    if (/^A[A-Z0-9]{15,}$/.test(principal)) return false
    const slr =
      /^arn:[^:]+:iam::(\d{12}):role\/aws-service-role\/autoscaling\.amazonaws\.com\/(.+)$/.exec(
        principal
      )
    if (slr) {
      if (slr[1] !== this.account) return true
      const role = this.roles.get(slr[2])
      return role !== undefined && role.visibleAt <= this.now()
    }
    return /^arn:[^:]+:(iam|sts)::\d{12}:/.test(principal)
  }

  addNodegroup(spec: ScenarioNodegroup): Nodegroup {
    const ng = newNodegroup(this, spec)
    this.nodegroups.push(ng)
    return ng
  }

  /** Control API: creation of a node group starts now (as when Terraform calls CreateNodegroup). */
  startNodegroup(name: string): Nodegroup {
    let ng = this.nodegroups.find(n => n.name === name)
    if (!ng) ng = this.addNodegroup({ name, createAfterSeconds: null })
    if (ng.createAt === undefined || ng.createAt > this.now()) {
      ng.createAt = this.now()
      ng.statusChangedAt = ng.createAt
    }
    return ng
  }

  clusterExists(time = this.now()): boolean {
    return this.clusterCreateAt !== undefined && this.clusterCreateAt <= time
  }

  nodegroupExists(ng: Nodegroup, time = this.now()): boolean {
    if (ng.deleteAt !== undefined && time >= ng.deleteAt + this.ms(DELETE_SECONDS)) return false
    return ng.createAt !== undefined && ng.createAt <= time
  }

  /** Deleted and not gone yet: DescribeNodegroup answers DELETING. */
  nodegroupDeleting(ng: Nodegroup, time = this.now()): boolean {
    return ng.deleteAt !== undefined && time >= ng.deleteAt && this.nodegroupExists(ng, time)
  }

  az(i: number): string {
    return az(this, i)
  }

  instanceId(): string {
    return instanceId()
  }

  /** The launch template version the node group's Auto Scaling group launches from. */
  launchData(ng: Nodegroup): LaunchData {
    return currentLaunchData(ng)
  }

  findLaunchTemplate(id?: string, name?: string): ScenarioLaunchTemplate | undefined {
    for (const lt of this.launchTemplates.values()) {
      if ((id && lt.id === id) || (name && lt.name === name)) return lt
    }
    return undefined
  }

  versionIndex(lt: ScenarioLaunchTemplate, version: string | undefined): number {
    if (version === undefined || version === '$Default') return (lt.defaultVersion ?? 1) - 1
    if (version === '$Latest') return lt.versions.length - 1
    return Number(version) - 1
  }

  /** The copy of the launch template that EKS gives the Auto Scaling group. */
  eksLaunchTemplate(ng: Nodegroup): ScenarioLaunchTemplate {
    return {
      id: ng.eksLaunchTemplateId,
      name: `eks-${ng.asgName.slice(4)}`,
      versions: ng.templateVersions,
      defaultVersion: ng.asgTemplateVersion
    }
  }

  /** Runs every due event up to now, one request at a time. */
  advance(): Promise<void> {
    const run = this.advancing.then(() => this.advanceNow())
    this.advancing = run.catch(() => undefined)
    return run
  }

  private async advanceNow(): Promise<void> {
    const now = this.now()
    for (const change of this.scenario.policyChanges ?? []) {
      const at = this.at(change.afterSeconds)
      if (at > now || this.started.has(`policy:${change.id}`)) continue
      this.started.add(`policy:${change.id}`)
      const key = this.keys.get(change.keyId)
      if (!key) continue
      const text =
        typeof change.policy === 'string' ? change.policy : JSON.stringify(change.policy, null, 2)
      key.policies.push({
        text,
        effectiveAt: at + this.ms(this.scenario.timing.policyPropagationSeconds)
      })
    }
    advanceCluster(this, now)
    for (const ng of this.nodegroups) await advanceNodegroup(this, ng, now)
    advanceAddons(this, now)
    await advanceFleets(this, now)
  }

  /** A launcher's schedule: its next launch, and whether one succeeded (it stops asking). */
  fleetState(kind: FleetLauncherKind): { nextAt?: number; done: boolean } {
    let state = this.fleets.get(kind)
    if (!state) this.fleets.set(kind, (state = { done: false }))
    return state
  }

  /** AsgInstanceLaunchFailures as EKS reports it once it has given up on the node group. */
  healthIssues(ng: Nodegroup): Issue[] {
    return healthIssues(ng)
  }

  record(call: CallRecord): void {
    this.calls.push(call)
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString()
}
