/**
 * The run's keys: each key a node group (or the kms-key-ids input) uses is inspected once per
 * role, assessed, and — when the plan says so — patched or granted, then assessed again from what
 * KMS now stores.
 */
import type { EC2Client } from '@aws-sdk/client-ec2'
import type { KMSClient } from '@aws-sdk/client-kms'
import type { Clock } from '../clock.js'
import {
  INPUT_NODEGROUP,
  launcherLabel,
  type AutoscalingRole,
  type ClusterInfo,
  type Identity,
  type KeyContext,
  type KeyRecord,
  type KeyUse,
  type Logger,
  type NodegroupState,
  type UnreadableImage
} from '../model/index.js'
import type { TimelineSink } from '../model/index.js'
import { AmiKeysCache } from './ami.js'
import {
  asgLaunchTemplate,
  discoverKeyUses,
  EbsDefaultsCache,
  TemplateVersionCache,
  type DiscoveryCaches
} from './discover.js'
import { assessKey, inspectKey } from './key.js'
import { grantToRole, rememberGrant } from './grant.js'
import { patchKeyPolicySafely } from './patch.js'
import { planKeyAction, writeMode, type WritePermission } from './plan.js'
import { requirements } from './requirements.js'
import { rereadKeys } from './reread.js'

export interface RegistryDeps {
  kms: KMSClient
  ec2: EC2Client
  clock: Clock
  log: Logger
  timeline: TimelineSink
  signal?: AbortSignal
  region: string
  permission: WritePermission
  /** The autoscaling-role-arn input: it wins over the Auto Scaling group's own role. */
  roleInput?: string
  identity: () => Identity
  role: () => AutoscalingRole
  roleJustCreated: () => boolean
  cluster: () => ClusterInfo | undefined
}

export class KeyRegistry {
  private readonly records = new Map<string, KeyRecord>()
  private readonly byReference = new Map<string, KeyRecord>()
  private readonly caches: DiscoveryCaches
  policyChanged = false

  constructor(private readonly deps: RegistryDeps) {
    this.caches = {
      ebsDefaults: new EbsDefaultsCache(deps.ec2),
      templates: new TemplateVersionCache(),
      amiKeys: new AmiKeysCache(deps.ec2, deps.log)
    }
  }

  private readonly warned = new Set<string>()

  private warnOnce(id: string, message: string): void {
    if (this.warned.has(id)) return
    this.warned.add(id)
    this.deps.log.warning(message)
  }

  all(): KeyRecord[] {
    return [...this.records.values()]
  }

  /** AMIs whose snapshots' key could not be read (and so was not checked). */
  unreadableImages(): UnreadableImage[] {
    return this.caches.amiKeys.unreadable
  }

  /** Discovers, checks and fixes the keys a node group's launches use. */
  async checkNodegroup(state: NodegroupState): Promise<void> {
    const templates = state.launchTemplate ? [state.launchTemplate] : []
    let roleArn = this.deps.role().arn
    for (const name of state.asgNames) {
      const group = state.asgs.get(name)
      const ref = asgLaunchTemplate(group)
      if (ref) templates.push(ref)
      // The role the group really launches with wins over the input, which can only guess it.
      if (group?.ServiceLinkedRoleARN) {
        if (this.deps.roleInput && group.ServiceLinkedRoleARN !== this.deps.roleInput)
          this.warnOnce(
            `role|${name}`,
            `The autoscaling-role-arn input names ${this.deps.roleInput}, but Auto Scaling group ${name} launches with ${group.ServiceLinkedRoleARN}: its keys are checked for the role it uses.`
          )
        roleArn = group.ServiceLinkedRoleARN
      }
    }
    this.forgetOtherRoles(state.name, roleArn)
    let uses: KeyUse[]
    if (templates.length === 0) {
      // No launch template yet (EKS creates its own with the Auto Scaling group): only the account
      // default can apply, and only when encryption by default is on.
      const defaults = await this.caches.ebsDefaults.get()
      uses = defaults.encryptionByDefault
        ? [
            {
              nodegroup: state.name,
              reference: defaults.defaultKeyId,
              source: 'ebs-default',
              why: `${launcherLabel(state)} uses no launch template of its own and EBS encryption by default is on, so the account's default EBS key ${defaults.defaultKeyId} is used`
            }
          ]
        : []
    } else {
      uses = await discoverKeyUses(this.deps.ec2, state.name, templates, this.caches)
    }
    for (const use of uses)
      await this.check(state.selfManaged ? { ...use, selfManaged: true } : use, roleArn)
  }

  /**
   * The node group's launches use one role: checks made for another (the input's guess, before
   * its Auto Scaling group was known) no longer speak for this node group.
   */
  private forgetOtherRoles(nodegroup: string, roleArn: string): void {
    for (const [id, record] of this.records) {
      if (record.roleArn === roleArn) continue
      record.uses = record.uses.filter(u => u.nodegroup !== nodegroup)
      if (record.uses.length > 0) continue
      this.records.delete(id)
      for (const [reference, known] of this.byReference)
        if (known === record) this.byReference.delete(reference)
    }
  }

  /** Inspects, assesses and (when planned) fixes one key use; a key is read once per role. */
  async check(use: KeyUse, roleArn: string): Promise<KeyRecord> {
    const { kms, log, timeline } = this.deps
    const identity = this.deps.identity()
    const known = this.byReference.get(`${use.reference}|${roleArn}`)
    if (known) {
      if (!known.uses.some(u => u.nodegroup === use.nodegroup && u.reference === use.reference))
        known.uses.push(use)
      return known
    }
    const facts = await inspectKey(kms, use.reference, roleArn, identity.account)
    const id = facts.arn ?? use.reference
    const existing = this.records.get(`${id}|${roleArn}`)
    if (existing) {
      existing.uses.push(use)
      this.byReference.set(`${use.reference}|${roleArn}`, existing)
      return existing
    }
    const cluster = this.deps.cluster()
    const role = this.deps.role()
    const secretsKey = facts.arn !== undefined && facts.arn === cluster?.secretsKeyArn
    const context: KeyContext = {
      callerAccount: identity.account,
      region: this.deps.region,
      autoscalingRoleArn: roleArn,
      autoscalingRoleExists: roleArn === role.arn ? role.exists : true,
      clusterRoleArn: secretsKey ? cluster?.roleArn : undefined
    }
    const record: KeyRecord = {
      id,
      facts,
      assessment: assessKey(facts, context),
      uses: [use],
      roleArn,
      context,
      secretsKey,
      readAt: this.deps.clock.now()
    }
    this.records.set(`${id}|${roleArn}`, record)
    this.byReference.set(`${use.reference}|${roleArn}`, record)
    const verdict = record.assessment.causes.length
      ? `problems: ${record.assessment.causes.join(', ')}`
      : record.assessment.crossAccount && facts.grantsUnknown
        ? `no problem found, but account ${facts.account}'s key policy hides its grants: failed launches will decide whether the Auto Scaling role has one`
        : 'no problem found'
    timeline.add(
      'kms',
      'key-checked',
      `key ${id} (${facts.state ?? 'not found'}, ${facts.manager ?? '?'}) used by ${use.nodegroup}: ${verdict}`,
      { nodegroup: use.nodegroup !== INPUT_NODEGROUP ? use.nodegroup : undefined }
    )
    log.info(`Key ${id}: ${use.why}; ${verdict}.`)
    const action = planKeyAction(record, this.deps.permission)
    if (
      action === 'none' &&
      writeMode(this.deps.permission) === 'write' &&
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
    if (action === 'patch') await this.patch(record)
    if (action === 'grant') await this.grant(record)
    return record
  }

  /**
   * The key was just fixed (by us or by another writer): failures before now plus the grace are
   * history, and the checks start again from what KMS now stores, not from what we meant to write.
   */
  private async fixed(record: KeyRecord): Promise<void> {
    record.patchedAt = this.deps.clock.now()
    record.facts = await inspectKey(
      this.deps.kms,
      record.facts.arn as string,
      record.roleArn,
      record.context.callerAccount
    )
    rememberGrant(record)
    record.assessment = assessKey(record.facts, record.context)
    record.readAt = this.deps.clock.now()
  }

  /** KMS launch failures of this node group started after its keys' last read: read them again. */
  async rereadAfterKmsFailures(nodegroup: string, since: number): Promise<void> {
    await rereadKeys(this.all(), this.deps, nodegroup, since)
  }

  /** A grant to the role, created from this account (which the key's owner must allow). */
  private async grant(record: KeyRecord): Promise<void> {
    const dryRun = writeMode(this.deps.permission) === 'dry-run'
    // A grant is not a key policy write (policy-changed stays false), but it needs the same grace.
    if ((await grantToRole(record, { ...this.deps, dryRun })) === 'created')
      await this.fixed(record)
  }

  /**
   * Launches of this node group fail with a KMS error: a key whose policy's answer for the role
   * was "cannot tell" gets the documented statements now (once), as the plan allows.
   */
  async actOnKmsFailures(nodegroup: string): Promise<void> {
    for (const record of this.all()) {
      if (!record.uses.some(u => u.nodegroup === nodegroup) || record.patch) continue
      if (
        planKeyAction(record, this.deps.permission, { kmsLaunchFailures: true }) !== 'patch-unknown'
      )
        continue
      this.deps.log.warning(
        `Launches of ${nodegroup} fail with a KMS error and the policy of ${record.id} could not be decided for the Auto Scaling role: adding the documented statements.`
      )
      await this.patch(record, true)
    }
  }

  private async patch(record: KeyRecord, includeUnknown = false): Promise<void> {
    const { kms, log, timeline, clock } = this.deps
    const needed = requirements({
      autoscalingRoleArn: record.roleArn,
      region: this.deps.region,
      account: record.context.callerAccount,
      clusterRoleArn: record.context.clusterRoleArn
    })
    const patch = await patchKeyPolicySafely(kms, record.facts.arn as string, needed, {
      dryRun: writeMode(this.deps.permission) === 'dry-run',
      sleep: ms => clock.sleep(ms, this.deps.signal),
      log: line => log.warning(line),
      roleJustCreated: this.deps.roleJustCreated(),
      includeUnknown
    })
    record.patch = patch
    if (patch.status === 'written') {
      this.policyChanged = true
      timeline.add('kms', 'policy-patched', patch.message)
      log.info(patch.message)
      await this.fixed(record)
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
      await this.fixed(record)
    } else {
      timeline.add('kms', 'policy-refused', patch.message)
      log.warning(patch.message)
    }
  }
}
