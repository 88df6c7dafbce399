/**
 * Which Auto Scaling groups are a cluster's self-managed nodes: the tags the tools that create
 * them put on them. Pure.
 */
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling'

/** Tags whose value is the cluster's name (eksctl's unmanaged node groups). */
const CLUSTER_NAME_TAGS = [
  'alpha.eksctl.io/cluster-name',
  'eksctl.cluster.k8s.io/v1alpha1/cluster-name'
]

/**
 * The tag keys searched for. `kubernetes.io/cluster/<name>` (owned or shared) is the tag EKS's
 * self-managed node templates and the community self-managed node group module put on the group
 * (https://docs.aws.amazon.com/eks/latest/userguide/worker.html); `k8s.io/cluster-autoscaler/<name>`
 * is what eksctl's `--asg-access` sets for cluster-autoscaler's auto-discovery
 * (https://docs.aws.amazon.com/eks/latest/eksctl/autoscaling.html); eksctl also tags the resources
 * of its stacks with the cluster's name as a value (`alpha.eksctl.io/cluster-name` and its older
 * `eksctl.cluster.k8s.io/v1alpha1/cluster-name`).
 */
export function clusterTagKeys(cluster: string): string[] {
  return [
    `kubernetes.io/cluster/${cluster}`,
    `k8s.io/cluster-autoscaler/${cluster}`,
    ...CLUSTER_NAME_TAGS
  ]
}

/**
 * A group of this cluster that no EKS node group owns: EKS tags its own node groups' groups with
 * the same cluster tags, and with `eks:nodegroup-name`, which tells them apart (EKS API Reference,
 * AutoScalingGroup: "associated with an Amazon EKS managed node group",
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_AutoScalingGroup.html). Tag keys are
 * compared exactly: AWS tag keys are case-sensitive.
 */
export function isSelfManagedOf(group: AutoScalingGroup, cluster: string): boolean {
  const tags = group.Tags ?? []
  if (tags.some(t => t.Key === 'eks:nodegroup-name')) return false
  return tags.some(
    t =>
      t.Key === `kubernetes.io/cluster/${cluster}` ||
      t.Key === `k8s.io/cluster-autoscaler/${cluster}` ||
      (t.Key !== undefined && CLUSTER_NAME_TAGS.includes(t.Key) && t.Value === cluster)
  )
}
