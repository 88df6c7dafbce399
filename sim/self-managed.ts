/**
 * Auto Scaling groups as DescribeAutoScalingGroups shows them: a managed node group's (EKS's copy
 * of the launch template, EKS's tags) and a self-managed one's (the user's launch template, the
 * tags its creator put on it), with the tag filters the call accepts.
 */
import type { Nodegroup, World } from './world.js'

export interface GroupTag {
  Key: string
  Value: string
}

/**
 * The tags EKS puts on a managed node group's Auto Scaling group: the node group's name, and the
 * cluster tags a self-managed group carries too (seen on EKS-created groups: eks:cluster-name,
 * kubernetes.io/cluster/<name>, k8s.io/cluster-autoscaler/<name> and …/enabled), which is why
 * `eks:nodegroup-name` is what tells the two apart.
 */
export function groupTags(world: World, ng: Nodegroup): GroupTag[] {
  const self = ng.spec.selfManaged
  if (self) return Object.entries(self.tags).map(([Key, Value]) => ({ Key, Value }))
  const cluster = world.scenario.cluster.name
  return [
    { Key: 'eks:cluster-name', Value: cluster },
    { Key: 'eks:nodegroup-name', Value: ng.name },
    { Key: `k8s.io/cluster-autoscaler/${cluster}`, Value: 'owned' },
    { Key: 'k8s.io/cluster-autoscaler/enabled', Value: 'true' },
    { Key: `kubernetes.io/cluster/${cluster}`, Value: 'owned' }
  ]
}

/**
 * DescribeAutoScalingGroups filters: `tag-key`, `tag-value` and `tag:<key>`, each matching any of
 * its values, all filters ANDed; values are exact and case-sensitive (Amazon EC2 Auto Scaling API
 * Reference, Filter: https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_Filter.html;
 * User Guide, "Use tags to filter Auto Scaling groups":
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/use-tag-filters-aws-cli.html).
 */
export function matchesFilters(tags: GroupTag[], filters: Map<string, string[]>): boolean {
  for (const [name, values] of filters) {
    if (name === 'tag-key' && !tags.some(t => values.includes(t.Key))) return false
    if (name === 'tag-value' && !tags.some(t => values.includes(t.Value))) return false
    if (name.startsWith('tag:')) {
      const key = name.slice(4)
      if (!tags.some(t => t.Key === key && values.includes(t.Value))) return false
    }
  }
  return true
}

/** Where a group's launch template is: its own (self-managed) or EKS's copy, plain or mixed. */
export function groupLaunchTemplate(world: World, ng: Nodegroup): Record<string, unknown> {
  const self = ng.spec.selfManaged
  const lt = self
    ? world.findLaunchTemplate(ng.spec.launchTemplate?.id, ng.spec.launchTemplate?.name)
    : world.eksLaunchTemplate(ng)
  const spec = {
    LaunchTemplateId: lt?.id,
    LaunchTemplateName: lt?.name,
    Version: self ? (ng.spec.launchTemplate?.version ?? '$Default') : String(ng.asgTemplateVersion)
  }
  if (self && !self.mixedInstances) return { LaunchTemplate: spec }
  return {
    MixedInstancesPolicy: {
      LaunchTemplate: {
        LaunchTemplateSpecification: spec,
        Overrides: [{ InstanceType: ng.spec.instanceType ?? 't3.medium' }]
      }
    }
  }
}
