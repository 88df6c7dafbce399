/**
 * Day-2 control API (under /_sim/, for tests, the demo and fake deploy commands). Each call does
 * what the matching AWS call does, at the moment it is made, with the same refusals:
 *
 *   POST /_sim/nodegroups/<ng>/update-version  {version?, releaseVersion?, launchTemplate?: {id?, name?, version}}
 *   POST /_sim/nodegroups/<ng>/update-config   {scalingConfig?: {minSize?, maxSize?, desiredSize?}, labels?}
 *   POST /_sim/nodegroups/<ng>/scale           {desiredSize}  the Auto Scaling group's own desired
 *                                              capacity (a cluster autoscaler's SetDesiredCapacity)
 *   POST /_sim/cluster/update-version          {version}
 *   POST /_sim/addons/<name>/create            {addonVersion?, resolveConflicts?, serviceAccountRoleArn?}
 *   POST /_sim/addons/<name>/update            {addonVersion?, ...}
 *   POST /_sim/updates/<id>/cancel             end an update Cancelled (with the rollback)
 *   POST /_sim/launch-templates/<id>/versions  {blockDeviceMappings}  a new launch template version
 *
 * Answers: 200 with the update, add-on or version; 4xx {error: <AWS error code>, message}.
 */
import { addonShape, createAddon, updateAddon } from './addons.js'
import { setAsgDesired } from './nodegroups.js'
import { updateShape } from './services/eks.js'
import {
  cancelUpdate,
  findNodegroup,
  startClusterVersionUpdate,
  startNodegroupConfigUpdate,
  startNodegroupVersionUpdate
} from './updates.js'
import { AwsError } from './wire.js'
import { iso, type World } from './world.js'

export interface ControlReply {
  status: number
  body: unknown
}

function routeControl(world: World, method: string, parts: string[], body: string): unknown {
  const input = body ? (JSON.parse(body) as Record<string, unknown>) : {}
  const now = world.now()
  if (method !== 'POST') return undefined
  const [, kind, name, action] = parts
  if (kind === 'nodegroups' && action === 'update-version')
    return {
      update: updateShape(
        startNodegroupVersionUpdate(world, findNodegroup(world, name), input, now)
      )
    }
  if (kind === 'nodegroups' && action === 'update-config')
    return {
      update: updateShape(startNodegroupConfigUpdate(world, findNodegroup(world, name), input, now))
    }
  if (kind === 'nodegroups' && action === 'scale') {
    const ng = findNodegroup(world, name)
    const desired = Number(input.desiredSize)
    if (!(desired >= ng.asg.min && desired <= ng.asg.max))
      throw new AwsError(
        'ValidationError',
        `desiredSize ${desired} is outside ${ng.asg.min}..${ng.asg.max}`
      )
    ng.scaling.desiredSize = desired
    setAsgDesired(world, ng, desired, now, 'a user request explicitly set group desired capacity')
    return { asgName: ng.asgName, desiredCapacity: desired }
  }
  if (kind === 'cluster' && name === 'update-version')
    return {
      update: updateShape(startClusterVersionUpdate(world, String(input.version ?? ''), now))
    }
  if (kind === 'addons' && action === 'create')
    return { addon: addonShape(world, createAddon(world, { ...input, addonName: name }, now)) }
  if (kind === 'addons' && action === 'update')
    return { update: updateShape(updateAddon(world, name, input, now)) }
  if (kind === 'updates' && action === 'cancel')
    return { update: updateShape(cancelUpdate(world, name, now)) }
  if (kind === 'launch-templates' && action === 'versions') {
    const lt = world.findLaunchTemplate(name, name)
    if (!lt)
      throw new AwsError('InvalidLaunchTemplateId.NotFound', `No launch template ${name}`, 404)
    lt.versions.push({ blockDeviceMappings: (input.blockDeviceMappings ?? []) as never })
    return { launchTemplateId: lt.id, versionNumber: lt.versions.length }
  }
  return undefined
}

/** The day-2 control calls; undefined when the path is not one of them. */
export function handleDay2Control(
  world: World,
  method: string,
  parts: string[],
  body: string
): ControlReply | undefined {
  try {
    const result = routeControl(world, method, parts, body)
    return result === undefined ? undefined : { status: 200, body: result }
  } catch (error) {
    if (error instanceof AwsError)
      return { status: error.status, body: { error: error.code, message: error.message } }
    throw error
  }
}

/** What /_sim/state adds for day 2: cluster status, updates, add-ons, node group sizes. */
export function summarizeDay2(world: World): Record<string, unknown> {
  return {
    cluster: {
      status: world.clusterStatusNow(),
      version: world.scenario.cluster.version
    },
    updates: world.updates.map(u => ({
      id: u.id,
      type: u.type,
      status: u.status,
      nodegroup: u.nodegroup,
      addon: u.addon,
      createdAt: iso(u.createdAt),
      endedAt: u.endedAt === undefined ? undefined : iso(u.endedAt),
      params: u.params,
      errors: u.errors
    })),
    addons: world.addons
      .filter(a => a.createdAt !== undefined && a.createdAt <= world.now())
      .map(a => ({
        name: a.name,
        version: a.version,
        status: a.status,
        issues: a.issues.map(i => i.code)
      })),
    nodegroupSizes: world.nodegroups.map(ng => ({
      name: ng.name,
      desired: ng.asg.desired,
      instances: ng.instances.length,
      launchTemplateVersion: ng.asgTemplateVersion,
      updateId: ng.updateId
    }))
  }
}
