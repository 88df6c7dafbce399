/**
 * Node group version updates (UpdateNodegroupVersion), in the phases of the EKS user guide's
 * "managed node update behavior": setup (a new version of EKS's launch template, the Auto Scaling
 * group switched to it), scale-up (surge launches, judged by the key like any launch), upgrade (old
 * nodes replaced one by one), scale-down; or, when new nodes never join, Failed with
 * NodeCreationFailure after `updateFailedAfterMinutes` and rolled back.
 */
import {
  type LaunchData,
  type Nodegroup,
  setAsgDesired,
  setStatus,
  terminate,
  userLaunchData
} from './nodegroups.js'
import type { ScenarioUpdate } from './scenario.js'
import { constraints, endUpdate, minor, newUpdate, NOT_ACTIVE, type Update } from './updates.js'
import { AwsError } from './wire.js'
import { iso, type World } from './world.js'

export interface VersionRun {
  kind: 'nodegroup-version'
  phase: 'setup' | 'scale-up' | 'upgrade' | 'scale-down' | 'finishing'
  setupAt: number
  deadline: number
  previousTemplateVersion: number
  previousAsg: { min: number; max: number; desired: number }
  surge: number
  data: LaunchData
  target: { version: string; releaseVersion: string; launchTemplateVersion?: string }
  nextReplaceAt?: number
  finishAt?: number
}

/** UpdateNodegroupVersion: validated now, its setup phase `updateSetupSeconds` later. */
export function startNodegroupVersionUpdate(
  world: World,
  ng: Nodegroup,
  request: Pick<ScenarioUpdate, 'version' | 'releaseVersion' | 'launchTemplate'>,
  time: number
): Update {
  if (ng.status !== 'ACTIVE') throw new AwsError('ResourceInUseException', NOT_ACTIVE, 409)
  const cluster = world.scenario.cluster.version ?? '1.31'
  const version = request.version ?? ng.version
  if (minor(version) > minor(cluster))
    throw new AwsError(
      'InvalidParameterException',
      `Requested Kubernetes version ${version} is newer than the cluster's version ${cluster}.`
    )
  if (minor(version) < minor(ng.version))
    throw new AwsError(
      'InvalidParameterException',
      'You cannot roll back a node group to an earlier Kubernetes version or AMI version.'
    )
  if (request.releaseVersion && !request.releaseVersion.startsWith(`${version}.`))
    throw new AwsError(
      'InvalidParameterException',
      `Requested release version ${request.releaseVersion} is not valid for kubernetes version ${version}.`
    )
  const params: Update['params'] = []
  let data: LaunchData = ng.templateVersions[ng.asgTemplateVersion - 1]
  let launchTemplateVersion = ng.launchTemplateVersion
  const lt = request.launchTemplate
  if (lt) {
    const own = ng.spec.launchTemplate
    const ownTemplate = own ? world.findLaunchTemplate(own.id, own.name) : undefined
    const asked = world.findLaunchTemplate(lt.id, lt.name)
    if (!ownTemplate)
      throw new AwsError(
        'InvalidParameterException',
        'You can update a node group using a launch template only if the node group was originally deployed with a launch template.'
      )
    if (asked !== ownTemplate)
      throw new AwsError(
        'InvalidParameterException',
        'The launch template ID or name must match what was used when the node group was created.'
      )
    launchTemplateVersion = lt.version ?? String(ownTemplate.defaultVersion ?? 1)
    if (!ownTemplate.versions[world.versionIndex(ownTemplate, launchTemplateVersion)])
      throw new AwsError(
        'InvalidParameterException',
        `Launch template version ${launchTemplateVersion} does not exist for ${ownTemplate.name}.`
      )
    data = userLaunchData(world, { id: ownTemplate.id, version: launchTemplateVersion })
    params.push(
      { type: 'LaunchTemplateName', value: ownTemplate.name },
      { type: 'LaunchTemplateVersion', value: launchTemplateVersion }
    )
  }
  const releaseVersion =
    request.releaseVersion ??
    (version !== ng.version || !lt ? `${version}.0-20261115` : ng.releaseVersion)
  if (request.version || !lt) params.push({ type: 'Version', value: version })
  if (request.releaseVersion || !lt) params.push({ type: 'ReleaseVersion', value: releaseVersion })
  const { timing } = world.scenario
  const update = newUpdate(world, {
    type: 'VersionUpdate',
    params,
    createdAt: time,
    nodegroup: ng.name,
    run: {
      kind: 'nodegroup-version',
      phase: 'setup',
      setupAt: time + world.ms(timing.updateSetupSeconds),
      deadline: time + world.ms(timing.updateFailedAfterMinutes * 60),
      previousTemplateVersion: ng.asgTemplateVersion,
      previousAsg: { ...ng.asg },
      surge: 0,
      data,
      target: { version, releaseVersion, launchTemplateVersion }
    }
  })
  ng.updateId = update.id
  setStatus(ng, 'UPDATING', time)
  return update
}

/** The next event of a version update: its phase's, or its deadline when that comes first. */
export function versionUpdateEvent(
  world: World,
  ng: Nodegroup,
  update: Update,
  run: VersionRun
): { at: number; run: () => void } | undefined {
  const phase = versionPhaseEvent(world, ng, update, run)
  const deadline = {
    at: run.deadline,
    run: () => {
      update.errors = [
        {
          errorCode: 'NodeCreationFailure',
          errorMessage: `Couldn't proceed with upgrade process as new nodes are not joining node group ${ng.name}`,
          resourceIds: []
        }
      ]
      endUpdate(update, 'Failed', run.deadline)
      rollBack(world, ng, run, run.deadline)
    }
  }
  if (run.phase === 'finishing' || (phase && phase.at <= deadline.at)) return phase
  return deadline
}

function versionPhaseEvent(
  world: World,
  ng: Nodegroup,
  update: Update,
  run: VersionRun
): { at: number; run: () => void } | undefined {
  const { timing } = world.scenario
  const current = (v: number) => v === ng.asgTemplateVersion
  switch (run.phase) {
    case 'setup':
      return {
        at: run.setupAt,
        run: () => {
          const t = run.setupAt
          // Setup: a new version of EKS's launch template, and the group switched to it.
          ng.templateVersions.push(run.data)
          ng.asgTemplateVersion = ng.templateVersions.length
          // Scale-up: at least one new node in every Availability Zone the group has nodes in.
          run.surge = Math.max(1, new Set(ng.instances.map(i => i.az)).size)
          ng.asg.max += run.surge
          const desired = ng.asg.desired + run.surge
          setAsgDesired(world, ng, desired, t, constraints({ ...ng, asg: { ...ng.asg, desired } }))
          run.phase = 'scale-up'
        }
      }
    case 'scale-up': {
      const ready = ng.instances
        .filter(i => current(i.templateVersion))
        .map(i => i.readyAt)
        .sort((a, b) => a - b)
      if (ready.length < run.surge) return undefined
      const at = ready[run.surge - 1]
      return {
        at,
        run: () => {
          run.phase = 'upgrade'
          run.nextReplaceAt = at
        }
      }
    }
    case 'upgrade': {
      const old = ng.instances.filter(i => !current(i.templateVersion))
      if (old.length > 0 && run.nextReplaceAt !== undefined) {
        const at = run.nextReplaceAt
        return {
          at,
          run: () => {
            const victim = old.sort((a, b) => a.launchedAt - b.launchedAt)[0]
            terminate(
              world,
              ng,
              victim,
              at,
              `At ${iso(at)} an instance was taken out of service in response to a user request.`
            )
            const soon = at + world.ms(timing.firstLaunchAfterSeconds)
            if (ng.nextLaunchAt === undefined || ng.nextLaunchAt > soon) ng.nextLaunchAt = soon
            run.nextReplaceAt = at + world.ms(timing.nodeReplaceSeconds)
          }
        }
      }
      if (old.length > 0 || ng.instances.length < ng.asg.desired) return undefined
      const at = Math.max(...ng.instances.map(i => i.readyAt), run.nextReplaceAt ?? 0)
      return {
        at,
        run: () => {
          // Scale-down: back to the sizes from before the update.
          ng.asg.max = run.previousAsg.max
          const desired = run.previousAsg.desired
          setAsgDesired(world, ng, desired, at, constraints({ ...ng, asg: { ...ng.asg, desired } }))
          run.phase = 'finishing'
          run.finishAt = at + world.ms(timing.activeAfterSeconds)
        }
      }
    }
    case 'finishing': {
      const at = run.finishAt as number
      return {
        at,
        run: () => {
          ng.version = run.target.version
          ng.releaseVersion = run.target.releaseVersion
          ng.launchTemplateVersion = run.target.launchTemplateVersion
          ng.updateId = undefined
          setStatus(ng, 'ACTIVE', at)
          endUpdate(update, 'Successful', at)
        }
      }
    }
    default:
      return undefined
  }
}

/** The node group rolls back to its previous version: group, sizes and status. */
export function rollBack(world: World, ng: Nodegroup, run: VersionRun, time: number): void {
  ng.asgTemplateVersion = run.previousTemplateVersion
  ng.asg.max = run.previousAsg.max
  ng.nextLaunchAt = undefined
  const desired = run.previousAsg.desired
  setAsgDesired(world, ng, desired, time, constraints({ ...ng, asg: { ...ng.asg, desired } }))
  ng.updateId = undefined
  ng.failingSince = undefined
  setStatus(ng, 'ACTIVE', time)
}
