/** Which Auto Scaling groups are a cluster's self-managed nodes, by their tags. */
import { describe, expect, it } from '@jest/globals'
import { clusterTagKeys, isSelfManagedOf } from '../../src/watch/self-managed-tags.js'

const group = (tags: Record<string, string>) => ({
  AutoScalingGroupName: 'g',
  MinSize: 0,
  MaxSize: 1,
  DesiredCapacity: 0,
  DefaultCooldown: 300,
  AvailabilityZones: [],
  HealthCheckType: 'EC2',
  CreatedTime: new Date(0),
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
})

describe('isSelfManagedOf', () => {
  it('recognises the cluster tag, the autoscaler tag and eksctl cluster-name tags of this cluster', () => {
    expect(isSelfManagedOf(group({ 'kubernetes.io/cluster/prod': 'shared' }), 'prod')).toBe(true)
    expect(isSelfManagedOf(group({ 'k8s.io/cluster-autoscaler/prod': 'owned' }), 'prod')).toBe(true)
    expect(isSelfManagedOf(group({ 'alpha.eksctl.io/cluster-name': 'prod' }), 'prod')).toBe(true)
    expect(
      isSelfManagedOf(group({ 'eksctl.cluster.k8s.io/v1alpha1/cluster-name': 'prod' }), 'prod')
    ).toBe(true)
  })

  it("leaves out another cluster's groups and EKS's own node group groups", () => {
    expect(isSelfManagedOf(group({ 'alpha.eksctl.io/cluster-name': 'dev' }), 'prod')).toBe(false)
    expect(isSelfManagedOf(group({ 'kubernetes.io/cluster/prod-2': 'owned' }), 'prod')).toBe(false)
    expect(isSelfManagedOf(group({ 'k8s.io/cluster-autoscaler/enabled': 'true' }), 'prod')).toBe(
      false
    )
    expect(
      isSelfManagedOf(
        group({ 'kubernetes.io/cluster/prod': 'owned', 'eks:nodegroup-name': 'ng-1' }),
        'prod'
      )
    ).toBe(false)
  })

  it('searches exactly the keys it recognises', () => {
    expect(clusterTagKeys('prod')).toEqual([
      'kubernetes.io/cluster/prod',
      'k8s.io/cluster-autoscaler/prod',
      'alpha.eksctl.io/cluster-name',
      'eksctl.cluster.k8s.io/v1alpha1/cluster-name'
    ])
  })
})
