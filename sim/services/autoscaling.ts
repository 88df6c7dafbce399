/** EC2 Auto Scaling (awsQuery, XML). */
import { AwsError, queryFilters, queryList } from '../wire.js'
import type { Activity, World } from '../world.js'

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
      const groups = world.nodegroups
        .filter(ng => ng.asgCreatedAt !== undefined && ng.asgCreatedAt <= now)
        .filter(ng => names.length === 0 || names.includes(ng.asgName))
        .map(ng => {
          const lt = world.eksLaunchTemplate(ng)
          const slrName = ng.spec.serviceLinkedRoleName ?? 'AWSServiceRoleForAutoScaling'
          return {
            AutoScalingGroupName: ng.asgName,
            AutoScalingGroupARN: `arn:${world.partition}:autoscaling:${world.region}:${world.account}:autoScalingGroup:${ng.asgName.slice(-13)}:autoScalingGroupName/${ng.asgName}`,
            MixedInstancesPolicy: {
              LaunchTemplate: {
                LaunchTemplateSpecification: {
                  LaunchTemplateId: lt.id,
                  LaunchTemplateName: lt.name,
                  Version: '1'
                },
                Overrides: [{ InstanceType: ng.spec.instanceType ?? 't3.medium' }]
              }
            },
            MinSize: 1,
            MaxSize: Math.max(ng.spec.desiredSize ?? 2, 3),
            DesiredCapacity: ng.spec.desiredSize ?? 2,
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
            Tags: [
              {
                ResourceId: ng.asgName,
                ResourceType: 'auto-scaling-group',
                Key: 'eks:nodegroup-name',
                Value: ng.name,
                PropagateAtLaunch: true
              }
            ]
          }
        })
      return { AutoScalingGroups: groups }
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
    default:
      throw new AwsError(
        'InvalidAction',
        `The action ${operation} is not valid for this web service.`
      )
  }
}
