/**
 * EKS add-ons: a DescribeAddonVersions catalogue, CreateAddon/UpdateAddon with their synchronous
 * refusals, and statuses that follow the nodes: add-ons whose pods need a Ready node (coredns,
 * aws-ebs-csi-driver) sit CREATING, then DEGRADED with InsufficientNumberOfReplicas, until a node
 * group has Ready nodes; DaemonSet add-ons (vpc-cni, kube-proxy) go ACTIVE without them.
 * Sources: shared/reference/day2-addons.md §2.
 */
import { randomUUID } from 'node:crypto'
import { compatible, defaultVersion, entry } from './addon-catalogue.js'
import type { Issue } from './nodegroups.js'
import type { ScenarioAddon } from './scenario.js'
import { endUpdate, newUpdate } from './updates.js'
import { AwsError, epochSeconds } from './wire.js'
import type { World } from './world.js'

export { describeAddonVersions } from './addon-catalogue.js'

export type AddonStatus =
  | 'CREATING'
  | 'ACTIVE'
  | 'CREATE_FAILED'
  | 'UPDATING'
  | 'DELETING'
  | 'DELETE_FAILED'
  | 'DEGRADED'
  | 'UPDATE_FAILED'

export interface Addon {
  spec: ScenarioAddon
  name: string
  version: string
  status: AddonStatus
  /** Undefined until created. */
  createdAt?: number
  modifiedAt: number
  issues: Issue[]
  /** The status comes from the lack of Ready nodes and clears when there are some. */
  blockedByNodes: boolean
  updateId?: string
  serviceAccountRoleArn?: string
  configurationValues?: string
  arnSuffix: string
}

const REPLICAS: Issue = {
  code: 'InsufficientNumberOfReplicas',
  message: "The add-on is unhealthy because it doesn't have the desired number of replicas.",
  resourceIds: []
}

export function newAddon(world: World, spec: ScenarioAddon): Addon {
  const k8s = world.scenario.cluster.version ?? '1.31'
  const createdAt =
    spec.createAfterSeconds === null
      ? undefined
      : spec.createAfterSeconds === undefined
        ? world.startedAt - 86_400_000
        : world.at(spec.createAfterSeconds)
  return {
    spec,
    name: spec.name,
    version: spec.version ?? defaultVersion(world, spec.name, k8s) ?? 'v1.0.0-eksbuild.1',
    status: 'CREATING',
    createdAt,
    modifiedAt: createdAt ?? world.now(),
    issues: [],
    blockedByNodes: false,
    arnSuffix: randomUUID().slice(0, 8),
    serviceAccountRoleArn: spec.serviceAccountRoleArn,
    configurationValues: spec.configurationValues
  }
}

/** When a node first became Ready among the nodes there are now (undefined: none is). */
function nodesReadyAt(world: World, now: number): number | undefined {
  const times = world.nodegroups
    .filter(ng => world.nodegroupExists(ng, now))
    .flatMap(ng => ng.instances.map(i => i.readyAt))
    .filter(t => t <= now)
  return times.length ? Math.min(...times) : undefined
}

function set(addon: Addon, status: AddonStatus, time: number, issues: Issue[] = []): void {
  addon.status = status
  addon.modifiedAt = time
  addon.issues = issues
}

export function advanceAddons(world: World, now: number): void {
  const { timing } = world.scenario
  for (const spec of world.scenario.updates ?? []) {
    if (!spec.addon || spec.startAfterSeconds === null || world.started.has(spec.id)) continue
    const at = world.at(spec.startAfterSeconds ?? 0)
    if (at > now) continue
    world.started.add(spec.id)
    try {
      updateAddon(world, spec.addon, { addonVersion: spec.addonVersion }, at)
    } catch (error) {
      console.warn(`scheduled update ${spec.id} refused: ${(error as Error).message}`)
    }
  }
  const nodes = nodesReadyAt(world, now)
  for (const addon of world.addons) {
    if (addon.createdAt === undefined || addon.createdAt > now) continue
    const needsNodes = entry(world, addon.name)?.needsNodes === true
    const failure = addon.spec.failure
    if (addon.status === 'CREATING') {
      const failAt = addon.createdAt + world.ms(failure?.afterSeconds ?? timing.addonCreateSeconds)
      const activeAt = !needsNodes
        ? addon.createdAt + world.ms(timing.addonCreateSeconds)
        : nodes === undefined
          ? undefined
          : Math.max(
              addon.createdAt + world.ms(timing.addonCreateSeconds),
              nodes + world.ms(timing.addonActiveAfterNodesSeconds)
            )
      const stuckAt = addon.createdAt + world.ms(timing.addonStuckAfterSeconds)
      const failsOnCreate = failure !== undefined && (failure.on ?? 'create') === 'create'
      if (failsOnCreate) {
        // Its own failure: CREATING until then, whatever the nodes.
        if (failAt <= now)
          set(addon, failure.status, failAt, [
            { code: failure.code, message: failure.message, resourceIds: [] }
          ])
      } else if (activeAt !== undefined && activeAt <= now && activeAt <= stuckAt) {
        set(addon, 'ACTIVE', activeAt)
      } else if (needsNodes && stuckAt <= now) {
        const outcome = addon.spec.withoutNodes ?? 'DEGRADED'
        if (outcome !== 'CREATING') {
          set(addon, outcome, stuckAt, [REPLICAS])
          addon.blockedByNodes = outcome === 'DEGRADED'
        } else if (activeAt !== undefined && activeAt <= now) set(addon, 'ACTIVE', activeAt)
      }
    }
    if (addon.status === 'DEGRADED' && addon.blockedByNodes && nodes !== undefined) {
      const activeAt = Math.max(
        addon.modifiedAt,
        nodes + world.ms(timing.addonActiveAfterNodesSeconds)
      )
      if (activeAt <= now) {
        set(addon, 'ACTIVE', activeAt)
        addon.blockedByNodes = false
      }
    }
    const update = world.updates.find(u => u.id === addon.updateId)
    if (addon.status === 'UPDATING' && update?.run.kind === 'addon' && update.run.finishAt <= now) {
      const at = update.run.finishAt
      addon.updateId = undefined
      if (failure?.on === 'update') {
        set(addon, failure.status, at, [
          { code: failure.code, message: failure.message, resourceIds: [] }
        ])
        update.errors = [
          { errorCode: failure.code, errorMessage: failure.message, resourceIds: [] }
        ]
        endUpdate(update, 'Failed', at)
      } else {
        addon.version = update.run.version
        set(addon, 'ACTIVE', at)
        endUpdate(update, 'Successful', at)
      }
    }
  }
}

export function findAddon(world: World, name: string): Addon {
  const addon = world.addons.find(
    a => a.name === name && a.createdAt !== undefined && a.createdAt <= world.now()
  )
  if (!addon)
    throw new AwsError(
      'ResourceNotFoundException',
      `No addon: ${name} found in cluster: ${world.scenario.cluster.name}`,
      404
    )
  return addon
}

export interface AddonRequest {
  addonName?: string
  addonVersion?: string
  serviceAccountRoleArn?: string
  resolveConflicts?: string
  configurationValues?: string
}

function requireCompatible(world: World, name: string, version: string | undefined): string {
  const k8s = world.scenario.cluster.version ?? '1.31'
  const known = entry(world, name)
  if (!known || !(known.versions ?? []).some(v => compatible(v, k8s)))
    throw new AwsError(
      'InvalidParameterException',
      `Addon ${name} specified is not supported in ${k8s} kubernetes version`
    )
  if (version === undefined) return defaultVersion(world, name, k8s) as string
  const listed = (known.versions ?? []).find(v => v.version === version)
  if (!listed || !compatible(listed, k8s))
    throw new AwsError('InvalidParameterException', 'Addon version specified is not supported')
  return version
}

/** CreateAddon: refused at once for a version the cluster's Kubernetes version does not support. */
export function createAddon(world: World, request: AddonRequest, time: number): Addon {
  const name = request.addonName ?? ''
  if (request.resolveConflicts && request.resolveConflicts.toUpperCase() === 'PRESERVE')
    throw new AwsError(
      'InvalidParameterException',
      `Resolve conflicts option ${request.resolveConflicts} is not supported for operation CreateAddon`
    )
  const existing = world.addons.find(a => a.name === name)
  if (existing?.createdAt !== undefined && existing.createdAt <= time)
    throw new AwsError('ResourceInUseException', 'Addon already exists.', 409)
  const version = requireCompatible(world, name, request.addonVersion)
  const addon = existing ?? newAddon(world, { name, createAfterSeconds: null })
  if (!existing) world.addons.push(addon)
  addon.version = version
  addon.createdAt = time
  addon.modifiedAt = time
  addon.serviceAccountRoleArn = request.serviceAccountRoleArn ?? addon.serviceAccountRoleArn
  addon.configurationValues = request.configurationValues ?? addon.configurationValues
  set(addon, 'CREATING', time)
  return addon
}

/** UpdateAddon: an AddonUpdate tracked with DescribeUpdate(addonName). */
export function updateAddon(world: World, name: string, request: AddonRequest, time: number) {
  const addon = findAddon(world, name)
  if (addon.status === 'UPDATING' || addon.status === 'CREATING' || addon.status === 'DELETING')
    throw new AwsError(
      'ResourceInUseException',
      `Addon ${name} cannot be updated while it is ${addon.status}.`,
      409
    )
  const version = requireCompatible(world, name, request.addonVersion ?? addon.version)
  const params: { type: string; value: string }[] = []
  if (request.addonVersion) params.push({ type: 'AddonVersion', value: request.addonVersion })
  if (request.serviceAccountRoleArn)
    params.push({ type: 'ServiceAccountRoleArn', value: request.serviceAccountRoleArn })
  if (request.resolveConflicts)
    params.push({ type: 'ResolveConflicts', value: request.resolveConflicts })
  if (request.configurationValues)
    params.push({ type: 'ConfigurationValues', value: request.configurationValues })
  const update = newUpdate(world, {
    type: 'AddonUpdate',
    params,
    createdAt: time,
    addon: name,
    run: {
      kind: 'addon',
      finishAt: time + world.ms(world.scenario.timing.addonUpdateSeconds),
      version
    }
  })
  addon.updateId = update.id
  set(addon, 'UPDATING', time, addon.issues)
  return update
}

export function addonShape(world: World, addon: Addon): Record<string, unknown> {
  const { partition, region, account, scenario } = world
  return {
    addonName: addon.name,
    clusterName: scenario.cluster.name,
    status: addon.status,
    addonVersion: addon.version,
    health: { issues: addon.issues },
    addonArn: `arn:${partition}:eks:${region}:${account}:addon/${scenario.cluster.name}/${addon.name}/${addon.arnSuffix}`,
    createdAt: epochSeconds(addon.createdAt ?? world.now()),
    modifiedAt: epochSeconds(addon.modifiedAt),
    serviceAccountRoleArn: addon.serviceAccountRoleArn,
    configurationValues: addon.configurationValues,
    tags: {}
  }
}
