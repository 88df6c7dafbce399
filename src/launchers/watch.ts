/**
 * Karpenter and EKS Auto Mode, found from AWS alone and watched: who launches (the role), with
 * which keys (and where each was read), and the first instance EC2 terminated with a KMS state
 * reason — kept, since terminated instances leave DescribeInstances within about an hour.
 * A sibling of the node groups' reads: its own state, fed to the one verdict.
 */
import type { EC2Client } from '@aws-sdk/client-ec2'
import type { EKSClient } from '@aws-sdk/client-eks'
import { errorMessage, PermissionError } from '../aws/errors.js'
import { EbsDefaultsCache } from '../kms/discover.js'
import {
  classifyMessage,
  LAUNCHER_LABEL,
  launcherUseName,
  type ClusterInfo,
  type KeyRecord,
  type KeyUse,
  type LauncherKeySource,
  type LauncherState
} from '../model/index.js'
import { checkLauncherKey, type LauncherKeyDeps } from './keys.js'
import {
  readKarpenterPodIdentityRole,
  readKarpenterTemplateKeys,
  readLauncherInstances
} from './reads.js'

export interface LauncherWatchDeps extends LauncherKeyDeps {
  ec2: EC2Client
  eks: EKSClient
  clusterName: string
  /** The karpenter-role-arn input. */
  karpenterRoleArn?: string
  /** The kms-key-ids input: the keys of NodeClasses, which the EKS API does not show. */
  kmsKeyIds: string[]
}

type Kind = 'karpenter' | 'auto-mode'

export class LauncherWatch {
  readonly states = new Map<Kind, LauncherState>()
  readonly keys: KeyRecord[] = []
  private readonly ebsDefaults: EbsDefaultsCache
  private karpenterLooked = false
  /** Key references already checked, per launcher. */
  private readonly checked = new Set<string>()

  constructor(private readonly deps: LauncherWatchDeps) {
    this.ebsDefaults = new EbsDefaultsCache(deps.ec2)
  }

  get policyChanged(): boolean {
    return this.keys.some(k => k.patch?.status === 'written')
  }

  /** One poll: find the launchers (once), check their keys, read their instances. */
  async poll(cluster: ClusterInfo | undefined): Promise<void> {
    if (!cluster) return
    if (cluster.autoMode && !this.states.has('auto-mode'))
      this.states.set('auto-mode', {
        ...newState('auto-mode', 'DescribeCluster computeConfig.enabled'),
        roleArn: cluster.roleArn,
        roleSource: 'cluster'
      })
    if (!this.karpenterLooked) await this.findKarpenter()
    for (const state of this.states.values()) {
      await this.readInstances(state)
      if (state.roleArn) await this.checkKeys(state)
      state.pending = false
    }
  }

  /**
   * Karpenter: the input names its role; else a Pod Identity association of service account
   * karpenter; else its tagged instances or launch templates show it is there (role unknown).
   * An account whose role may not make these reads is told so once, not failed: most clusters
   * have no Karpenter.
   */
  private async findKarpenter(): Promise<void> {
    const { deps } = this
    this.karpenterLooked = true
    const input = deps.karpenterRoleArn
    try {
      const roleArn =
        input ?? (await readKarpenterPodIdentityRole(deps.eks, deps.clusterName, deps.signal))
      if (roleArn) {
        this.states.set('karpenter', {
          ...newState(
            'karpenter',
            input
              ? 'the karpenter-role-arn input'
              : 'Pod Identity association kube-system/karpenter'
          ),
          roleArn,
          roleSource: input ? 'input' : 'pod-identity'
        })
        return
      }
      const now = deps.clock.now()
      const instances = await readLauncherInstances(
        deps.ec2,
        deps.clusterName,
        'karpenter',
        now,
        deps.signal
      )
      const templates = await readKarpenterTemplateKeys(deps.ec2, deps.clusterName, deps.signal)
      if (instances.length === 0 && templates.templates.length === 0) return
      this.states.set('karpenter', {
        ...newState(
          'karpenter',
          instances.length
            ? 'instances tagged karpenter.sh/nodepool'
            : 'launch templates tagged karpenter.k8s.aws/ec2nodeclass'
        ),
        unchecked: `Karpenter launches nodes for cluster ${deps.clusterName}, but its controller role was not found (no Pod Identity association for service account karpenter): set karpenter-role-arn to check its keys.`
      })
      deps.log.warning(this.states.get('karpenter')!.unchecked!)
    } catch (error) {
      if (!(error instanceof PermissionError) || input) throw error
      deps.log.warning(
        `Could not look for Karpenter on cluster ${deps.clusterName}: ${errorMessage(error)}. Grant the launcher reads (README: IAM permissions) or set karpenter-role-arn.`
      )
    }
  }

  /** The keys to check, each with the source it was read from (said in the report). */
  private async keyUses(state: LauncherState): Promise<KeyUse[]> {
    const { deps } = this
    const nodegroup = launcherUseName(state.launcher)
    const uses: KeyUse[] = []
    const add = (source: LauncherKeySource, reference: string, why: string) => {
      uses.push({ nodegroup, reference, source, why })
      if (!state.keySources.some(s => s.source === source && s.detail === why))
        state.keySources.push({ source, detail: why })
    }
    const defaults = async (why: string) => {
      const { defaultKeyId } = await this.ebsDefaults.get()
      add('ebs-default', defaultKeyId, `${why}: the account's default EBS key ${defaultKeyId}`)
    }
    if (state.launcher === 'karpenter') {
      const found = await readKarpenterTemplateKeys(deps.ec2, deps.clusterName, deps.signal)
      for (const key of found.keys)
        add(
          'launch-template',
          key,
          `Karpenter's launch template${found.templates.length > 1 ? 's' : ''} ${found.templates.join(', ')} name${found.templates.length > 1 ? '' : 's'} it`
        )
      if (found.usesDefault)
        await defaults(`Karpenter's launch templates encrypt a volume without naming a key`)
      if (found.templates.length > 0) return uses
    }
    for (const reference of deps.kmsKeyIds)
      add('input', reference, `named in the kms-key-ids input`)
    if (uses.length > 0) return uses
    // Karpenter's default block devices are encrypted with no key; Auto Mode's built-in NodeClass
    // names none: EBS then uses the account's default key (reference §1.3, §2.2).
    await defaults(
      state.launcher === 'karpenter'
        ? 'Karpenter has launched nothing yet and no kms-key-ids input names its EC2NodeClass key; its default volumes are encrypted'
        : "the EKS API does not show a NodeClass's key and no kms-key-ids input names one; Auto Mode's built-in NodeClass uses"
    )
    return uses
  }

  private async checkKeys(state: LauncherState): Promise<void> {
    const principal = { launcher: state.launcher, roleArn: state.roleArn as string }
    for (const use of await this.keyUses(state)) {
      const id = `${state.launcher}|${use.reference}`
      if (this.checked.has(id)) continue
      this.checked.add(id)
      const record = await checkLauncherKey(this.deps, principal, use)
      this.keys.push(record)
      if (!state.keyIds.includes(record.id)) state.keyIds.push(record.id)
    }
  }

  /** Instances of this launcher; the first one terminated on a KMS error is kept. */
  private async readInstances(state: LauncherState): Promise<void> {
    const { deps } = this
    const now = deps.clock.now()
    const instances = await readLauncherInstances(
      deps.ec2,
      deps.clusterName,
      state.launcher,
      now,
      deps.signal
    )
    state.running = instances.filter(i => i.state === 'running').length
    for (const nodePool of instances.map(i => i.nodePool))
      if (nodePool && !state.nodePools.includes(nodePool)) state.nodePools.push(nodePool)
    if (state.firstKmsTermination) return
    const killed = instances
      .filter(i => i.state === 'shutting-down' || i.state === 'terminated')
      .filter(
        i =>
          classifyMessage(`${i.reasonCode ?? ''}: ${i.reasonMessage ?? ''}`)?.pattern.rootCause ===
          'key-check'
      )
      .sort((a, b) => (a.launchedAt ?? 0) - (b.launchedAt ?? 0))
    const first = killed[0]
    if (!first) return
    state.firstKmsTermination = first
    deps.timeline.add(
      'ec2',
      'launch-failed',
      `${LAUNCHER_LABEL[state.launcher]} instance ${first.instanceId} (node pool ${first.nodePool ?? '?'}) ${first.state}: ${first.reasonCode}: ${first.reasonMessage}`,
      { at: first.launchedAt }
    )
  }
}

function newState(launcher: Kind, foundBy: string): LauncherState {
  return { launcher, foundBy, nodePools: [], keySources: [], keyIds: [], pending: true, running: 0 }
}
