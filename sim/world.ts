/**
 * The simulated AWS account. State advances lazily: every request first calls `advance(now)`,
 * which replays the launch attempts that fell due since the last request, each judged against the
 * key state and policy in force at that attempt's time. Writes are applied after that, so a policy
 * fixed mid-way changes the next attempt, never one that already happened.
 */
import { randomUUID } from 'node:crypto'
import { judgeLaunch, type LaunchJudgement } from './judge.js'
import type {
  Scenario,
  ScenarioKey,
  ScenarioLaunchTemplate,
  ScenarioNodegroup
} from './scenario.js'

export interface PolicyVersion {
  text: string
  /** Wall-clock ms from which launches see this version (KMS propagation). */
  effectiveAt: number
}

export interface Grant {
  grantId: string
  keyId: string
  granteePrincipal: string
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

export interface Instance {
  id: string
  launchedAt: number
  readyAt: number
  az: string
}

export interface Nodegroup {
  spec: ScenarioNodegroup
  name: string
  /** Wall-clock ms at which creation starts; undefined until started. */
  createAt?: number
  status: 'CREATING' | 'ACTIVE' | 'CREATE_FAILED' | 'DEGRADED'
  statusChangedAt: number
  asgName: string
  asgCreatedAt?: number
  eksLaunchTemplateId: string
  nextLaunchAt?: number
  attempts: number
  transientLeft: number
  instances: Instance[]
  lastFailure?: string
}

export interface CallRecord {
  time: number
  service: string
  operation: string
  status: number
  errorCode?: string
}

const AZS = ['a', 'b', 'c']

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

export class World {
  readonly startedAt: number
  readonly keys = new Map<string, Key>()
  readonly roles = new Map<string, Role>()
  readonly launchTemplates = new Map<string, ScenarioLaunchTemplate>()
  readonly nodegroups: Nodegroup[] = []
  readonly activities: Activity[] = []
  readonly calls: CallRecord[] = []
  readonly random: () => number
  clusterCreateAt?: number
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
      const [, , account, kind, rest] = arn
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
    const ng: Nodegroup = {
      spec,
      name: spec.name,
      status: 'CREATING',
      statusChangedAt: 0,
      asgName: `eks-${spec.name}-${randomUUID().slice(0, 8)}-${randomUUID().slice(0, 4)}`,
      eksLaunchTemplateId: `lt-0${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      attempts: 0,
      transientLeft: spec.transientFailures ?? 0,
      instances: []
    }
    if (spec.initialStatus === 'ACTIVE') {
      const longAgo = this.startedAt - 86_400_000
      ng.createAt = longAgo
      ng.status = 'ACTIVE'
      ng.statusChangedAt = longAgo
      ng.asgCreatedAt = longAgo
      for (let i = 0; i < (spec.desiredSize ?? 2); i++) {
        ng.instances.push({
          id: this.instanceId(),
          launchedAt: longAgo,
          readyAt: longAgo,
          az: this.az(i)
        })
      }
    } else if (spec.createAfterSeconds !== null) {
      ng.createAt = this.at(spec.createAfterSeconds ?? 0)
      ng.statusChangedAt = ng.createAt
    }
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
    return ng.createAt !== undefined && ng.createAt <= time
  }

  az(i: number): string {
    return `${this.region}${AZS[i % AZS.length]}`
  }

  instanceId(): string {
    return `i-0${randomUUID().replace(/-/g, '').slice(0, 16)}`
  }

  /** The launch template version the node group's Auto Scaling group launches from. */
  launchData(ng: Nodegroup): {
    blockDeviceMappings: {
      deviceName: string
      ebs?: ScenarioLaunchTemplate['versions'][0]['blockDeviceMappings'][0]['ebs']
    }[]
  } {
    const ref = ng.spec.launchTemplate
    if (!ref)
      return {
        blockDeviceMappings: [
          { deviceName: '/dev/xvda', ebs: { volumeSize: 20, volumeType: 'gp3' } }
        ]
      }
    const lt = this.findLaunchTemplate(ref.id, ref.name)
    if (!lt) return { blockDeviceMappings: [] }
    return lt.versions[this.versionIndex(lt, ref.version)] ?? { blockDeviceMappings: [] }
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
      versions: [this.launchData(ng)],
      defaultVersion: 1
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
    const { timing } = this.scenario
    for (const ng of this.nodegroups) {
      if (!this.nodegroupExists(ng, now) || ng.createAt === undefined) continue
      if (ng.asgCreatedAt === undefined) {
        const asgAt = ng.createAt + this.ms(timing.asgAfterSeconds)
        if (asgAt > now) continue
        ng.asgCreatedAt = asgAt
        ng.nextLaunchAt = asgAt + this.ms(timing.firstLaunchAfterSeconds)
      }
      const giveUpAt = ng.createAt + this.ms(timing.createFailedAfterMinutes * 60)
      while (
        ng.status === 'CREATING' &&
        ng.nextLaunchAt !== undefined &&
        ng.nextLaunchAt <= now &&
        ng.nextLaunchAt < giveUpAt
      ) {
        await this.launchAttempt(ng, ng.nextLaunchAt)
      }
      if (ng.status === 'CREATING') {
        const desired = ng.spec.desiredSize ?? 2
        const ready = ng.instances.filter(i => i.readyAt <= now)
        if (ng.instances.length >= desired && ready.length >= desired) {
          const activeAt =
            Math.max(...ng.instances.map(i => i.readyAt)) + this.ms(timing.activeAfterSeconds)
          if (activeAt <= now) {
            ng.status = 'ACTIVE'
            ng.statusChangedAt = activeAt
          }
        }
        if (ng.status === 'CREATING' && giveUpAt <= now) {
          ng.status = 'CREATE_FAILED'
          ng.statusChangedAt = giveUpAt
        }
      }
    }
  }

  private async launchAttempt(ng: Nodegroup, time: number): Promise<void> {
    const { timing } = this.scenario
    const desired = ng.spec.desiredSize ?? 2
    const missing = desired - ng.instances.length
    ng.attempts += 1
    if (missing <= 0) {
      ng.nextLaunchAt = undefined
      return
    }
    const judgement: LaunchJudgement = await judgeLaunch(this, ng, time)
    const cause = `At ${iso(time)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${ng.instances.length} to ${desired}.`
    let failed = false
    for (let i = 0; i < missing; i++) {
      const instanceId = this.instanceId()
      const az = this.az(ng.instances.length + i)
      const details = JSON.stringify({
        'Subnet ID': `subnet-0${i}a1b2c3d4e5f6a7b`,
        'Availability Zone': az
      })
      if (judgement.ok && ng.transientLeft <= 0) {
        ng.instances.push({
          id: instanceId,
          launchedAt: time,
          readyAt: time + this.ms(timing.instanceReadySeconds),
          az
        })
        this.activities.push({
          activityId: randomUUID(),
          asgName: ng.asgName,
          description: `Launching a new EC2 instance: ${instanceId}`,
          cause,
          startTime: time,
          endTime: time + this.ms(timing.instanceReadySeconds),
          finalStatus: 'Successful',
          details
        })
        continue
      }
      failed = true
      const type = ng.spec.instanceType ?? 't3.medium'
      if (ng.transientLeft > 0) {
        const message = `We currently do not have sufficient ${type} capacity in the Availability Zone you requested (${az}). Our system will be working on provisioning additional capacity. You can currently get ${type} capacity by not specifying an Availability Zone in your request or choosing ${this.az(1)}, ${this.az(2)}. Launching EC2 instance failed.`
        this.pushFailure(
          ng,
          time,
          cause,
          details,
          'Failed',
          'Launching a new EC2 instance.  Status Reason: ' + message,
          message
        )
      } else if (!judgement.ok) {
        const message = judgement.message
        const description =
          judgement.statusCode === 'Cancelled'
            ? `Launching a new EC2 instance: ${instanceId}.  Status Reason: ${message}`
            : `Launching a new EC2 instance.  Status Reason: ${message}`
        this.pushFailure(ng, time, cause, details, judgement.statusCode, description, message)
      }
    }
    if (ng.transientLeft > 0) ng.transientLeft -= 1
    ng.nextLaunchAt = failed ? time + this.ms(timing.launchIntervalSeconds) : undefined
  }

  private pushFailure(
    ng: Nodegroup,
    time: number,
    cause: string,
    details: string,
    status: 'Failed' | 'Cancelled',
    description: string,
    message: string
  ): void {
    ng.lastFailure = message
    this.activities.push({
      activityId: randomUUID(),
      asgName: ng.asgName,
      description,
      cause,
      startTime: time,
      endTime: time + this.ms(this.scenario.timing.failureSettleSeconds),
      finalStatus: status,
      statusMessage: message.length > 255 ? message.slice(0, 255) : message,
      details
    })
  }

  /** AsgInstanceLaunchFailures as EKS reports it once it has given up on the node group. */
  healthIssues(ng: Nodegroup): { code: string; message: string; resourceIds: string[] }[] {
    if ((ng.status === 'CREATE_FAILED' || ng.status === 'DEGRADED') && ng.lastFailure) {
      return [
        { code: 'AsgInstanceLaunchFailures', message: ng.lastFailure, resourceIds: [ng.asgName] }
      ]
    }
    return []
  }

  record(call: CallRecord): void {
    this.calls.push(call)
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString()
}
