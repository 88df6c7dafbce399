/**
 * verify and deploy: resolve who we are and which role Auto Scaling uses, then watch the node
 * groups while their keys are discovered, checked and (deploy) fixed, until the one verdict.
 */
import type { AwsClients } from '../aws/clients.js'
import { isTransient, PermissionError } from '../aws/errors.js'
import { resolveAutoscalingRole } from '../aws/role.js'
import type { Clock } from '../clock.js'
import type { Config } from '../inputs.js'
import { KeyRegistry } from '../kms/registry.js'
import {
  INPUT_NODEGROUP,
  nextTemplates,
  isSettled,
  type NodegroupState,
  type AutoscalingRole,
  type ClusterInfo,
  type CommandState,
  type GuardOutcome,
  type Identity,
  type Logger,
  type Observation,
  type TimelineSink,
  type Verdict
} from '../model/index.js'
import { decideVerdict, TERMINAL_STATES } from '../verdict/decide.js'
import { waitingFor } from '../verdict/late.js'
import { writeMode } from '../kms/plan.js'
import { runError, watchUntilVerdict, type DecideFlags } from '../watch/loop.js'
import { AddonReads } from '../watch/addons.js'
import { NodegroupReads } from '../watch/reads.js'
import { SelfManagedReads } from '../watch/self-managed.js'
import { readUpcomingTemplates } from '../watch/upcoming.js'
import { lastClusterUpdate, markDegradedWithNodes, readCluster } from './cluster.js'
import { callerIdentity, ensureRole } from './identity.js'
import { KmsEvidence } from './evidence.js'
import { KeyWork } from './key-work.js'
import { progressLine, progressLog } from './progress.js'
import { launcherWatch } from './launchers.js'

export interface GuardDeps {
  clients: AwsClients
  clock: Clock
  log: Logger
  timeline: TimelineSink
  signal?: AbortSignal
  /** deploy with `command`: the running command's state. */
  command?: () => CommandState
  maxCallsPerPoll?: number
  random?: () => number
}

export class Guard {
  private identity: Identity = { account: '', partition: 'aws', arn: '' }
  private role: AutoscalingRole = { arn: '', exists: 'unknown', source: 'expected' }
  private roleCreated = false
  private cluster?: ClusterInfo
  private clusterState: Observation['cluster'] = 'unknown'
  private readonly registry: KeyRegistry
  private readonly work: KeyWork
  private readonly evidence: KmsEvidence
  private reads?: NodegroupReads
  private selfManaged?: SelfManagedReads
  private addonReads?: AddonReads
  private clusterVersion?: string
  /** The cluster's last update (read once, when a named node group is missing). */
  private clusterUpdatedAt?: number
  private clusterUpdatesRead = false
  private readonly startedAt: number
  /** Karpenter and EKS Auto Mode: found, checked and watched beside the node groups. */
  private readonly launchers: ReturnType<typeof launcherWatch>

  constructor(
    private readonly config: Config,
    private readonly deps: GuardDeps
  ) {
    this.startedAt = deps.clock.now()
    this.launchers = launcherWatch(config, deps, () => this.identity.account)
    this.registry = new KeyRegistry({
      kms: deps.clients.kms,
      ec2: deps.clients.ec2,
      clock: deps.clock,
      log: deps.log,
      timeline: deps.timeline,
      signal: deps.signal,
      region: config.region,
      permission: config,
      roleInput: config.autoscalingRoleArn,
      identity: () => this.identity,
      role: () => this.role,
      roleJustCreated: () => this.roleCreated,
      cluster: () => this.cluster
    })
    // Throttling or a 5xx in key work is retried at the next poll; AccessDenied ends the run.
    this.work = new KeyWork(
      state => this.checkKeys(state),
      error => !(error instanceof PermissionError) && isTransient(error)
    )
    this.evidence = new KmsEvidence(
      this.registry,
      this.work,
      () => writeMode(this.config) !== 'none'
    )
  }

  /**
   * The node group's keys; during an update also those of the launch template version it moves
   * to (from the update's params), before the Auto Scaling group launches a single surge instance.
   */
  private async checkKeys(state: NodegroupState): Promise<void> {
    await this.registry.checkNodegroup(state)
    for (const next of nextTemplates(state))
      await this.registry.checkNodegroup({ ...state, launchTemplate: next, asgNames: [] })
  }

  /**
   * deploy, writing, with its command running: an apply may be about to move node groups to new
   * versions of their launch templates, whose keys are fixed before it asks EKS.
   */
  private lookingAhead(): boolean {
    return writeMode(this.config) === 'write' && this.deps.command?.().running === true
  }

  async run(): Promise<GuardOutcome> {
    let verdict: Verdict
    try {
      await this.prepare()
      verdict = await this.watch()
    } catch (error) {
      verdict = this.decide({ cancelled: false, deadlineReached: false, error: runError(error) })!
    }
    await this.work.settled()
    const watched = this.watchedStates().length + this.deletedStates().length
    if (verdict.result === 'success' && watched === 0 && this.launchers.keys.length === 0)
      this.deps.log.warning(
        `No node group or self-managed Auto Scaling group of cluster ${this.config.clusterName} was checked: this green run vouches for no node's key.`
      )
    return {
      verdict,
      identity: this.identity,
      cluster: this.cluster,
      role: this.role,
      roleCreated: this.roleCreated,
      keys: [...this.registry.all(), ...this.launchers.keys],
      nodegroups: this.watchedStates(),
      launchers: [...this.launchers.states.values()],
      policyChanged: this.registry.policyChanged || this.launchers.policyChanged,
      watchedFrom: this.startedAt,
      addons: this.addonReads ? [...this.addonReads.addons.values()] : undefined,
      unreadableImages: this.registry.unreadableImages()
    }
  }

  /** Who we are, the cluster, the Auto Scaling role, and the keys named in the inputs. */
  private async prepare(): Promise<void> {
    const { clients, timeline, log } = this.deps
    this.identity = await callerIdentity(clients.sts)
    timeline.add(
      'action',
      'started',
      `${this.config.mode} of cluster ${this.config.clusterName} in ${this.config.region}`
    )
    await this.describeCluster()
    if (this.clusterState === 'missing' && !this.deps.command) return
    this.addonReads = new AddonReads(clients.eks, timeline, {
      clusterName: this.config.clusterName,
      signal: this.deps.signal,
      now: () => this.deps.clock.now()
    })
    // Pre-flight: add-on versions against the cluster's version (and its target) before any wait.
    if (this.clusterState === 'found') await this.readAddons()
    this.role = await resolveAutoscalingRole(clients.iam, {
      input: this.config.autoscalingRoleArn,
      partition: this.identity.partition,
      account: this.identity.account
    })
    if (this.role.note) log.warning(this.role.note)
    // Only the default role is ours to create; a custom-suffix one named by the input is said.
    if (this.role.exists === false && this.role.source !== 'input') await this.ensureRole()
    else
      timeline.add(
        'iam',
        'role-found',
        `Auto Scaling service-linked role ${this.role.arn} (${this.role.source})`
      )
    for (const reference of this.config.kmsKeyIds) {
      await this.registry.check(
        {
          nodegroup: INPUT_NODEGROUP,
          reference,
          source: 'input',
          why: 'named in the kms-key-ids input'
        },
        this.role.arn
      )
    }
  }

  /** KMS launch failures act on the keys (re-read; deploy: the statements for an undecided key). */
  private actOnEvidence(): void {
    if (!this.reads) return
    const observation = this.observation({ cancelled: false, deadlineReached: false })
    this.evidence.act(observation, this.watchedStates())
  }

  /** Managed node groups, then self-managed Auto Scaling groups: one list for the one verdict. */
  private watchedStates(): NodegroupState[] {
    return [...(this.reads?.states.values() ?? []), ...(this.selfManaged?.states.values() ?? [])]
  }

  private deletedStates(): NodegroupState[] {
    return [...(this.reads?.deleted ?? []), ...(this.selfManaged?.deleted ?? [])]
  }

  private decide(flags: DecideFlags): Verdict | undefined {
    return decideVerdict(this.observation(flags))
  }

  private observation(flags: DecideFlags): Observation {
    const workError = this.work.error()
    return {
      now: this.deps.clock.now(),
      startedAt: this.startedAt,
      clusterName: this.config.clusterName,
      region: this.config.region,
      cluster: this.clusterState,
      clusterCreatedAt: this.cluster?.createdAt?.getTime(),
      autoMode: this.cluster?.autoMode,
      launchers: [...this.launchers.states.values()],
      launcherKeys: this.launchers.keys,
      clusterUpdatedAt: this.clusterUpdatedAt,
      nodegroups: this.watchedStates(),
      existingNodegroups: this.reads?.existing,
      existingAsgs: this.selfManaged?.existing,
      deletedNodegroups: this.reads ? this.deletedStates() : undefined,
      keys: this.registry.all(),
      unreadableImages: this.registry.unreadableImages(),
      keyWorkPending: this.work.pending(),
      keyWorkMayWrite: writeMode(this.config) !== 'none',
      propagationGraceMs: this.config.propagationGraceMs,
      pollIntervalMs: this.config.pollIntervalMs,
      addons: this.addonReads ? [...this.addonReads.addons.values()] : undefined,
      clusterVersion: this.addonReads?.cluster,
      command: this.deps.command?.(),
      timeoutMs: this.config.timeoutMs,
      ...flags,
      error: flags.error ?? (workError ? runError(workError) : undefined)
    }
  }

  private async watch(): Promise<Verdict> {
    const { clients, clock, timeline, log, signal } = this.deps
    const reads = new NodegroupReads(clients, timeline, line => log.info(line), {
      clusterName: this.config.clusterName,
      nodegroupNames: this.config.nodegroupNames,
      // Naming either kind of group narrows the watch to what is named.
      discover: this.config.asgNames.length === 0,
      signal,
      maxCallsPerPoll: this.deps.maxCallsPerPoll,
      startedAt: this.startedAt,
      now: () => clock.now()
    })
    if (this.clusterState === 'missing' && !this.deps.command)
      return this.decide({ cancelled: false, deadlineReached: false })!
    this.reads = reads
    const selfManaged = new SelfManagedReads(
      clients.autoscaling,
      timeline,
      line => log.info(line),
      {
        clusterName: this.config.clusterName,
        asgNames: this.config.asgNames,
        // Named node groups narrow the watch to what is named: tags add no group then.
        discover: this.config.nodegroupNames.length === 0,
        signal,
        maxCallsPerPoll: this.deps.maxCallsPerPoll,
        startedAt: this.startedAt,
        now: () => clock.now()
      }
    )
    this.selfManaged = selfManaged
    const logProgress = progressLog(line => log.info(line), this.startedAt)
    return watchUntilVerdict({
      clock,
      pollIntervalMs: this.config.pollIntervalMs,
      deadline: this.startedAt + this.config.timeoutMs,
      signal,
      random: this.deps.random,
      warn: line => log.warning(line),
      poll: async () => {
        // Under a deploy command the cluster may be created after we started.
        if (this.clusterState !== 'found' || this.clusterMoving()) await this.describeCluster()
        if (this.clusterState === 'found') {
          await reads.poll()
          await selfManaged.poll()
          await this.launchers.poll(this.cluster)
          for (const state of this.watchedStates())
            if (isSettled(state)) state.settledAt ??= clock.now()
          // A named node group is missing: was the cluster updated lately (a deployment)?
          if (!this.clusterUpdatesRead && this.watchedStates().some(s => !s.exists)) {
            this.clusterUpdatesRead = true
            this.clusterUpdatedAt = await lastClusterUpdate(
              clients.eks,
              this.config.clusterName,
              signal
            )
          }
          await this.readAddons()
          if (this.lookingAhead())
            await readUpcomingTemplates(this.deps.clients.ec2, reads.states.values())
        }
        if (!reads.clusterSeen) this.clusterState = 'missing'
        this.work.schedule(this.watchedStates())
        // A node group already terminal when first seen is decided on this read: its keys'
        // checks are awaited here rather than at the next poll (EKS will not change it).
        const terminal = [...reads.states.values()].filter(
          s => TERMINAL_STATES.has(s.status ?? '') && s.firstSeenStatus === s.status
        )
        if (terminal.length > 0) await this.work.settledFor(terminal.map(s => s.name))
        this.actOnEvidence()
        return { throttled: reads.throttled || selfManaged.throttled }
      },
      decide: flags => this.decide(flags),
      progress: () =>
        logProgress(
          progressLine(this.watchedStates(), this.clusterState, this.config.clusterName, state =>
            waitingFor(this.observation({ cancelled: false, deadlineReached: false }), state)
          ),
          clock.now()
        )
    })
  }

  /** The cluster is being created or updated: its status is read every poll until it settles. */
  private clusterMoving(): boolean {
    const status = this.addonReads?.cluster.status
    return status === 'CREATING' || status === 'UPDATING'
  }

  private async readAddons(): Promise<void> {
    const addons = this.addonReads
    if (!addons) return
    await addons.observeCluster(this.clusterVersion, this.cluster?.status)
    await addons.poll()
    markDegradedWithNodes(addons.addons.values(), this.watchedStates(), this.deps.clock.now())
  }

  private async describeCluster(): Promise<void> {
    const { clients, timeline, signal } = this.deps
    const read = await readCluster(clients.eks, this.config, this.clusterState, timeline, signal)
    if (!read) {
      this.clusterState = 'missing'
      return
    }
    this.cluster = read.cluster
    this.clusterVersion = read.version
    this.clusterState = 'found'
  }

  private async ensureRole(): Promise<void> {
    const { clients, timeline, log } = this.deps
    const ensured = await ensureRole(clients.iam, this.config, this.role, timeline, log)
    this.role = ensured.role
    this.roleCreated = ensured.created
  }
}
