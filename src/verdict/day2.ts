/**
 * Day-2 rules of the one verdict: node group updates that EKS failed, add-ons that fail on their
 * own, add-ons stuck behind a node group's failure, and add-on versions the cluster's Kubernetes
 * version does not support. Pure: called only by decideVerdict.
 */
import {
  ADDONS_NEEDING_NODES,
  describeUpdate,
  type AddonState,
  type NodegroupState,
  type Observation,
  type RootCause,
  type UpdateRecord,
  type Verdict
} from '../model/index.js'

/** Polls an add-on may stay DEGRADED with nodes in service before that is its own failure. */
export const ADDON_DEGRADED_POLLS = 8
const DEFAULT_POLL_MS = 15_000

export const DEGRADED_CLEARS =
  'DEGRADED is sticky: it clears only after the node group launches an instance successfully. Fix the cause, then let the next scale-out succeed (or set desiredSize to 0 and back); until then EKS refuses updates of the node group ("Nodegroup cannot be updated as it is currently not in Active State").'

/** Instances in service across the watched node groups. */
export function nodesInService(o: Observation): number {
  let count = 0
  for (const state of o.nodegroups)
    for (const group of state.asgs.values())
      count += (group.Instances ?? []).filter(i => i.LifecycleState === 'InService').length
  return count
}

function issueText(addon: AddonState): string {
  const issue = addon.healthIssues[0]
  return issue ? ` (${issue.code}: ${issue.message})` : ''
}

/** Add-ons waiting for nodes: they need nodes and none is in service. */
export function stuckAddons(o: Observation): AddonState[] {
  if (nodesInService(o) > 0) return []
  return (o.addons ?? []).filter(
    a =>
      (a.status === 'CREATING' || a.status === 'DEGRADED' || a.status === 'UPDATING') &&
      (ADDONS_NEEDING_NODES.has(a.name) ||
        a.healthIssues.some(i => i.code === 'InsufficientNumberOfReplicas'))
  )
}

/** A node group's verdict, with the add-ons it keeps from becoming ready named as consequences. */
export function withConsequences(o: Observation, verdict: Verdict): Verdict {
  if (verdict.result !== 'failure' || !verdict.nodegroup) return verdict
  const stuck = stuckAddons(o)
  if (stuck.length === 0) return verdict
  const lines = stuck.map(
    a =>
      `Add-on ${a.name} is ${a.status}${issueText(a)} because no node is ready: a consequence of node group ${verdict.nodegroup}'s failure, not a cause of its own. It turns ACTIVE once the node group has Ready nodes.`
  )
  return {
    ...verdict,
    message: `${verdict.message} Add-on${stuck.length > 1 ? 's' : ''} ${stuck.map(a => a.name).join(', ')} ${stuck.length > 1 ? 'wait' : 'waits'} for it (no node is ready).`,
    consequences: [...(verdict.consequences ?? []), ...lines]
  }
}

const UPDATE_ERROR_FIX: Record<string, string> = {
  NodeCreationFailure:
    'New nodes did not join: check the launch template version the update moves to (its AMI, user data, security groups, and the KMS key of its volumes) and the scaling activities of the Auto Scaling group, fix it, and start the update again.',
  PodEvictionFailure:
    'Pods could not be drained within 15 minutes (a PodDisruptionBudget): relax the budget, or update again with force.',
  InsufficientFreeAddresses:
    "The node group's subnets have no free IP addresses: free addresses or add subnets, then update again.",
  AccessDenied:
    'The node role or the cluster role lacks a permission EKS needs: restore it, then update again.'
}

/** A watched node group update that EKS ended Failed, when no launch failure explained it. */
export function updateFailure(
  o: Observation,
  state: NodegroupState,
  keyCause: () => { cause: RootCause; keyId?: string } | undefined
): Verdict | undefined {
  const failed = state.updates.find(u => u.watched && u.status === 'Failed')
  if (!failed) return undefined
  const error = failed.errors[0]
  const key = keyCause()
  const rollback =
    'EKS rolls the node group back to its previous version; the old nodes keep running.'
  return {
    result: 'failure',
    decidedAt: o.now,
    rootCause: key?.cause ?? 'nodegroup-update-failed',
    keyId: key?.keyId,
    nodegroup: state.name,
    failureCode: error?.errorCode ?? 'Failed',
    update: failed,
    operation: 'update',
    operationStartedAt: failed.createdAt?.getTime(),
    alreadyFailed: startedBeforeRun(o, failed) ? 'update Failed' : undefined,
    message: `Node group ${state.name}: ${describeUpdate(failed)} Failed${error ? ` with ${error.errorCode}: ${error.errorMessage}` : ''}. ${rollback}`,
    consequences: [rollback],
    fix: key ? undefined : UPDATE_ERROR_FIX[error?.errorCode ?? '']
  }
}

/** Clock slack between EKS's createdAt and the run's start: a minute, or a poll when shorter. */
function slack(o: Observation): number {
  return Math.min(60_000, o.pollIntervalMs ?? DEFAULT_POLL_MS)
}

export function startedBeforeRun(o: Observation, update: UpdateRecord | undefined): boolean {
  return (update?.createdAt?.getTime() ?? o.startedAt) < o.startedAt - slack(o)
}

function duration(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} seconds` : `${Math.round(ms / 60_000)} minutes`
}

/** How long the update had been running when this run started, as a sentence; '' otherwise. */
export function updateNote(o: Observation, update: UpdateRecord | undefined): string {
  if (!update?.createdAt || !startedBeforeRun(o, update)) return ''
  return ` ${describeUpdate(update)} had been in progress for ${duration(o.startedAt - update.createdAt.getTime())} when this run started, failing this way; without a fix EKS ends it Failed with NodeCreationFailure and rolls the node group back.`
}

function compatibilityFix(addon: AddonState, kubernetesVersion: string): string {
  const check = addon.compatibility.find(c => c.kubernetesVersion === kubernetesVersion)
  const versions = check?.compatibleVersions ?? []
  // Without a version EKS marks as the default, the newest listed (DescribeAddonVersions lists newest first).
  const fallback = check?.defaultVersion ?? versions[0]
  const suggestion = check?.defaultVersion ? 'the default' : 'the newest'
  return `Set ${addon.name} to a version that supports Kubernetes ${kubernetesVersion}${fallback ? `: ${suggestion} is ${fallback}` : ''}${versions.length ? ` (compatible: ${versions.slice(0, 5).join(', ')}${versions.length > 5 ? ', …' : ''})` : ' (DescribeAddonVersions lists none)'}. For example: aws eks update-addon --cluster-name <cluster> --addon-name ${addon.name}${fallback ? ` --addon-version ${fallback}` : ''}. One minor version at a time for vpc-cni and kube-proxy.`
}

/** Pre-flight: an add-on whose version the cluster's (or its target) Kubernetes version does not support. */
export function addonVersionFinding(o: Observation): Verdict | undefined {
  for (const addon of o.addons ?? []) {
    const bad =
      addon.compatibility.find(c => !c.compatible && !c.target) ??
      addon.compatibility.find(c => !c.compatible)
    if (!bad) continue
    return {
      result: 'failure',
      decidedAt: o.now,
      rootCause: 'addon-version-incompatible',
      addon: addon.name,
      failureCode: 'Addon version specified is not supported',
      message: `Add-on ${addon.name} ${addon.version} is not compatible with Kubernetes ${bad.kubernetesVersion}${bad.target ? ', the version the cluster is updating to' : ', the cluster’s version'}.`,
      fix: compatibilityFix(addon, bad.kubernetesVersion)
    }
  }
  return undefined
}

const ADDON_FIX: Record<string, string> = {
  ConfigurationConflict:
    'Fields the add-on manages were changed outside EKS (kubectl, Helm): create or update it with resolveConflicts OVERWRITE (Terraform: resolve_conflicts_on_create = "OVERWRITE"), or undo the edits.',
  InsufficientNumberOfReplicas:
    "The add-on's pods do not run: check them (kubectl -n kube-system get pods, describe, logs): a missing IAM role for its service account, a node selector or toleration no node matches, or an image that cannot be pulled.",
  AccessDenied:
    'The add-on lacks permissions: give its service account an IAM role (serviceAccountRoleArn or a Pod Identity association) with the policy the add-on needs.',
  AddonPermissionFailure:
    'The add-on lacks permissions: give its service account an IAM role (serviceAccountRoleArn or a Pod Identity association) with the policy the add-on needs.',
  AdmissionRequestDenied:
    'An admission webhook or policy engine refused the add-on’s objects: allow them, then retry.',
  AddonSubscriptionNeeded: 'Subscribe to the add-on in AWS Marketplace, then create it again.'
}

/** An add-on failing for a reason of its own: CREATE_FAILED, UPDATE_FAILED, or DEGRADED with nodes ready. */
export function addonFailure(o: Observation): Verdict | undefined {
  const grace = ADDON_DEGRADED_POLLS * (o.pollIntervalMs ?? DEFAULT_POLL_MS)
  for (const addon of o.addons ?? []) {
    const cause: RootCause | undefined =
      addon.status === 'CREATE_FAILED'
        ? 'addon-create-failed'
        : addon.status === 'UPDATE_FAILED'
          ? 'addon-update-failed'
          : addon.status === 'DEGRADED' &&
              addon.degradedWithNodesSince !== undefined &&
              o.now - addon.degradedWithNodesSince >= grace &&
              nodesInService(o) > 0
            ? 'addon-degraded'
            : undefined
    if (!cause) continue
    const issue = addon.healthIssues[0]
    return {
      result: 'failure',
      decidedAt: o.now,
      rootCause: cause,
      addon: addon.name,
      addonIssue: issue,
      failureCode: issue?.code ?? addon.status,
      alreadyFailed: addon.firstSeenStatus === addon.status ? addon.status : undefined,
      message: `Add-on ${addon.name}${addon.version ? ` ${addon.version}` : ''} is ${addon.status}${issueText(addon)}${cause === 'addon-degraded' ? ' while nodes are in service' : ''}.`,
      fix: ADDON_FIX[issue?.code ?? '']
    }
  }
  return undefined
}

/** Add-ons not ACTIVE yet, for "still pending". */
export function pendingAddons(o: Observation): string[] {
  return (o.addons ?? [])
    .filter(a => a.status === 'CREATING' || a.status === 'UPDATING' || a.status === 'DEGRADED')
    .map(a => `add-on ${a.name} (${a.status})`)
}
