/** The cluster as the guard sees it: DescribeCluster, and its add-ons degraded while nodes serve. */
import {
  DescribeClusterCommand,
  DescribeUpdateCommand,
  ListUpdatesCommand,
  type EKSClient
} from '@aws-sdk/client-eks'
import { call, isNotFound } from '../aws/errors.js'
import type { Config } from '../inputs.js'
import type {
  AddonState,
  ClusterInfo,
  NodegroupState,
  Observation,
  TimelineSink
} from '../model/index.js'

export interface ClusterRead {
  cluster: ClusterInfo
  version?: string
}

/**
 * DescribeCluster: the cluster's facts, or undefined when it does not exist. Its first sighting
 * (after `previous`, the state the last read left) and its first absence go on the timeline.
 */
export async function readCluster(
  eks: EKSClient,
  config: Config,
  previous: Observation['cluster'],
  timeline: TimelineSink,
  signal?: AbortSignal
): Promise<ClusterRead | undefined> {
  try {
    const cluster = (
      await call('eks:DescribeCluster', config.clusterName, () =>
        eks.send(new DescribeClusterCommand({ name: config.clusterName }), {
          abortSignal: signal
        })
      )
    ).cluster
    const secretsKeyArn = cluster?.encryptionConfig?.find(c => c.resources?.includes('secrets'))
      ?.provider?.keyArn
    const read: ClusterRead = {
      cluster: {
        name: config.clusterName,
        status: cluster?.status,
        roleArn: cluster?.roleArn,
        secretsKeyArn,
        createdAt: cluster?.createdAt,
        // EKS API Reference, Cluster.computeConfig: "If the compute capability is enabled, EKS
        // Auto Mode will create and delete EC2 Managed Instances in your Amazon Web Services account."
        autoMode: cluster?.computeConfig?.enabled === true
      },
      version: cluster?.version
    }
    if (previous !== 'found')
      timeline.add(
        'eks',
        'cluster-created',
        `cluster ${config.clusterName} (${cluster?.status ?? 'unknown status'})`,
        { at: cluster?.createdAt }
      )
    return read
  } catch (error) {
    if (!isNotFound(error)) throw error
    if (previous !== 'missing')
      timeline.add(
        'eks',
        'cluster-missing',
        `cluster ${config.clusterName} not found in ${config.region}`
      )
    return undefined
  }
}

/**
 * When the cluster itself (not a node group or add-on) was last updated: ListUpdates of the
 * cluster, then DescribeUpdate of the newest few (EKS records no end time; `createdAt` is when
 * the update started — EKS API Reference, Update). Read once, when a named node group is missing.
 */
export async function lastClusterUpdate(
  eks: EKSClient,
  clusterName: string,
  signal?: AbortSignal
): Promise<number | undefined> {
  const ids: string[] = []
  let nextToken: string | undefined
  do {
    const page = await call('eks:ListUpdates', clusterName, () =>
      eks.send(new ListUpdatesCommand({ name: clusterName, nextToken }), { abortSignal: signal })
    )
    ids.push(...(page.updateIds ?? []))
    nextToken = page.nextToken
  } while (nextToken)
  let newest: Date | undefined
  for (const updateId of ids.slice(-3)) {
    const update = (
      await call('eks:DescribeUpdate', clusterName, () =>
        eks.send(new DescribeUpdateCommand({ name: clusterName, updateId }), {
          abortSignal: signal
        })
      )
    ).update
    const at = update?.createdAt
    if (at && (!newest || at > newest)) newest = at
  }
  return newest?.getTime()
}

/** DEGRADED with nodes in service: since when (the verdict gives it a few polls to recover). */
export function markDegradedWithNodes(
  addons: Iterable<AddonState>,
  nodegroups: Iterable<NodegroupState>,
  now: number
): void {
  const inService = [...nodegroups].some(state =>
    [...state.asgs.values()].some(group =>
      (group.Instances ?? []).some(i => i.LifecycleState === 'InService')
    )
  )
  for (const addon of addons) {
    if (addon.status === 'DEGRADED' && inService) addon.degradedWithNodesSince ??= now
    else addon.degradedWithNodesSince = undefined
  }
}
