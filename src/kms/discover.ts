/**
 * Which KMS keys a node group's EBS volumes are really encrypted with: every block device of the
 * launch template version in use (the node group's and the copy its Auto Scaling group launches
 * from), the keys of the AMI's encrypted snapshots the volumes are created from, and the
 * account's default EBS key where a device is encrypted without naming one.
 */
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling'
import {
  DescribeLaunchTemplateVersionsCommand,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  type EC2Client,
  type LaunchTemplateBlockDeviceMapping
} from '@aws-sdk/client-ec2'
import { call } from '../aws/errors.js'
import type { KeyUse, LaunchTemplateRef } from '../model/index.js'
import type { AmiKeysCache } from './ami.js'

/** What discovery reads once per run, whatever the number of node groups. */
export interface DiscoveryCaches {
  ebsDefaults: EbsDefaultsCache
  amiKeys: AmiKeysCache
  /** Numbered launch template versions: optional so a caller without one reads every time. */
  templates?: TemplateVersionCache
}

type LaunchData = { imageId?: string; mappings: LaunchTemplateBlockDeviceMapping[] }

/**
 * Numbered launch template versions, read once per run: a version cannot be changed once created
 * ("You can't modify a launch template version", https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/manage-launch-template-versions.html),
 * so only $Default and $Latest, which move, are read again. A failed read is not kept.
 */
export class TemplateVersionCache {
  private readonly versions = new Map<string, Promise<LaunchData>>()

  read(ref: LaunchTemplateRef, load: () => Promise<LaunchData>): Promise<LaunchData> {
    if (!ref.version || !/^\d+$/.test(ref.version)) return load()
    const id = `${ref.id ?? `name:${ref.name}`}@${ref.version}`
    let data = this.versions.get(id)
    if (!data) {
      data = load()
      this.versions.set(id, data)
      data.catch(() => this.versions.delete(id))
    }
    return data
  }
}

export interface EbsDefaults {
  encryptionByDefault: boolean
  defaultKeyId: string
}

/** Account-level EBS settings, read once per run. */
export class EbsDefaultsCache {
  private value?: Promise<EbsDefaults>
  constructor(private readonly ec2: EC2Client) {}

  get(): Promise<EbsDefaults> {
    this.value ??= (async () => {
      const byDefault = await call('ec2:GetEbsEncryptionByDefault', undefined, () =>
        this.ec2.send(new GetEbsEncryptionByDefaultCommand({}))
      )
      const key = await call('ec2:GetEbsDefaultKmsKeyId', undefined, () =>
        this.ec2.send(new GetEbsDefaultKmsKeyIdCommand({}))
      )
      return {
        encryptionByDefault: byDefault.EbsEncryptionByDefault === true,
        defaultKeyId: key.KmsKeyId ?? 'alias/aws/ebs'
      }
    })()
    return this.value
  }
}

/** The launch template an Auto Scaling group launches from, plain or mixed-instances. */
export function asgLaunchTemplate(
  group: AutoScalingGroup | undefined
): LaunchTemplateRef | undefined {
  const spec =
    group?.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification ??
    group?.LaunchTemplate
  if (!spec || (!spec.LaunchTemplateId && !spec.LaunchTemplateName)) return undefined
  return { id: spec.LaunchTemplateId, name: spec.LaunchTemplateName, version: spec.Version }
}

async function launchData(ec2: EC2Client, ref: LaunchTemplateRef): Promise<LaunchData> {
  const response = await call('ec2:DescribeLaunchTemplateVersions', ref.id ?? ref.name, () =>
    ec2.send(
      new DescribeLaunchTemplateVersionsCommand({
        LaunchTemplateId: ref.id,
        LaunchTemplateName: ref.id ? undefined : ref.name,
        Versions: [ref.version ?? '$Default']
      })
    )
  )
  const data = response.LaunchTemplateVersions?.[0]?.LaunchTemplateData
  return { imageId: data?.ImageId, mappings: data?.BlockDeviceMappings ?? [] }
}

function describeRef(ref: LaunchTemplateRef): string {
  return `${ref.name ?? ref.id} version ${ref.version ?? '$Default'}`
}

/** Key uses of one launch template version. */
export async function keyUsesOfLaunchTemplate(
  ec2: EC2Client,
  nodegroup: string,
  ref: LaunchTemplateRef,
  caches: DiscoveryCaches
): Promise<KeyUse[]> {
  const defaults = caches.ebsDefaults
  const read = () => launchData(ec2, ref)
  const { imageId, mappings } = await (caches.templates?.read(ref, read) ?? read())
  const uses: KeyUse[] = []
  for (const snapshot of imageId ? await caches.amiKeys.keysOf(imageId) : []) {
    uses.push({
      nodegroup,
      reference: snapshot.keyId,
      source: 'ami-snapshot',
      launchTemplate: ref,
      device: snapshot.device,
      image: snapshot.imageId,
      snapshot: snapshot.snapshotId,
      why: `launch template ${describeRef(ref)} launches AMI ${snapshot.imageId}, whose snapshot ${snapshot.snapshotId}${snapshot.device ? ` (${snapshot.device})` : ''} is encrypted with ${snapshot.keyId}: EBS needs that key to create the node's volume from it`
    })
  }
  const ebsMappings = mappings.filter(m => m.Ebs)
  for (const mapping of ebsMappings) {
    const ebs = mapping.Ebs!
    if (ebs.KmsKeyId) {
      uses.push({
        nodegroup,
        reference: ebs.KmsKeyId,
        source: 'launch-template',
        launchTemplate: ref,
        device: mapping.DeviceName,
        why: `launch template ${describeRef(ref)} encrypts ${mapping.DeviceName ?? 'a device'} with KmsKeyId ${ebs.KmsKeyId}`
      })
      continue
    }
    const ebsDefaults = await defaults.get()
    if (ebs.Encrypted || ebsDefaults.encryptionByDefault) {
      uses.push({
        nodegroup,
        reference: ebsDefaults.defaultKeyId,
        source: 'ebs-default',
        launchTemplate: ref,
        device: mapping.DeviceName,
        why: `launch template ${describeRef(ref)} ${ebs.Encrypted ? 'encrypts' : 'leaves'} ${mapping.DeviceName ?? 'a device'} ${ebs.Encrypted ? 'without naming a key' : 'unencrypted, but EBS encryption by default is on'}, so the account's default EBS key ${ebsDefaults.defaultKeyId} is used`
      })
    }
  }
  if (ebsMappings.length === 0) {
    // The AMI's own root device mapping applies: encrypted only by the account default.
    const ebsDefaults = await defaults.get()
    if (ebsDefaults.encryptionByDefault) {
      uses.push({
        nodegroup,
        reference: ebsDefaults.defaultKeyId,
        source: 'ebs-default',
        launchTemplate: ref,
        why: `launch template ${describeRef(ref)} sets no block devices and EBS encryption by default is on, so the account's default EBS key ${ebsDefaults.defaultKeyId} is used`
      })
    }
  }
  return uses
}

/** Every key a node group uses, from its own launch template and its Auto Scaling group's copy. */
export async function discoverKeyUses(
  ec2: EC2Client,
  nodegroup: string,
  templates: LaunchTemplateRef[],
  caches: DiscoveryCaches
): Promise<KeyUse[]> {
  const uses: KeyUse[] = []
  const seenTemplates = new Set<string>()
  for (const ref of templates) {
    const id = `${ref.id ?? ref.name}@${ref.version ?? '$Default'}`
    if (seenTemplates.has(id)) continue
    seenTemplates.add(id)
    uses.push(...(await keyUsesOfLaunchTemplate(ec2, nodegroup, ref, caches)))
  }
  return uses
}
