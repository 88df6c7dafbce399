/**
 * EKS updates: node group version updates (setup → scale-up → upgrade → scale-down, rolled back
 * when new nodes never join), node group config updates and cluster version updates, as
 * ListUpdates/DescribeUpdate show them. Sources: shared/reference/day2-addons.md §1.
 */
import { randomUUID } from 'node:crypto'
import {
  rollBack,
  startNodegroupVersionUpdate,
  versionUpdateEvent,
  type VersionRun
} from './nodegroup-update.js'
import { type Nodegroup, setAsgDesired, setStatus } from './nodegroups.js'

export { startNodegroupVersionUpdate }
import type { ScenarioUpdate } from './scenario.js'
import { AwsError } from './wire.js'
import type { World } from './world.js'

export type UpdateStatus = 'InProgress' | 'Successful' | 'Failed' | 'Cancelled'

export interface ErrorDetail {
  errorCode: string
  errorMessage: string
  resourceIds: string[]
}

interface ConfigRun {
  kind: 'nodegroup-config'
  applyAt: number
  previousStatus: Nodegroup['status']
  scaling: Nodegroup['scaling']
  labels: ScenarioUpdate['labels']
}

interface ClusterRun {
  kind: 'cluster-version'
  finishAt: number
  version: string
}

interface AddonRun {
  kind: 'addon'
  finishAt: number
  version: string
}

export interface Update {
  id: string
  type: 'VersionUpdate' | 'ConfigUpdate' | 'AddonUpdate'
  status: UpdateStatus
  params: { type: string; value: string }[]
  createdAt: number
  endedAt?: number
  errors: ErrorDetail[]
  cancellation?: { status: 'InProgress' | 'Failed' | 'Successful'; reason?: string }
  nodegroup?: string
  addon?: string
  run: VersionRun | ConfigRun | ClusterRun | AddonRun
}

export function newUpdate(world: World, fields: Omit<Update, 'id' | 'status' | 'errors'>): Update {
  const update: Update = { id: randomUUID(), status: 'InProgress', errors: [], ...fields }
  world.updates.push(update)
  return update
}

export function endUpdate(update: Update, status: UpdateStatus, time: number): void {
  update.status = status
  update.endedAt = time
}

export function findNodegroup(world: World, name: string): Nodegroup {
  const ng = world.nodegroups.find(
    n => n.name === name && world.nodegroupExists(n) && !n.spec.selfManaged
  )
  if (!ng)
    throw new AwsError('ResourceNotFoundException', `No node group found for name: ${name}.`, 404)
  return ng
}

export function minor(version: string): number {
  return Number(version.split('.')[1])
}

export const NOT_ACTIVE = 'Nodegroup cannot be updated as it is currently not in Active State'

/** UpdateNodegroupConfig: the node group keeps working; the config applies shortly after. */
export function startNodegroupConfigUpdate(
  world: World,
  ng: Nodegroup,
  request: Pick<ScenarioUpdate, 'scalingConfig' | 'labels'>,
  time: number
): Update {
  // The EKS workshop recovers a DEGRADED group with update-nodegroup-config (scaling only).
  const scalingOnly = request.scalingConfig && !request.labels
  if (ng.status !== 'ACTIVE' && !(ng.status === 'DEGRADED' && scalingOnly))
    throw new AwsError('ResourceInUseException', NOT_ACTIVE, 409)
  const scaling = { ...ng.scaling, ...request.scalingConfig }
  if (scaling.minSize > scaling.maxSize || scaling.desiredSize > scaling.maxSize)
    throw new AwsError(
      'InvalidParameterException',
      `Desired size ${scaling.desiredSize} and minimum size ${scaling.minSize} must not exceed maximum size ${scaling.maxSize}.`
    )
  if (scaling.desiredSize < scaling.minSize)
    throw new AwsError(
      'InvalidParameterException',
      `Desired size ${scaling.desiredSize} must not be below minimum size ${scaling.minSize}.`
    )
  const params: Update['params'] = []
  const asked = request.scalingConfig ?? {}
  if (asked.desiredSize !== undefined)
    params.push({ type: 'DesiredSize', value: String(asked.desiredSize) })
  if (asked.minSize !== undefined) params.push({ type: 'MinSize', value: String(asked.minSize) })
  if (asked.maxSize !== undefined) params.push({ type: 'MaxSize', value: String(asked.maxSize) })
  if (request.labels?.addOrUpdateLabels)
    params.push({ type: 'LabelsToAdd', value: JSON.stringify(request.labels.addOrUpdateLabels) })
  if (request.labels?.removeLabels)
    params.push({ type: 'LabelsToRemove', value: JSON.stringify(request.labels.removeLabels) })
  const update = newUpdate(world, {
    type: 'ConfigUpdate',
    params,
    createdAt: time,
    nodegroup: ng.name,
    run: {
      kind: 'nodegroup-config',
      applyAt: time + world.ms(world.scenario.timing.configUpdateSeconds),
      previousStatus: ng.status,
      scaling,
      labels: request.labels
    }
  })
  ng.updateId = update.id
  setStatus(ng, 'UPDATING', time)
  return update
}

export function constraints(ng: Nodegroup): string {
  return `a user request update of AutoScalingGroup constraints to min: ${ng.asg.min}, max: ${ng.asg.max}, desired: ${ng.asg.desired}`
}

/** The next event of the node group's update in progress (its phase, or its deadline). */
export function nodegroupUpdateEvent(
  world: World,
  ng: Nodegroup
): { at: number; run: () => void } | undefined {
  const update = world.updates.find(u => u.id === ng.updateId)
  if (!update || update.status !== 'InProgress') return undefined
  const run = update.run
  if (run.kind === 'nodegroup-config') {
    return {
      at: run.applyAt,
      run: () => {
        const t = run.applyAt
        ng.scaling = run.scaling
        ng.asg.min = run.scaling.minSize
        ng.asg.max = run.scaling.maxSize
        const desired = run.scaling.desiredSize
        setAsgDesired(world, ng, desired, t, constraints({ ...ng, asg: { ...ng.asg, desired } }))
        for (const [k, v] of Object.entries(run.labels?.addOrUpdateLabels ?? {})) ng.labels[k] = v
        for (const k of run.labels?.removeLabels ?? []) delete ng.labels[k]
        setStatus(ng, run.previousStatus, t)
        ng.updateId = undefined
        endUpdate(update, 'Successful', t)
      }
    }
  }
  if (run.kind !== 'nodegroup-version') return undefined
  return versionUpdateEvent(world, ng, update, run)
}

/** Control API only: AWS documents no cancellation of node group updates (CancelUpdate is Auto Mode's). */
export function cancelUpdate(world: World, id: string, time: number): Update {
  const update = world.updates.find(u => u.id === id)
  if (!update)
    throw new AwsError('ResourceNotFoundException', `No update found for ID: ${id}.`, 404)
  if (update.status !== 'InProgress')
    throw new AwsError('InvalidRequestException', `Update ${id} is already ${update.status}.`)
  update.cancellation = { status: 'Successful' }
  endUpdate(update, 'Cancelled', time)
  const ng = world.nodegroups.find(n => n.updateId === id)
  if (ng && update.run.kind === 'nodegroup-version') rollBack(world, ng, update.run, time)
  else if (ng && update.run.kind === 'nodegroup-config') {
    setStatus(ng, update.run.previousStatus, time)
    ng.updateId = undefined
  } else if (update.run.kind === 'cluster-version') world.clusterStatus = 'ACTIVE'
  return update
}

/** UpdateClusterVersion: one minor version at a time; the control plane is UPDATING meanwhile. */
export function startClusterVersionUpdate(world: World, version: string, time: number): Update {
  const cluster = world.scenario.cluster
  const current = cluster.version ?? '1.31'
  if (world.clusterStatus === 'UPDATING')
    throw new AwsError(
      'ResourceInUseException',
      `Cluster ${cluster.name} is currently being updated.`,
      409
    )
  if (minor(version) !== minor(current) + 1)
    throw new AwsError(
      'InvalidParameterException',
      `Unsupported Kubernetes minor version update from ${current} to ${version}`
    )
  world.clusterStatus = 'UPDATING'
  return newUpdate(world, {
    type: 'VersionUpdate',
    params: [
      { type: 'Version', value: version },
      { type: 'PlatformVersion', value: 'eks.1' }
    ],
    createdAt: time,
    run: {
      kind: 'cluster-version',
      finishAt: time + world.ms(world.scenario.timing.clusterUpdateSeconds),
      version
    }
  })
}

/** Scheduled cluster updates that fell due, and the end of the one in progress. */
export function advanceCluster(world: World, now: number): void {
  for (const spec of world.scenario.updates ?? []) {
    if (spec.nodegroup || spec.addon || spec.startAfterSeconds === null) continue
    const at = world.at(spec.startAfterSeconds ?? 0)
    if (at > now || world.started.has(spec.id)) continue
    world.started.add(spec.id)
    try {
      startClusterVersionUpdate(world, spec.version ?? '', at)
    } catch (error) {
      console.warn(`scheduled update ${spec.id} refused: ${(error as Error).message}`)
    }
  }
  for (const update of world.updates) {
    const run = update.run
    if (update.status !== 'InProgress' || run.kind !== 'cluster-version') continue
    if (run.finishAt > now) continue
    world.scenario.cluster.version = run.version
    world.clusterStatus = 'ACTIVE'
    endUpdate(update, 'Successful', run.finishAt)
  }
}

/** The node group's next scheduled (scenario) update, started at its time like an API call. */
export function scheduledNodegroupUpdateEvent(
  world: World,
  ng: Nodegroup
): { at: number; run: () => void } | undefined {
  const spec = (world.scenario.updates ?? []).find(
    u => u.nodegroup === ng.name && u.startAfterSeconds !== null && !world.started.has(u.id)
  )
  if (!spec) return undefined
  const at = world.at(spec.startAfterSeconds ?? 0)
  return {
    at,
    run: () => {
      world.started.add(spec.id)
      try {
        if (spec.type === 'ConfigUpdate') startNodegroupConfigUpdate(world, ng, spec, at)
        else startNodegroupVersionUpdate(world, ng, spec, at)
      } catch (error) {
        console.warn(`scheduled update ${spec.id} refused: ${(error as Error).message}`)
      }
    }
  }
}
