/**
 * Managed node groups and their Auto Scaling groups, advanced event by event: creation, launch
 * attempts (each judged against the key state and policy at its time), desired-capacity changes
 * (scale-out and scale-in) and the DEGRADED status that failing launches give an ACTIVE group.
 * Node group updates (sim/updates.ts) plug their own events into the same loop.
 */
import { randomUUID } from 'node:crypto'
import { launchAttempt } from './launches.js'
import type { ScenarioEbs, ScenarioNodegroup } from './scenario.js'
import { nodegroupUpdateEvent, scheduledNodegroupUpdateEvent } from './updates.js'
import type { World } from './world.js'

export { setAsgDesired, terminate, terminateExtra } from './launches.js'

export type NodegroupStatus = 'CREATING' | 'ACTIVE' | 'UPDATING' | 'CREATE_FAILED' | 'DEGRADED'

export interface LaunchData {
  imageId?: string
  blockDeviceMappings: { deviceName: string; ebs?: ScenarioEbs }[]
}

export interface Instance {
  id: string
  launchedAt: number
  readyAt: number
  az: string
  /** Version of the EKS launch template copy it was launched from. */
  templateVersion: number
}

export interface Issue {
  code: string
  message: string
  resourceIds: string[]
}

export interface Nodegroup {
  spec: ScenarioNodegroup
  name: string
  /** Wall-clock ms at which creation starts; undefined until started. */
  createAt?: number
  /** When it turns DELETING (scenario `deleteAfterSeconds`); gone DELETE_SECONDS later. */
  deleteAt?: number
  status: NodegroupStatus
  statusChangedAt: number
  asgName: string
  asgCreatedAt?: number
  eksLaunchTemplateId: string
  nextLaunchAt?: number
  attempts: number
  transientLeft: number
  /** Instances in the Auto Scaling group now (terminated ones are gone). */
  instances: Instance[]
  lastFailure?: string
  version: string
  releaseVersion: string
  /** The version of the user's launch template that EKS reports (DescribeNodegroup). */
  launchTemplateVersion?: string
  /** EKS's copy of the launch template: version N is element N-1. */
  templateVersions: LaunchData[]
  /** The copy's version the Auto Scaling group launches from. */
  asgTemplateVersion: number
  scaling: { minSize: number; maxSize: number; desiredSize: number }
  asg: { min: number; max: number; desired: number }
  /** The user-request part of the next launch activity's cause. */
  pendingCause?: string
  /** First failed launch of an ACTIVE group since its last successful one. */
  failingSince?: number
  /** A DEGRADED group that launched an instance again turns ACTIVE at this time. */
  recoverAt?: number
  labels: Record<string, string>
  /** The node group update in progress. */
  updateId?: string
}

const AZS = ['a', 'b', 'c']

export function az(world: World, i: number): string {
  return `${world.region}${AZS[i % AZS.length]}`
}

export function instanceId(): string {
  return `i-0${randomUUID().replace(/-/g, '').slice(0, 16)}`
}

const EKS_DEFAULT_TEMPLATE: LaunchData = {
  blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 20, volumeType: 'gp3' } }]
}

/** The launch data of a version of the user's launch template (or EKS's own when none). */
export function userLaunchData(
  world: World,
  ref: { id?: string; name?: string; version?: string } | undefined
): LaunchData {
  if (!ref) return EKS_DEFAULT_TEMPLATE
  const lt = world.findLaunchTemplate(ref.id, ref.name)
  if (!lt) return { blockDeviceMappings: [] }
  return lt.versions[world.versionIndex(lt, ref.version)] ?? { blockDeviceMappings: [] }
}

export function newNodegroup(world: World, spec: ScenarioNodegroup): Nodegroup {
  const desired = spec.desiredSize ?? 2
  const lt = spec.launchTemplate
  const resolved = lt ? world.findLaunchTemplate(lt.id, lt.name) : undefined
  const version = spec.version ?? world.scenario.cluster.version ?? '1.31'
  const ng: Nodegroup = {
    spec,
    name: spec.name,
    status: 'CREATING',
    statusChangedAt: 0,
    asgName: spec.selfManaged
      ? spec.name
      : `eks-${spec.name}-${randomUUID().slice(0, 8)}-${randomUUID().slice(0, 4)}`,
    eksLaunchTemplateId: `lt-0${randomUUID().replace(/-/g, '').slice(0, 16)}`,
    attempts: 0,
    transientLeft: spec.transientFailures ?? 0,
    instances: [],
    version,
    releaseVersion: spec.releaseVersion ?? `${version}.0-20261101`,
    launchTemplateVersion: resolved
      ? (lt?.version ?? String(resolved.defaultVersion ?? 1))
      : undefined,
    templateVersions: [userLaunchData(world, lt)],
    asgTemplateVersion: 1,
    scaling: {
      minSize: spec.minSize ?? 1,
      maxSize: spec.maxSize ?? Math.max(desired, 3),
      desiredSize: desired
    },
    asg: { min: spec.minSize ?? 1, max: spec.maxSize ?? Math.max(desired, 3), desired },
    labels: {}
  }
  if (spec.initialStatus === 'ACTIVE') {
    const longAgo = world.startedAt - 86_400_000
    ng.createAt = longAgo
    ng.status = 'ACTIVE'
    ng.statusChangedAt = longAgo
    ng.asgCreatedAt = longAgo
    for (let i = 0; i < desired; i++) {
      ng.instances.push({
        id: instanceId(),
        launchedAt: longAgo,
        readyAt: longAgo,
        az: az(world, i),
        templateVersion: 1
      })
    }
  } else if (spec.createAfterSeconds !== null) {
    ng.createAt = world.at(spec.createAfterSeconds ?? 0)
    ng.statusChangedAt = ng.createAt
  }
  if (spec.deleteAfterSeconds !== undefined) ng.deleteAt = world.at(spec.deleteAfterSeconds)
  return ng
}

export function setStatus(ng: Nodegroup, status: NodegroupStatus, time: number): void {
  ng.status = status
  ng.statusChangedAt = time
}

/** The Auto Scaling group's launch template version's data: what the next launch uses. */
export function currentLaunchData(ng: Nodegroup): LaunchData {
  return ng.templateVersions[ng.asgTemplateVersion - 1] ?? { blockDeviceMappings: [] }
}

export function readyInstances(ng: Nodegroup, time: number): Instance[] {
  return ng.instances.filter(i => i.readyAt <= time)
}

interface NodegroupEvent {
  at: number
  run: () => Promise<void> | void
}

/** Every event of this node group that is due, in time order. */
export async function advanceNodegroup(world: World, ng: Nodegroup, now: number): Promise<void> {
  for (let guard = 0; guard < 100_000; guard++) {
    const due = nodegroupEvents(world, ng)
      .filter(e => e.at <= now)
      .sort((a, b) => a.at - b.at)[0]
    if (!due) return
    await due.run()
  }
  throw new Error(`node group ${ng.name}: event loop did not settle`)
}

function nodegroupEvents(world: World, ng: Nodegroup): NodegroupEvent[] {
  const events: NodegroupEvent[] = []
  const { timing } = world.scenario
  if (ng.createAt === undefined) return events
  if (ng.asgCreatedAt === undefined) {
    // A self-managed group is the Auto Scaling group itself (CreateAutoScalingGroup): no wait for EKS.
    const at = ng.createAt + (ng.spec.selfManaged ? 0 : world.ms(timing.asgAfterSeconds))
    events.push({
      at,
      run: () => {
        ng.asgCreatedAt = at
        ng.nextLaunchAt = at + world.ms(timing.firstLaunchAfterSeconds)
      }
    })
    return events
  }
  const giveUpAt = ng.createAt + world.ms(timing.createFailedAfterMinutes * 60)
  if (ng.status === 'CREATING') {
    events.push({ at: giveUpAt, run: () => setStatus(ng, 'CREATE_FAILED', giveUpAt) })
    const desired = ng.scaling.desiredSize
    if (ng.instances.length >= desired && readyInstances(ng, Infinity).length >= desired) {
      const at = Math.max(...ng.instances.map(i => i.readyAt)) + world.ms(timing.activeAfterSeconds)
      if (at < giveUpAt) events.push({ at, run: () => setStatus(ng, 'ACTIVE', at) })
    }
  }
  const launchAt = ng.nextLaunchAt
  if (
    launchAt !== undefined &&
    ng.status !== 'CREATE_FAILED' &&
    (ng.status !== 'CREATING' || launchAt < giveUpAt)
  ) {
    events.push({ at: launchAt, run: () => launchAttempt(world, ng, launchAt) })
  }
  if (ng.status === 'ACTIVE' && ng.failingSince !== undefined) {
    const at = ng.failingSince + world.ms(timing.degradedAfterSeconds)
    events.push({
      at,
      run: () => {
        ng.failingSince = undefined
        if (ng.instances.length < ng.asg.desired) setStatus(ng, 'DEGRADED', at)
      }
    })
  }
  const recoverAt = ng.recoverAt
  if (recoverAt !== undefined) {
    events.push({
      at: recoverAt,
      run: () => {
        ng.recoverAt = undefined
        if (ng.status === 'DEGRADED') {
          setStatus(ng, 'ACTIVE', recoverAt)
          ng.lastFailure = undefined
        }
      }
    })
  }
  const update = nodegroupUpdateEvent(world, ng)
  if (update) events.push(update)
  const scheduled = scheduledNodegroupUpdateEvent(world, ng)
  if (scheduled) events.push(scheduled)
  return events
}

/** AsgInstanceLaunchFailures as EKS reports it once it has given up on the node group. */
export function healthIssues(ng: Nodegroup): Issue[] {
  if ((ng.status === 'CREATE_FAILED' || ng.status === 'DEGRADED') && ng.lastFailure) {
    return [
      { code: 'AsgInstanceLaunchFailures', message: ng.lastFailure, resourceIds: [ng.asgName] }
    ]
  }
  return []
}
