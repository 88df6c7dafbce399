/**
 * What the Auto Scaling group does: launch attempts (each judged against the key state and policy
 * at its time, with the activity texts of aws-domain.md §2.1), desired-capacity changes and
 * terminations, each with its scaling activity.
 */
import { randomUUID } from 'node:crypto'
import { judgeLaunch } from './judge.js'
import { az, type Instance, instanceId, type Nodegroup } from './nodegroups.js'
import { iso, type World } from './world.js'

function capacityCause(time: number, from: number, to: number): string {
  return `At ${iso(time)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${from} to ${to}.`
}

export async function launchAttempt(world: World, ng: Nodegroup, time: number): Promise<void> {
  const { timing } = world.scenario
  const desired = ng.asg.desired
  const missing = desired - ng.instances.length
  ng.attempts += 1
  if (missing <= 0) {
    ng.nextLaunchAt = undefined
    return
  }
  const judgement = await judgeLaunch(world, ng, time)
  const started = capacityCause(time, ng.instances.length, desired)
  const cause = ng.pendingCause ? `${ng.pendingCause}  ${started}` : started
  let failed = false
  let launched = false
  for (let i = 0; i < missing; i++) {
    const id = instanceId()
    const zone = az(world, ng.instances.length + i)
    const details = JSON.stringify({
      'Subnet ID': `subnet-0${i}a1b2c3d4e5f6a7b`,
      'Availability Zone': zone
    })
    if (judgement.ok && ng.transientLeft <= 0) {
      const readyAt = time + world.ms(timing.instanceReadySeconds)
      ng.instances.push({
        id,
        launchedAt: time,
        readyAt,
        az: zone,
        templateVersion: ng.asgTemplateVersion
      })
      world.activities.push({
        activityId: randomUUID(),
        asgName: ng.asgName,
        description: `Launching a new EC2 instance: ${id}`,
        cause,
        startTime: time,
        endTime: readyAt,
        finalStatus: 'Successful',
        details
      })
      launched = true
      continue
    }
    failed = true
    const type = ng.spec.instanceType ?? 't3.medium'
    if (ng.transientLeft > 0) {
      const message = `We currently do not have sufficient ${type} capacity in the Availability Zone you requested (${zone}). Our system will be working on provisioning additional capacity. You can currently get ${type} capacity by not specifying an Availability Zone in your request or choosing ${az(world, 1)}, ${az(world, 2)}. Launching EC2 instance failed.`
      pushFailure(
        world,
        ng,
        time,
        cause,
        details,
        'Failed',
        'Launching a new EC2 instance.  Status Reason: ' + message,
        message
      )
    } else if (!judgement.ok) {
      const message = judgement.message
      const description =
        judgement.statusCode === 'Cancelled'
          ? `Launching a new EC2 instance: ${id}.  Status Reason: ${message}`
          : `Launching a new EC2 instance.  Status Reason: ${message}`
      pushFailure(world, ng, time, cause, details, judgement.statusCode, description, message)
    }
  }
  ng.pendingCause = undefined
  if (ng.transientLeft > 0) ng.transientLeft -= 1
  ng.nextLaunchAt = failed ? time + world.ms(timing.launchIntervalSeconds) : undefined
  if (failed && ng.status === 'ACTIVE') ng.failingSince ??= time
  if (launched && !failed) {
    ng.failingSince = undefined
    if (ng.status === 'DEGRADED')
      ng.recoverAt = time + world.ms(timing.instanceReadySeconds + timing.activeAfterSeconds)
  }
}

function pushFailure(
  world: World,
  ng: Nodegroup,
  time: number,
  cause: string,
  details: string,
  status: 'Failed' | 'Cancelled',
  description: string,
  message: string
): void {
  ng.lastFailure = message
  world.activities.push({
    activityId: randomUUID(),
    asgName: ng.asgName,
    description,
    cause,
    startTime: time,
    endTime: time + world.ms(world.scenario.timing.failureSettleSeconds),
    finalStatus: status,
    statusMessage: message.length > 255 ? message.slice(0, 255) : message,
    details
  })
}

/**
 * Sets the Auto Scaling group's desired capacity at `time`, as a user request (EKS for a config
 * update or an update's surge, SetDesiredCapacity, an autoscaler): a scale-out launches within
 * seconds, a scale-in terminates at once (instances of older template versions first).
 */
export function setAsgDesired(
  world: World,
  ng: Nodegroup,
  desired: number,
  time: number,
  request: string
): void {
  const from = ng.asg.desired
  ng.asg.desired = desired
  const cause = `At ${iso(time)} ${request} changing the desired capacity from ${from} to ${desired}.`
  if (desired > ng.instances.length) {
    ng.pendingCause = cause
    const soon = time + world.ms(world.scenario.timing.firstLaunchAfterSeconds)
    if (ng.nextLaunchAt === undefined || ng.nextLaunchAt > soon) ng.nextLaunchAt = soon
  }
  terminateExtra(world, ng, time, cause)
}

/** Terminates instances beyond the desired capacity (older template versions, then newest). */
export function terminateExtra(world: World, ng: Nodegroup, time: number, cause?: string): void {
  while (ng.instances.length > ng.asg.desired) {
    const ordered = [...ng.instances].sort(
      (a, b) =>
        Number(a.templateVersion === ng.asgTemplateVersion) -
          Number(b.templateVersion === ng.asgTemplateVersion) || b.launchedAt - a.launchedAt
    )
    const from = ng.instances.length
    terminate(
      world,
      ng,
      ordered[0],
      time,
      `${cause ? cause + '  ' : ''}At ${iso(time)} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from ${from} to ${from - 1}.`
    )
  }
}

/** Removes one instance from the group, with its Successful termination activity. */
export function terminate(
  world: World,
  ng: Nodegroup,
  instance: Instance,
  time: number,
  cause: string
): void {
  ng.instances = ng.instances.filter(i => i !== instance)
  world.activities.push({
    activityId: randomUUID(),
    asgName: ng.asgName,
    description: `Terminating EC2 instance: ${instance.id}`,
    cause,
    startTime: time,
    endTime: time + world.ms(30),
    finalStatus: 'Successful',
    details: JSON.stringify({
      'Subnet ID': 'subnet-00a1b2c3d4e5f6a7b',
      'Availability Zone': instance.az
    })
  })
}
