/** EC2 Auto Scaling (awsQuery, XML). */
import { setAsgDesired, terminateExtra } from '../nodegroups.js'
import { groupLaunchTemplate, groupTags, matchesFilters } from '../self-managed.js'
import { AwsError, queryFilters, queryList } from '../wire.js'
import type { Activity, Nodegroup, World } from '../world.js'

function findGroup(world: World, name: string | null): Nodegroup {
  const ng = world.nodegroups.find(
    n => n.asgName === name && n.asgCreatedAt !== undefined && n.asgCreatedAt <= world.now()
  )
  if (!ng) throw new AwsError('ValidationError', `AutoScalingGroup name not found - ${name}`)
  return ng
}

/**
 * A desired capacity set on the group itself (an autoscaler, or a deploy step): EKS reflects it in
 * the node group's scalingConfig; launches and scale-ins follow as for any desired change.
 */
function setDesired(world: World, ng: Nodegroup, desired: number, request: string): void {
  if (desired > ng.asg.max)
    throw new AwsError(
      'ValidationError',
      `New SetDesiredCapacity value ${desired} is above max value ${ng.asg.max} for the AutoScalingGroup.`
    )
  if (desired < ng.asg.min)
    throw new AwsError(
      'ValidationError',
      `New SetDesiredCapacity value ${desired} is below min value ${ng.asg.min} for the AutoScalingGroup.`
    )
  ng.scaling.desiredSize = desired
  setAsgDesired(world, ng, desired, world.now(), request)
}

function activityStatus(
  activity: Activity,
  now: number
): { code: string; progress: number; ended: boolean } {
  if (activity.endTime <= now) return { code: activity.finalStatus, progress: 100, ended: true }
  return {
    code: activity.finalStatus === 'Successful' ? 'PreInService' : 'InProgress',
    progress: 30,
    ended: false
  }
}

export function handleAutoscaling(
  world: World,
  operation: string,
  params: URLSearchParams
): unknown {
  const now = world.now()
  switch (operation) {
    case 'DescribeAutoScalingGroups': {
      const names = queryList(params, 'AutoScalingGroupNames')
      const filters = queryFilters(params)
      // MaxRecords: "The maximum value is 100" (API Reference, DescribeAutoScalingGroups).
      const max = Number(params.get('MaxRecords') ?? 50)
      if (max > 100) throw new AwsError('ValidationError', 'MaxRecords must be at most 100.')
      const matching = world.nodegroups
        .filter(ng => ng.asgCreatedAt !== undefined && ng.asgCreatedAt <= now)
        .filter(ng => names.length === 0 || names.includes(ng.asgName))
        .filter(ng => matchesFilters(groupTags(world, ng), filters))
      const start = params.get('NextToken')
        ? Number(Buffer.from(params.get('NextToken') as string, 'base64').toString())
        : 0
      const next =
        start + max < matching.length
          ? Buffer.from(String(start + max)).toString('base64')
          : undefined
      const groups = matching.slice(start, start + max).map(ng => {
        const slrName = ng.spec.serviceLinkedRoleName ?? 'AWSServiceRoleForAutoScaling'
        return {
          AutoScalingGroupName: ng.asgName,
          AutoScalingGroupARN: `arn:${world.partition}:autoscaling:${world.region}:${world.account}:autoScalingGroup:${ng.asgName.slice(-13)}:autoScalingGroupName/${ng.asgName}`,
          ...groupLaunchTemplate(world, ng),
          MinSize: ng.asg.min,
          MaxSize: ng.asg.max,
          DesiredCapacity: ng.asg.desired,
          DefaultCooldown: 300,
          AvailabilityZones: [world.az(0), world.az(1), world.az(2)],
          HealthCheckType: 'EC2',
          HealthCheckGracePeriod: 15,
          CreatedTime: new Date(ng.asgCreatedAt as number),
          Instances: ng.instances.map(instance => ({
            InstanceId: instance.id,
            InstanceType: ng.spec.instanceType ?? 't3.medium',
            AvailabilityZone: instance.az,
            LifecycleState: instance.readyAt <= now ? 'InService' : 'Pending',
            HealthStatus: 'Healthy',
            ProtectedFromScaleIn: false
          })),
          ServiceLinkedRoleARN: world.serviceLinkedRoleArn(slrName),
          Tags: groupTags(world, ng).map(tag => ({
            ResourceId: ng.asgName,
            ResourceType: 'auto-scaling-group',
            ...tag,
            PropagateAtLaunch: true
          }))
        }
      })
      return { AutoScalingGroups: groups, NextToken: next }
    }
    case 'DescribeScalingActivities': {
      const group = params.get('AutoScalingGroupName') ?? undefined
      const filters = queryFilters(params)
      const lower = filters.get('StartTimeLowerBound')?.[0]
      const upper = filters.get('StartTimeUpperBound')?.[0]
      const statuses = filters.get('Status')
      if (statuses && !group)
        throw new AwsError(
          'ValidationError',
          'The Status filter can only be used in combination with the AutoScalingGroupName parameter.'
        )
      const max = Number(params.get('MaxRecords') ?? 100)
      if (max > 100) throw new AwsError('ValidationError', 'MaxRecords must be at most 100.')
      const matching = world.activities
        .filter(a => a.startTime <= now)
        .filter(a => !group || a.asgName === group)
        .filter(a => !lower || a.startTime >= Date.parse(lower))
        .filter(a => !upper || a.startTime <= Date.parse(upper))
        .filter(a => !statuses || statuses.includes(activityStatus(a, now).code))
        // "Activities are sorted by start time. Activities still in progress are described first."
        .sort((a, b) => {
          const aEnded = activityStatus(a, now).ended
          const bEnded = activityStatus(b, now).ended
          if (aEnded !== bEnded) return aEnded ? 1 : -1
          return b.startTime - a.startTime
        })
      const start = params.get('NextToken')
        ? Number(Buffer.from(params.get('NextToken') as string, 'base64').toString())
        : 0
      const page = matching.slice(start, start + max)
      const next =
        start + max < matching.length
          ? Buffer.from(String(start + max)).toString('base64')
          : undefined
      return {
        Activities: page.map(a => {
          const status = activityStatus(a, now)
          return {
            ActivityId: a.activityId,
            AutoScalingGroupName: a.asgName,
            Description: a.description,
            Cause: a.cause,
            StartTime: new Date(a.startTime),
            EndTime: status.ended ? new Date(a.endTime) : undefined,
            StatusCode: status.code,
            StatusMessage: status.ended ? a.statusMessage : undefined,
            Progress: status.progress,
            Details: a.details,
            AutoScalingGroupState: 'InService'
          }
        }),
        NextToken: next
      }
    }
    case 'SetDesiredCapacity': {
      const ng = findGroup(world, params.get('AutoScalingGroupName'))
      const desired = Number(params.get('DesiredCapacity'))
      setDesired(world, ng, desired, 'a user request explicitly set group desired capacity')
      return {}
    }
    case 'UpdateAutoScalingGroup': {
      const ng = findGroup(world, params.get('AutoScalingGroupName'))
      const min = params.get('MinSize')
      const max = params.get('MaxSize')
      const desired = params.get('DesiredCapacity')
      const next = {
        min: min === null ? ng.asg.min : Number(min),
        max: max === null ? ng.asg.max : Number(max)
      }
      if (next.min > next.max)
        throw new AwsError(
          'ValidationError',
          `Max bound, ${next.max}, must be greater than or equal to min bound, ${next.min}`
        )
      ng.asg.min = ng.scaling.minSize = next.min
      ng.asg.max = ng.scaling.maxSize = next.max
      const target = Math.min(
        next.max,
        Math.max(next.min, desired === null ? ng.asg.desired : Number(desired))
      )
      if (target !== ng.asg.desired)
        setDesired(
          world,
          ng,
          target,
          `a user request update of AutoScalingGroup constraints to min: ${next.min}, max: ${next.max}, desired: ${target}`
        )
      else terminateExtra(world, ng, world.now())
      return {}
    }
    default:
      throw new AwsError(
        'InvalidAction',
        `The action ${operation} is not valid for this web service.`
      )
  }
}
