/** What the watch observes of day-2 operations: EKS updates, add-ons and the cluster's version. */
import type { LaunchTemplateRef } from './keys.js'

export interface UpdateError {
  errorCode?: string
  errorMessage?: string
  resourceIds?: string[]
}

/** One EKS update (DescribeUpdate) of a node group, an add-on or the cluster. */
export interface UpdateRecord {
  id: string
  /** VersionUpdate, ConfigUpdate, AddonUpdate, … */
  type?: string
  /** InProgress, Failed, Cancelled, Successful. */
  status?: string
  createdAt?: Date
  params: { type?: string; value?: string }[]
  errors: UpdateError[]
  /** This run saw it InProgress (or it started after the run did): its end is this run's business. */
  watched: boolean
  /** When this run saw it end (EKS records no end time). */
  endedAt?: number
}

export const UPDATE_TERMINAL = new Set(['Failed', 'Cancelled', 'Successful'])

export function updateParam(update: UpdateRecord, type: string): string | undefined {
  return update.params.find(p => p.type === type)?.value
}

/** The launch template version a node group update moves to, from its params. */
export function updateTargetTemplate(
  update: UpdateRecord,
  current?: LaunchTemplateRef
): LaunchTemplateRef | undefined {
  const version = updateParam(update, 'LaunchTemplateVersion')
  if (!version) return undefined
  const name = updateParam(update, 'LaunchTemplateName') ?? current?.name
  return { id: name ? undefined : current?.id, name, version }
}

/** A short description: "VersionUpdate to launch template version 2". */
export function describeUpdate(update: UpdateRecord): string {
  const parts: string[] = []
  const lt = updateParam(update, 'LaunchTemplateVersion')
  if (lt) parts.push(`launch template version ${lt}`)
  const version = updateParam(update, 'Version')
  if (version) parts.push(`Kubernetes ${version}`)
  const release = updateParam(update, 'ReleaseVersion')
  if (release) parts.push(`release ${release}`)
  const desired = updateParam(update, 'DesiredSize')
  if (desired) parts.push(`desired size ${desired}`)
  const addon = updateParam(update, 'AddonVersion')
  if (addon) parts.push(`add-on version ${addon}`)
  return `${update.type ?? 'update'} ${update.id}${parts.length ? ` to ${parts.join(', ')}` : ''}`
}

export interface AddonIssueRecord {
  code?: string
  message?: string
  resourceIds?: string[]
}

/** Whether an add-on's installed version is supported by the cluster's Kubernetes version. */
export interface AddonCompatibility {
  kubernetesVersion: string
  /** The cluster is UPDATING to kubernetesVersion (the target), not yet running it. */
  target: boolean
  compatible: boolean
  /** Versions DescribeAddonVersions lists for that Kubernetes version, newest first. */
  compatibleVersions: string[]
  defaultVersion?: string
}

export interface AddonState {
  name: string
  status?: string
  version?: string
  createdAt?: Date
  modifiedAt?: Date
  healthIssues: AddonIssueRecord[]
  firstSeenStatus?: string
  /** One entry per Kubernetes version checked (the current one, and the target while UPDATING). */
  compatibility: AddonCompatibility[]
  /** Action clock: since when it has been DEGRADED while some node group had a node in service. */
  degradedWithNodesSince?: number
}

/** Add-ons that need schedulable nodes (Deployments, not DaemonSets). */
export const ADDONS_NEEDING_NODES = new Set([
  'coredns',
  'aws-ebs-csi-driver',
  'aws-efs-csi-driver',
  'aws-mountpoint-s3-csi-driver',
  'snapshot-controller',
  'metrics-server',
  'adot',
  'amazon-cloudwatch-observability'
])

export interface ClusterVersionState {
  version?: string
  status?: string
  /** The version an UPDATING cluster moves to (its VersionUpdate's params). */
  targetVersion?: string
  update?: UpdateRecord
}
