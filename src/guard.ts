/**
 * verify and deploy: resolve who we are and which role Auto Scaling uses, find the keys every node
 * group's volumes really use, check them (deploy: patch them), and watch until a verdict.
 */
import { DescribeClusterCommand } from '@aws-sdk/client-eks'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import type { AwsClients } from './aws/clients.js'
import { call, errorMessage, isNotFound } from './aws/errors.js'
import {
  createServiceLinkedRole,
  resolveAutoscalingRole,
  type AutoscalingRole
} from './aws/role.js'
import type { Clock } from './clock.js'
import type { Config } from './inputs.js'
import {
  asgLaunchTemplate,
  discoverKeyUses,
  EbsDefaultsCache,
  type KeyUse,
  type LaunchTemplateRef
} from './kms/discover.js'
import {
  assessKey,
  createRoleGrant,
  inspectKey,
  type KeyAssessment,
  type KeyFacts
} from './kms/key.js'
import { patchKeyPolicySafely, type PatchOutcome } from './kms/patch.js'
import { requirements } from './kms/policy.js'
import type { Timeline } from './report/timeline.js'
import { NodegroupWatcher, type NodegroupState, type WatchVerdict } from './watch/watcher.js'

export interface Logger {
  info(line: string): void
  warning(line: string): void
  error(line: string): void
  debug(line: string): void
}

export interface Identity {
  account: string
  partition: string
  arn: string
}

export interface KeyRecord {
  /** Resolved key ARN, or the reference when the key was not found. */
  id: string
  facts: KeyFacts
  assessment: KeyAssessment
  uses: KeyUse[]
  /** The role the check was made for (the Auto Scaling group's own, when it names one). */
  roleArn: string
  patch?: PatchOutcome
  patchedAt?: number
  secretsKey: boolean
}

export interface GuardOutcome {
  verdict: WatchVerdict
  identity?: Identity
  cluster?: { name: string; roleArn?: string; secretsKeyArn?: string }
  role?: AutoscalingRole
  roleCreated: boolean
  keys: KeyRecord[]
  nodegroups: NodegroupState[]
  policyChanged: boolean
  watchedFrom: number
  firstFailureAt?: number
}

export interface GuardDeps {
  clients: AwsClients
  clock: Clock
  log: Logger
  timeline: Timeline
  signal?: AbortSignal
  /** deploy with `command`: the running command's hooks. */
  command?: {
    mayConcludeSuccess(): boolean
    externalVerdict(): WatchVerdict | undefined
  }
}

function partitionOf(arn: string): string {
  return arn.split(':')[1] || 'aws'
}

export class Guard {
  private identity?: Identity
  private role?: AutoscalingRole
  private roleCreated = false
  private cluster?: GuardOutcome['cluster']
  private readonly keys = new Map<string, KeyRecord>()
  private readonly byReference = new Map<string, KeyRecord>()
  private ebsDefaults: EbsDefaultsCache
  private policyChanged = false
  private startedAt = 0

  constructor(
    private readonly config: Config,
    private readonly deps: GuardDeps
  ) {
    this.ebsDefaults = new EbsDefaultsCache(deps.clients.ec2)
  }

  private get writes(): boolean {
    return this.config.mode === 'deploy' && this.config.patchPolicy
  }

  async run(): Promise<GuardOutcome> {
    const { clients, timeline, log, clock } = this.deps
    const startedAt = clock.now()
    this.startedAt = startedAt
    const caller = await call('sts:GetCallerIdentity', undefined, () =>
      clients.sts.send(new GetCallerIdentityCommand({}))
    )
    this.identity = {
      account: caller.Account ?? '',
      partition: partitionOf(caller.Arn ?? ''),
      arn: caller.Arn ?? ''
    }
    timeline.add(
      'action',
      'started',
      `${this.config.mode} of cluster ${this.config.clusterName} in ${this.config.region}`
    )

    await this.describeCluster()
    if (!this.cluster && !this.deps.command) {
      const verdict: WatchVerdict = {
        result: 'failure',
        rootCause: 'nodegroup-not-found',
        message: `Cluster ${this.config.clusterName} was not found in ${this.config.region} for account ${this.identity.account}.`,
        decidedAt: clock.now()
      }
      return this.outcome(verdict, startedAt)
    }

    this.role = await resolveAutoscalingRole(clients.iam, {
      input: this.config.autoscalingRoleArn,
      partition: this.identity.partition,
      account: this.identity.account
    })
    if (this.role.note) log.warning(this.role.note)
    if (this.role.exists === false) await this.ensureRole()
    else
      timeline.add(
        'iam',
        'role-found',
        `Auto Scaling service-linked role ${this.role.arn} (${this.role.source})`
      )

    for (const reference of this.config.kmsKeyIds) {
      await this.handleKey(
        { nodegroup: '(input)', reference, source: 'input', why: `named in the kms-key-ids input` },
        this.role.arn
      )
    }

    const watcher = new NodegroupWatcher(
      clients,
      clock,
      timeline,
      { info: line => log.info(line), warning: line => log.warning(line) },
      {
        clusterName: this.config.clusterName,
        nodegroupNames: this.config.nodegroupNames,
        timeoutMs: Math.max(0, this.config.timeoutMs - (clock.now() - startedAt)),
        pollIntervalMs: this.config.pollIntervalMs,
        signal: this.deps.signal
      },
      {
        onNodegroup: state => this.onNodegroup(state),
        kmsFatalFrom: name => this.kmsFatalFrom(name),
        keyProblemKnown: name => this.recordsOf(name).some(r => r.assessment.causes.length > 0),
        mayConcludeSuccess: this.deps.command?.mayConcludeSuccess,
        externalVerdict: this.deps.command?.externalVerdict
      }
    )
    let verdict = await watcher.run()
    verdict = this.predictiveVerdict(verdict, watcher)
    return { ...this.outcome(verdict, startedAt, watcher), firstFailureAt: watcher.firstFailureAt }
  }

  private outcome(
    verdict: WatchVerdict,
    watchedFrom: number,
    watcher?: NodegroupWatcher
  ): GuardOutcome {
    return {
      verdict,
      identity: this.identity,
      cluster: this.cluster,
      role: this.role,
      roleCreated: this.roleCreated,
      keys: [...this.keys.values()],
      nodegroups: watcher ? [...watcher.states.values()] : [],
      policyChanged: this.policyChanged,
      watchedFrom
    }
  }

  /** verify of settled node groups: a key that would fail the next launch is a failure now. */
  private predictiveVerdict(verdict: WatchVerdict, watcher: NodegroupWatcher): WatchVerdict {
    if (verdict.result !== 'success') return verdict
    const broken = [...this.keys.values()].find(
      r =>
        r.assessment.causes.length > 0 &&
        r.uses.some(u => watcher.states.has(u.nodegroup) || u.source === 'input')
    )
    if (!broken) return verdict
    const use = broken.uses[0]
    return {
      result: 'failure',
      rootCause: broken.assessment.causes[0],
      nodegroup: use?.nodegroup !== '(input)' ? use?.nodegroup : undefined,
      message: `${verdict.message} But key ${broken.id} would fail the next launch: ${broken.assessment.causes.join(', ')}.`,
      decidedAt: verdict.decidedAt
    }
  }

  private async describeCluster(): Promise<void> {
    const { clients, timeline } = this.deps
    try {
      const cluster = (
        await call('eks:DescribeCluster', this.config.clusterName, () =>
          clients.eks.send(new DescribeClusterCommand({ name: this.config.clusterName }))
        )
      ).cluster
      const secretsKeyArn = cluster?.encryptionConfig?.find(c => c.resources?.includes('secrets'))
        ?.provider?.keyArn
      this.cluster = { name: this.config.clusterName, roleArn: cluster?.roleArn, secretsKeyArn }
      timeline.add(
        'eks',
        'cluster-created',
        `cluster ${this.config.clusterName} (${cluster?.status ?? 'unknown status'})`,
        { at: cluster?.createdAt }
      )
    } catch (error) {
      if (!isNotFound(error)) throw error
    }
  }

  private async ensureRole(): Promise<void> {
    const { clients, timeline, log } = this.deps
    const role = this.role as AutoscalingRole
    if (
      this.config.mode !== 'deploy' ||
      !this.config.createServiceLinkedRole ||
      this.config.dryRun
    ) {
      timeline.add(
        'iam',
        'role-missing',
        `Auto Scaling service-linked role ${role.arn} does not exist`
      )
      return
    }
    const created = await createServiceLinkedRole(clients.iam)
    this.roleCreated = created.created
    this.role = { arn: created.arn ?? role.arn, exists: true, source: 'iam' }
    log.info(
      created.created
        ? `Created the Auto Scaling service-linked role ${this.role.arn}.`
        : `The Auto Scaling service-linked role appeared meanwhile (${this.role.arn}).`
    )
    timeline.add(
      'iam',
      created.created ? 'role-created' : 'role-found',
      `Auto Scaling service-linked role ${this.role.arn}`
    )
  }

  private recordsOf(nodegroup: string): KeyRecord[] {
    return [...this.keys.values()].filter(r => r.uses.some(u => u.nodegroup === nodegroup))
  }

  private kmsFatalFrom(nodegroup: string): number | undefined {
    const records = this.recordsOf(nodegroup)
    const patched = records.map(r => r.patchedAt).filter((t): t is number => t !== undefined)
    if (patched.length > 0) return Math.max(...patched) + this.config.propagationGraceMs
    // Every key check passes: a KMS failure right after we started may be someone else's fix
    // still propagating, so it is fatal only once the grace has passed.
    if (
      records.length > 0 &&
      records.every(
        r => r.assessment.causes.length === 0 && r.assessment.openQuestions.length === 0
      )
    ) {
      return this.startedAt + this.config.propagationGraceMs
    }
    return undefined
  }

  private async onNodegroup(state: NodegroupState): Promise<void> {
    // Under a deploy command the cluster may have been created after we started.
    if (!this.cluster) await this.describeCluster()
    const templates: LaunchTemplateRef[] = []
    if (state.launchTemplate) templates.push(state.launchTemplate)
    let roleArn = this.role?.arn as string
    for (const name of state.asgNames) {
      const group = state.asgs.get(name)
      const ref = asgLaunchTemplate(group)
      if (ref) templates.push(ref)
      if (group?.ServiceLinkedRoleARN && !this.config.autoscalingRoleArn)
        roleArn = group.ServiceLinkedRoleARN
    }
    let uses: KeyUse[]
    if (templates.length === 0) {
      // No launch template yet (EKS creates its own with the Auto Scaling group): only the account
      // default can apply, and only when encryption by default is on.
      const defaults = await this.ebsDefaults.get()
      uses = defaults.encryptionByDefault
        ? [
            {
              nodegroup: state.name,
              reference: defaults.defaultKeyId,
              source: 'ebs-default',
              why: `node group ${state.name} uses no launch template of its own and EBS encryption by default is on, so the account's default EBS key ${defaults.defaultKeyId} is used`
            }
          ]
        : []
    } else {
      uses = await discoverKeyUses(this.deps.clients.ec2, state.name, templates, this.ebsDefaults)
    }
    for (const use of uses) await this.handleKey(use, roleArn)
  }

  private async handleKey(use: KeyUse, roleArn: string): Promise<void> {
    const { clients, log, timeline } = this.deps
    const identity = this.identity as Identity
    const known = this.byReference.get(`${use.reference}|${roleArn}`)
    if (known) {
      if (!known.uses.some(u => u.nodegroup === use.nodegroup && u.reference === use.reference))
        known.uses.push(use)
      return
    }
    const facts = await inspectKey(clients.kms, use.reference, roleArn, identity.account)
    const id = facts.arn ?? use.reference
    const existing = this.keys.get(`${id}|${roleArn}`)
    if (existing) {
      existing.uses.push(use)
      this.byReference.set(`${use.reference}|${roleArn}`, existing)
      return
    }
    const secretsKey = facts.arn !== undefined && facts.arn === this.cluster?.secretsKeyArn
    const context = {
      callerAccount: identity.account,
      region: this.config.region,
      autoscalingRoleArn: roleArn,
      autoscalingRoleExists: roleArn === this.role?.arn ? (this.role?.exists ?? 'unknown') : true,
      clusterRoleArn: secretsKey ? this.cluster?.roleArn : undefined
    }
    const record: KeyRecord = {
      id,
      facts,
      assessment: assessKey(facts, context),
      uses: [use],
      roleArn,
      secretsKey
    }
    this.keys.set(`${id}|${roleArn}`, record)
    this.byReference.set(`${use.reference}|${roleArn}`, record)
    const verdict = record.assessment.causes.length
      ? `problems: ${record.assessment.causes.join(', ')}`
      : 'no problem found'
    timeline.add(
      'kms',
      'key-checked',
      `key ${id} (${facts.state ?? 'not found'}, ${facts.manager ?? '?'}) used by ${use.nodegroup}: ${verdict}`,
      { nodegroup: use.nodegroup !== '(input)' ? use.nodegroup : undefined }
    )
    log.info(`Key ${id}: ${use.why}; ${verdict}.`)
    if (
      this.writes &&
      facts.manager === 'CUSTOMER' &&
      record.assessment.causes.length === 0 &&
      !record.assessment.crossAccount
    ) {
      timeline.add(
        'kms',
        'policy-unchanged',
        `the policy of ${id} already grants what Auto Scaling needs; nothing written`
      )
    }
    // Patch only when the missing grant is the whole problem: a disabled, doomed or unusable key
    // gains nothing from a policy write, and the write would delay the verdict by the grace period.
    const missingOnly = record.assessment.causes.every(
      c => c === 'kms-policy-missing-autoscaling-role' || c === 'autoscaling-role-missing'
    )
    const needsPatch =
      record.assessment.causes.includes('kms-policy-missing-autoscaling-role') ||
      record.assessment.statuses.some(
        s => s.status === 'missing' && s.requirement.id === 'cluster-secrets'
      )
    if (missingOnly && needsPatch) {
      await this.patch(record, context)
    }
    if (
      record.assessment.causes.length === 1 &&
      record.assessment.causes[0] === 'kms-key-cross-account'
    ) {
      await this.grant(record, context)
    }
  }

  /**
   * Another account's key cannot have its policy written from here; the fix is a grant to the
   * role, created from this account (which the key policy must allow).
   */
  private async grant(record: KeyRecord, context: Parameters<typeof assessKey>[1]): Promise<void> {
    const { clients, log, timeline } = this.deps
    if (!this.writes || this.config.dryRun || !record.facts.arn) {
      if (this.config.mode === 'deploy' && this.config.dryRun)
        log.info(`dry-run: would create a grant on ${record.facts.arn} for ${record.roleArn}.`)
      return
    }
    try {
      await createRoleGrant(clients.kms, record.facts.arn, record.roleArn)
    } catch (error) {
      const message = `Could not create a grant on ${record.facts.arn} for ${record.roleArn}: ${errorMessage(error)}. The key's owner (account ${record.facts.account}) must let this account call kms:CreateGrant on it.`
      timeline.add('kms', 'grant-refused', message)
      log.warning(message)
      return
    }
    // A grant is not a key policy write (policy-changed stays false), but it needs the same grace.
    timeline.add('kms', 'grant-created', `grant on ${record.facts.arn} for ${record.roleArn}`)
    log.info(`Created a grant on ${record.facts.arn} for ${record.roleArn}.`)
    await this.fixed(record, context)
  }

  /**
   * The key was just fixed (by us or by another writer): failures before now plus the grace are
   * history, and the checks start again from what KMS now stores, not from what we meant to write.
   */
  private async fixed(record: KeyRecord, context: Parameters<typeof assessKey>[1]): Promise<void> {
    record.patchedAt = this.deps.clock.now()
    record.facts = await inspectKey(
      this.deps.clients.kms,
      record.facts.arn as string,
      record.roleArn,
      context.callerAccount
    )
    record.assessment = assessKey(record.facts, context)
  }

  private async patch(record: KeyRecord, context: Parameters<typeof assessKey>[1]): Promise<void> {
    const { clients, log, timeline, clock } = this.deps
    const canWrite = this.writes || (this.config.mode === 'deploy' && this.config.dryRun)
    if (
      !canWrite ||
      record.facts.manager !== 'CUSTOMER' ||
      record.assessment.crossAccount ||
      !record.facts.arn
    )
      return
    if (context.autoscalingRoleExists === false) return
    const needed = requirements({
      autoscalingRoleArn: record.roleArn,
      region: this.config.region,
      account: context.callerAccount,
      clusterRoleArn: context.clusterRoleArn
    })
    record.patch = await patchKeyPolicySafely(clients.kms, record.facts.arn, needed, {
      dryRun: this.config.dryRun,
      sleep: ms => clock.sleep(ms, this.deps.signal),
      log: line => log.warning(line),
      roleJustCreated: this.roleCreated
    })
    const patch = record.patch
    if (patch.status === 'written') {
      this.policyChanged = true
      timeline.add('kms', 'policy-patched', patch.message)
      log.info(patch.message)
      await this.fixed(record, context)
    } else if (patch.status === 'dry-run') {
      timeline.add('kms', 'policy-dry-run', patch.message)
      log.info(`${patch.message}\n${patch.diff ?? ''}`)
    } else if (patch.status === 'unchanged') {
      // We saw the grant missing, and now it is there: another writer fixed it just now, which
      // counts like our own patch (earlier failures are history, propagation needs its grace).
      timeline.add(
        'kms',
        'policy-unchanged',
        `${patch.message} (another writer added the grant meanwhile)`
      )
      await this.fixed(record, context)
    } else {
      timeline.add('kms', 'policy-refused', patch.message)
      log.warning(patch.message)
    }
  }
}
