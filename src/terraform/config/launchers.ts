/**
 * Karpenter and EKS Auto Mode in a configuration: who launches (the principal whose session EC2
 * uses for the volumes' KMS calls) and which keys their node classes name.
 * - Auto Mode: aws_eks_cluster with compute_config { enabled = true } (the community EKS module's
 *   compute_config / cluster_compute_config inputs end there); the principal is the cluster role,
 *   role_arn (https://docs.aws.amazon.com/eks/latest/userguide/auto-kms.html).
 * - Karpenter: the controller's role, given to service account `karpenter` by an
 *   aws_eks_pod_identity_association (the community module's karpenter submodule creates one), or
 *   by the IRSA annotation a helm_release of the chart sets
 *   (https://karpenter.sh/docs/troubleshooting/, "Node terminates before ready on failed
 *   encrypted EBS volume": the principal launching the node needs the key).
 */
import type { Pos } from '../hcl/ast.js'
import { Unknown, type UnknownCause, type Value } from '../eval/values.js'
import type { LauncherKind } from '../../model/index.js'
import type { KeyUseSite } from '../model.js'
import {
  attributeOrUnknown,
  KEY_TYPES,
  keyTargets,
  safe,
  type Index,
  type KeyTarget,
  type KeyUse
} from './discover.js'
import type { NodeClassKey, UnreadManifest } from './manifests.js'
import type { ResourceInstance } from './resource.js'
import { ebsDefaults } from './uses.js'

export type NodeLauncher = Exclude<LauncherKind, 'autoscaling'>

export interface Launcher {
  kind: NodeLauncher
  /** The role as the judge names it: an ARN, the role resource's `<address>.arn`, or `${why not known}`. */
  role: string
  /** The address of what says this launcher is in play (a resource, or the node class itself). */
  source: string
  pos: Pos
}

export const LAUNCHER_NAME: Record<NodeLauncher, string> = {
  karpenter: 'Karpenter',
  'auto-mode': 'EKS Auto Mode'
}

const ROLE_NAME: Record<NodeLauncher, string> = {
  karpenter: 'the Karpenter controller role',
  'auto-mode': 'the cluster IAM role'
}

/** A role value as text the key policy's principals compare with (iam-statement.ts names resources the same way). */
export function roleOf(value: Value, what: string): string {
  if (typeof value === 'string') return value
  if (value instanceof Unknown && value.ref)
    return `${value.ref.module ? `${value.ref.module}.` : ''}${value.ref.address}.${value.ref.attribute}`
  return `\${${what}: ${value instanceof Unknown ? value.causes.map(c => `${c.what} (${c.how})`).join('; ') || 'not known before apply' : 'not set'}}`
}

function autoMode(cluster: ResourceInstance): boolean {
  return safe(
    () => cluster.blocks('compute_config').some(b => b.get('enabled', b.pos) === true),
    () => false
  )
}

function irsaRole(release: ResourceInstance): Value | undefined {
  for (const set of safe(
    () => release.blocks('set'),
    () => []
  )) {
    const name = set.get('name', set.pos)
    if (typeof name === 'string' && /role-arn$/.test(name)) return set.get('value', set.pos)
  }
  return undefined
}

export function launchersIn(index: Index): Launcher[] {
  const out: Launcher[] = []
  for (const cluster of index.ofType('aws_eks_cluster'))
    if (autoMode(cluster))
      out.push({
        kind: 'auto-mode',
        role: roleOf(
          attributeOrUnknown(cluster, 'role_arn'),
          `the role_arn of ${cluster.fullAddress}`
        ),
        source: cluster.fullAddress,
        pos: cluster.decl.pos
      })
  for (const association of index.ofType('aws_eks_pod_identity_association')) {
    const account = attributeOrUnknown(association, 'service_account')
    if (account !== 'karpenter') continue
    out.push({
      kind: 'karpenter',
      role: roleOf(
        attributeOrUnknown(association, 'role_arn'),
        `the role_arn of ${association.fullAddress}`
      ),
      source: association.fullAddress,
      pos: association.decl.pos
    })
  }
  for (const release of index.ofType('helm_release')) {
    const chart = `${String(attributeOrUnknown(release, 'chart'))} ${String(attributeOrUnknown(release, 'repository'))}`
    if (!/karpenter/.test(chart) || /karpenter-crd/.test(chart)) continue
    const irsa = irsaRole(release)
    if (irsa !== undefined)
      out.push({
        kind: 'karpenter',
        role: roleOf(irsa, `the IRSA role of ${release.fullAddress}`),
        source: release.fullAddress,
        pos: release.decl.pos
      })
    else if (!out.some(l => l.kind === 'karpenter'))
      out.push({
        kind: 'karpenter',
        role: `\${the Karpenter controller role: ${release.fullAddress} installs Karpenter, and no aws_eks_pod_identity_association for service account karpenter or IRSA role-arn value names its role in this configuration}`,
        source: release.fullAddress,
        pos: release.decl.pos
      })
  }
  return out
}

function site(launcher: Launcher, via: string, file: string, line: number): KeyUseSite {
  return {
    consumer: `${LAUNCHER_NAME[launcher.kind]} (${launcher.source})`,
    via,
    role: launcher.role,
    file,
    line,
    launcher: launcher.kind
  }
}

/** Node classes, manifests and launchers as uses of keys, with the notes for launchers whose key is not said here. */
export function launcherUses(
  index: Index,
  found: { keys: NodeClassKey[]; unread: UnreadManifest[] }
): { uses: KeyUse[]; notes: string[] } {
  const launchers = launchersIn(index)
  const uses: KeyUse[] = []
  const notes: string[] = []
  const defaults = ebsDefaults(index)
  for (const key of found.keys) {
    const list = launchers.filter(l => l.kind === key.launcher)
    const named: Launcher[] = list.length
      ? list
      : [
          {
            kind: key.launcher,
            role: `\${${ROLE_NAME[key.launcher]}: no ${key.launcher === 'karpenter' ? 'Karpenter installation (aws_eks_pod_identity_association for service account karpenter, helm_release of the chart)' : 'aws_eks_cluster with compute_config enabled'} is in this configuration}`,
            source: key.nodeClass,
            pos: key.pos
          }
        ]
    let targets: KeyTarget[]
    let via = `${key.nodeClass} (${key.device})`
    if (key.value === null) {
      if (!defaults.key) continue
      via += `, which names no key, so the account default EBS key (${defaults.key.instance.fullAddress})`
      targets = keyTargets(defaults.key.value, index, defaults.key.instance.decl.pos)
    } else targets = keyTargets(key.value, index, key.pos)
    for (const launcher of named)
      for (const target of targets)
        uses.push({ target, site: site(launcher, via, key.pos.file, key.pos.line) })
  }
  if (launchers.length)
    for (const manifest of found.unread)
      for (const launcher of launchers.slice(0, 1))
        uses.push({
          target: {
            kind: 'unknown',
            causes: manifest.causes,
            pos: manifest.pos,
            text: manifest.what
          },
          site: site(
            launcher,
            `the node classes in ${manifest.what}, which cannot be read`,
            manifest.pos.file,
            manifest.pos.line
          )
        })
  const customerKeys = [...KEY_TYPES].some(t => index.ofType(t).length > 0)
  for (const launcher of launchers) {
    if (found.keys.some(k => k.launcher === launcher.kind) || found.unread.length) continue
    const at = launcher.pos
    const nodeClass = launcher.kind === 'karpenter' ? 'EC2NodeClass' : 'NodeClass'
    const field =
      launcher.kind === 'karpenter'
        ? 'spec.blockDeviceMappings[].ebs.kmsKeyID'
        : 'spec.ephemeralStorage.kmsKeyID'
    if (defaults.key) {
      const via = `the built-in or default ${nodeClass} (no kmsKeyID), so the account default EBS key (${defaults.key.instance.fullAddress})`
      for (const target of keyTargets(defaults.key.value, index, defaults.key.instance.decl.pos))
        uses.push({ target, site: site(launcher, via, at.file, at.line) })
      continue
    }
    const cause: UnknownCause = {
      what: `which key ${LAUNCHER_NAME[launcher.kind]}'s nodes use`,
      pos: at,
      how: `it is set in the cluster's ${nodeClass} (${field}), and no ${nodeClass} is in the checked paths: add its manifest to them (a YAML file, kubectl_manifest or kubernetes_manifest), or run verify against the cluster`
    }
    // Nothing here is encrypted with a customer managed key: the built-in classes use the account's default.
    if (!customerKeys) {
      notes.push(
        `${LAUNCHER_NAME[launcher.kind]} launches nodes (${launcher.source}); ${cause.what} is not said here: ${cause.how}.`
      )
      continue
    }
    uses.push({
      target: { kind: 'unknown', causes: [cause], pos: at, text: cause.what },
      site: site(launcher, `${LAUNCHER_NAME[launcher.kind]}'s ${nodeClass}`, at.file, at.line)
    })
  }
  return { uses, notes }
}
