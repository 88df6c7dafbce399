/**
 * Nodes that no Auto Scaling group launches: Karpenter's controller role and EKS Auto Mode's
 * cluster role call CreateFleet (type instant) themselves. The fleet request succeeds; EBS then
 * calls KMS with the launcher role's credentials (key policy, and the role's IAM policy where the
 * key policy delegates to the account) and, when it may not use the key, EC2 terminates the
 * instance seconds later with a state reason. Launches repeat while the launcher still wants
 * nodes (Karpenter relaunches in a loop), until one succeeds.
 * Sources: karpenter-automode reference §1.4 (Karpenter's tags from GetTags() @ v1.14.1, the state
 * reasons of aws/karpenter-provider-aws#5039 and #1407), §2.4 (Auto Mode's tags, managed instances).
 */
import { randomUUID } from 'node:crypto'
import { evaluateKeyPolicy } from './judge.js'
import { instanceId } from './nodegroups.js'
import type { ScenarioFleetLauncher } from './scenario.js'
import type { Key, World } from './world.js'

export type FleetLauncherKind = 'karpenter' | 'auto-mode'

export interface FleetInstance {
  id: string
  launcher: FleetLauncherKind
  launchedAt: number
  state: 'pending' | 'running' | 'shutting-down' | 'terminated'
  terminatingAt?: number
  terminatedAt?: number
  reason?: { code: string; message: string }
  tags: Record<string, string>
  /** Auto Mode's are EC2 managed instances, hidden from DescribeInstances by default. */
  managed: boolean
  keyArn?: string
}

/**
 * EC2's state reasons when EBS cannot use the key (reference §1.4 step 2, verbatim): the
 * InvalidKMSKey one; on some paths (the account default EBS key) the generic client error; the
 * console's wording of the first, which users of Auto Mode quote.
 */
export const FLEET_KMS_REASONS = {
  'invalid-kms-key': {
    code: 'Client.InvalidKMSKey.InvalidState',
    message: 'Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state'
  },
  'client-error-on-launch': {
    code: 'Server.InternalError',
    message: 'Client.InternalError: Client error on launch'
  },
  'inaccessible-key': {
    code: 'Client.InvalidKMSKey.InvalidState',
    message:
      'One or more of the attached Amazon EBS volumes are encrypted with an inaccessible AWS KMS key.'
  }
} as const

/** The DescribeInstances doc: terminated instances appear for "usually less than one hour". */
const TERMINATED_VISIBLE_SECONDS = 3600
/** Seconds from launch to shutting-down, then to terminated ("within a minute", #5039). */
const SHUTTING_DOWN_AFTER = 8
const TERMINATED_AFTER = 20

/** The launcher's role: the Karpenter controller role, or the cluster role for Auto Mode. */
export function fleetRoleArn(world: World, kind: FleetLauncherKind): string {
  if (kind === 'auto-mode') return world.scenario.cluster.roleArn as string
  return world.scenario.launchers?.karpenter?.roleArn as string
}

/** What EBS asks KMS for, as the launcher's role, with each call's own context. */
const CALLS: { action: string; context: Record<string, string> }[] = [
  { action: 'kms:CreateGrant', context: { 'kms:GrantIsForAWSResource': 'true' } },
  { action: 'kms:GenerateDataKeyWithoutPlaintext', context: {} },
  { action: 'kms:Decrypt', context: {} },
  { action: 'kms:DescribeKey', context: {} }
]

/** The key the launch's volumes use: the NodeClass's, else the account default EBS key. */
export function fleetKey(world: World, spec: ScenarioFleetLauncher): Key | { missing: string } {
  const reference = spec.kmsKeyId ?? world.scenario.ebsDefaultKmsKeyId
  if (!reference) return world.awsManagedEbsKey()
  return world.findKey(reference) ?? { missing: reference }
}

/** Whether the launcher's role may use the key at `time` (key policy, then its IAM policies). */
async function roleMayUseKey(
  world: World,
  kind: FleetLauncherKind,
  spec: ScenarioFleetLauncher,
  key: Key,
  time: number
): Promise<boolean> {
  if (key.state !== 'Enabled') return false
  if (key.manager === 'AWS') return true
  const role = fleetRoleArn(world, kind)
  const policy = world.policyAt(key, time)
  for (const { action, context } of CALLS) {
    const decision = await evaluateKeyPolicy(
      world,
      policy,
      key,
      role,
      action,
      context,
      false,
      spec.iamPolicies ?? []
    )
    if (decision !== 'Allowed') return false
  }
  return true
}

function tagsFor(
  world: World,
  kind: FleetLauncherKind,
  spec: ScenarioFleetLauncher
): Record<string, string> {
  const cluster = world.scenario.cluster.name
  if (kind === 'karpenter')
    return {
      [`kubernetes.io/cluster/${cluster}`]: 'owned',
      'karpenter.sh/nodepool': spec.nodePool ?? 'default',
      'eks:eks-cluster-name': cluster,
      'karpenter.k8s.aws/ec2nodeclass': spec.nodeClass ?? 'default'
    }
  return {
    'eks:eks-cluster-name': cluster,
    'eks:kubernetes-node-pool-name': spec.nodePool ?? 'general-purpose',
    'eks:kubernetes-node-class-name': spec.nodeClass ?? 'default'
  }
}

/** Karpenter's launch template, named karpenter.k8s.aws/<hash>, made before its first launch. */
function ensureKarpenterTemplate(world: World, spec: ScenarioFleetLauncher): void {
  const id = 'lt-0karpenter0000001'
  if (world.launchTemplates.has(id)) return
  world.launchTemplates.set(id, {
    id,
    name: 'karpenter.k8s.aws/1234567890123456789',
    tags: {
      'eks:eks-cluster-name': world.scenario.cluster.name,
      'karpenter.k8s.aws/ec2nodeclass': spec.nodeClass ?? 'default',
      'karpenter.k8s.aws/cluster': world.scenario.cluster.name
    },
    // Karpenter's default block device: encrypted, with the NodeClass's key when it names one.
    versions: [
      {
        blockDeviceMappings: [
          {
            deviceName: '/dev/xvda',
            ebs: { encrypted: true, kmsKeyId: spec.kmsKeyId, volumeSize: 20, volumeType: 'gp3' }
          }
        ]
      }
    ]
  })
}

async function launchOnce(
  world: World,
  kind: FleetLauncherKind,
  spec: ScenarioFleetLauncher,
  time: number
): Promise<boolean> {
  if (kind === 'karpenter') ensureKarpenterTemplate(world, spec)
  const key = fleetKey(world, spec)
  const ok = 'missing' in key ? false : await roleMayUseKey(world, kind, spec, key, time)
  const reasonKind =
    spec.stateReason ?? (spec.kmsKeyId ? 'invalid-kms-key' : 'client-error-on-launch')
  world.fleetInstances.push({
    id: instanceId(),
    launcher: kind,
    launchedAt: time,
    state: ok ? 'running' : 'pending',
    terminatingAt: ok ? undefined : time + world.ms(SHUTTING_DOWN_AFTER),
    terminatedAt: ok ? undefined : time + world.ms(TERMINATED_AFTER),
    reason: ok ? undefined : FLEET_KMS_REASONS[reasonKind],
    tags: tagsFor(world, kind, spec),
    managed: kind === 'auto-mode',
    keyArn: 'missing' in key ? undefined : key.arn
  })
  return ok
}

/** Replays each launcher's due launches and its instances' state changes up to `now`. */
export async function advanceFleets(world: World, now: number): Promise<void> {
  const launchers = world.scenario.launchers ?? {}
  for (const kind of ['karpenter', 'auto-mode'] as const) {
    const spec = kind === 'karpenter' ? launchers.karpenter : launchers.autoMode
    if (!spec || spec.launchAfterSeconds === undefined || spec.launchAfterSeconds === null) continue
    const state = world.fleetState(kind)
    state.nextAt ??= world.at(spec.launchAfterSeconds)
    while (!state.done && state.nextAt <= now) {
      const ok = await launchOnce(world, kind, spec, state.nextAt)
      state.done = ok
      state.nextAt += world.ms(spec.relaunchSeconds ?? 30)
    }
  }
  for (const instance of world.fleetInstances) {
    if (instance.terminatedAt !== undefined && instance.terminatedAt <= now)
      instance.state = 'terminated'
    else if (instance.terminatingAt !== undefined && instance.terminatingAt <= now)
      instance.state = 'shutting-down'
  }
  // Gone from DescribeInstances once the visibility window has passed.
  const horizon = now - world.ms(TERMINATED_VISIBLE_SECONDS)
  world.fleetInstances.splice(
    0,
    world.fleetInstances.length,
    ...world.fleetInstances.filter(i => i.terminatedAt === undefined || i.terminatedAt > horizon)
  )
}

export function reservationId(): string {
  return `r-${randomUUID().replace(/-/g, '').slice(0, 17)}`
}
