/**
 * The watch's reads of the cluster's add-ons (ListAddons, DescribeAddon), its version update
 * (ListUpdates, DescribeUpdate without a node group) and the add-on version pre-flight
 * (DescribeAddonVersions), written into the observed state. Budgeted: add-ons not ACTIVE are read
 * every poll, ACTIVE ones one per poll in turn; versions are checked once per add-on version and
 * Kubernetes version.
 */
import {
  DescribeAddonCommand,
  DescribeAddonVersionsCommand,
  DescribeUpdateCommand,
  ListAddonsCommand,
  ListUpdatesCommand,
  type EKSClient
} from '@aws-sdk/client-eks'
import { call, isNotFound } from '../aws/errors.js'
import {
  describeUpdate,
  UPDATE_TERMINAL,
  updateParam,
  type AddonCompatibility,
  type AddonState,
  type ClusterVersionState
} from '../model/index.js'
import type { TimelineSink } from '../model/index.js'

export interface AddonReadOptions {
  clusterName: string
  signal?: AbortSignal
  /** Most calls a poll spends on add-ons and the cluster's update. */
  maxCallsPerPoll?: number
  now: () => number
}

const SETTLED = new Set(['ACTIVE'])

export class AddonReads {
  readonly addons = new Map<string, AddonState>()
  readonly cluster: ClusterVersionState = {}
  private calls = 0
  private rotation = 0
  private listed = false
  private readonly versionChecks = new Map<string, AddonCompatibility>()

  constructor(
    private readonly eks: EKSClient,
    private readonly timeline: TimelineSink,
    private readonly options: AddonReadOptions
  ) {}

  private async send<T>(
    action: string,
    resource: string | undefined,
    fn: (abortSignal?: AbortSignal) => Promise<T>
  ): Promise<T> {
    this.calls++
    return call(action, resource, () => fn(this.options.signal))
  }

  /** The cluster's version and status from DescribeCluster; its version update when UPDATING. */
  async observeCluster(version: string | undefined, status: string | undefined): Promise<void> {
    const previous = this.cluster.status
    this.cluster.version = version
    this.cluster.status = status
    if (previous !== undefined && previous !== status)
      this.timeline.add(
        'eks',
        'cluster-status',
        `cluster ${this.options.clusterName}: ${previous} → ${status}`
      )
    if (status === 'UPDATING' || this.cluster.update?.status === 'InProgress')
      await this.readClusterUpdate()
  }

  private async readClusterUpdate(): Promise<void> {
    const name = this.options.clusterName
    let id = this.cluster.update?.status === 'InProgress' ? this.cluster.update.id : undefined
    if (!id) {
      const ids = (
        await this.send('eks:ListUpdates', name, abortSignal =>
          this.eks.send(new ListUpdatesCommand({ name }), { abortSignal })
        )
      ).updateIds
      // Updates come oldest first: the one in progress is among the newest.
      for (const candidate of (ids ?? []).slice(-3).reverse()) {
        const update = await this.describeClusterUpdate(candidate)
        if (update?.status === 'InProgress' && update.type === 'VersionUpdate') {
          id = candidate
          break
        }
      }
      if (!id) return
    }
    const update = await this.describeClusterUpdate(id)
    if (!update) return
    const previous = this.cluster.update
    const record = {
      id,
      type: update.type,
      status: update.status,
      createdAt: update.createdAt,
      params: update.params ?? [],
      errors: update.errors ?? [],
      watched: true,
      endedAt: previous?.endedAt
    }
    this.cluster.update = record
    this.cluster.targetVersion = updateParam(record, 'Version')
    if (!previous || previous.id !== id)
      this.timeline.add(
        'eks',
        'cluster-update-started',
        `cluster ${name}: ${describeUpdate(record)} started`,
        {
          at: update.createdAt
        }
      )
    else if (previous.status !== record.status && UPDATE_TERMINAL.has(record.status ?? '')) {
      record.endedAt = this.options.now()
      this.timeline.add(
        'eks',
        'cluster-update-ended',
        `cluster ${name}: ${describeUpdate(record)} ${record.status}${record.errors.length ? ` (${record.errors.map(e => `${e.errorCode}: ${e.errorMessage}`).join('; ')})` : ''}`
      )
    }
  }

  private async describeClusterUpdate(updateId: string) {
    const name = this.options.clusterName
    return (
      await this.send('eks:DescribeUpdate', name, abortSignal =>
        this.eks.send(new DescribeUpdateCommand({ name, updateId }), { abortSignal })
      )
    ).update
  }

  /** Lists the add-ons, reads those not settled (and one settled one in turn), checks versions. */
  async poll(): Promise<void> {
    const budget = this.options.maxCallsPerPoll ?? 8
    const spent = this.calls
    const name = this.options.clusterName
    let names: string[] = []
    let nextToken: string | undefined
    try {
      do {
        const page = await this.send('eks:ListAddons', name, abortSignal =>
          this.eks.send(new ListAddonsCommand({ clusterName: name, nextToken }), { abortSignal })
        )
        names.push(...(page.addons ?? []))
        nextToken = page.nextToken
      } while (nextToken)
    } catch (error) {
      if (!isNotFound(error)) throw error
      names = []
    }
    for (const gone of [...this.addons.keys()].filter(n => !names.includes(n)))
      this.addons.delete(gone)
    const fresh = names.filter(n => !this.addons.has(n))
    const unsettled = names.filter(
      n => this.addons.has(n) && !SETTLED.has(this.addons.get(n)!.status ?? '')
    )
    const settled = names.filter(n => SETTLED.has(this.addons.get(n)?.status ?? ''))
    const turn = settled.length > 0 ? [settled[this.rotation++ % settled.length]] : []
    for (const addon of [...fresh, ...unsettled, ...turn]) {
      if (this.calls - spent >= budget) break
      await this.describe(addon)
    }
    this.listed = true
    for (const addon of this.addons.values()) {
      if (this.calls - spent >= budget) break
      await this.checkVersions(addon)
    }
  }

  /** Whether the add-ons were listed at least once. */
  get ready(): boolean {
    return this.listed
  }

  private async describe(addonName: string): Promise<void> {
    const clusterName = this.options.clusterName
    let addon
    try {
      addon = (
        await this.send('eks:DescribeAddon', `${clusterName}/${addonName}`, abortSignal =>
          this.eks.send(new DescribeAddonCommand({ clusterName, addonName }), { abortSignal })
        )
      ).addon
    } catch (error) {
      if (!isNotFound(error)) throw error
      this.addons.delete(addonName)
      return
    }
    if (!addon) return
    let state = this.addons.get(addonName)
    if (!state) {
      state = {
        name: addonName,
        healthIssues: [],
        compatibility: [],
        firstSeenStatus: addon.status
      }
      this.addons.set(addonName, state)
      this.timeline.add(
        'eks',
        'addon-created',
        `add-on ${addonName} ${addon.addonVersion ?? ''} created (${addon.status})`,
        { at: addon.createdAt, addon: addonName }
      )
    } else if (state.status !== addon.status) {
      this.timeline.add(
        'eks',
        'addon-status',
        `add-on ${addonName}: ${state.status} → ${addon.status}`,
        {
          addon: addonName
        }
      )
    }
    const issues = addon.health?.issues ?? []
    const key = (list: { code?: string }[]) => list.map(i => i.code).join(',')
    if (issues.length > 0 && key(issues) !== key(state.healthIssues))
      this.timeline.add(
        'eks',
        'addon-health',
        `add-on ${addonName}: ${issues.map(i => `${i.code}: ${i.message}`).join('; ')}`,
        { addon: addonName }
      )
    if (state.version !== undefined && state.version !== addon.addonVersion)
      state.compatibility = []
    state.status = addon.status
    state.version = addon.addonVersion
    state.createdAt = addon.createdAt
    state.modifiedAt = addon.modifiedAt
    state.healthIssues = issues
  }

  /** DescribeAddonVersions for the cluster's version and, while it is UPDATING, the target. */
  private async checkVersions(addon: AddonState): Promise<void> {
    if (!addon.version) return
    const wanted: { version: string; target: boolean }[] = []
    if (this.cluster.version) wanted.push({ version: this.cluster.version, target: false })
    if (this.cluster.targetVersion && this.cluster.targetVersion !== this.cluster.version)
      wanted.push({ version: this.cluster.targetVersion, target: true })
    for (const { version, target } of wanted) {
      if (addon.compatibility.some(c => c.kubernetesVersion === version)) continue
      const cacheKey = `${addon.name}@${addon.version}|${version}`
      let check = this.versionChecks.get(cacheKey)
      if (!check) {
        const response = await this.send('eks:DescribeAddonVersions', addon.name, abortSignal =>
          this.eks.send(
            new DescribeAddonVersionsCommand({ addonName: addon.name, kubernetesVersion: version }),
            { abortSignal }
          )
        )
        const info = response.addons?.find(a => a.addonName === addon.name)
        const versions = info?.addonVersions ?? []
        const compatibleVersions = versions
          .filter(v => (v.compatibilities ?? []).some(c => c.clusterVersion === version))
          .map(v => v.addonVersion ?? '')
          .filter(Boolean)
        const defaultVersion = versions.find(v =>
          (v.compatibilities ?? []).some(c => c.clusterVersion === version && c.defaultVersion)
        )?.addonVersion
        check = {
          kubernetesVersion: version,
          target,
          compatible: compatibleVersions.includes(addon.version),
          compatibleVersions,
          defaultVersion
        }
        this.versionChecks.set(cacheKey, check)
        this.timeline.add(
          'eks',
          'addon-version-checked',
          `add-on ${addon.name} ${addon.version} ${check.compatible ? 'supports' : 'does NOT support'} Kubernetes ${version}${target ? ' (the version the cluster is updating to)' : ''}`,
          { addon: addon.name }
        )
      }
      addon.compatibility.push({ ...check, target })
    }
  }
}
