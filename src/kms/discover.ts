/**
 * Which KMS keys a node group's EBS volumes are really encrypted with: every block device of the
 * launch template version in use (the node group's and the copy its Auto Scaling group launches
 * from), and the account's default EBS key where a device is encrypted without naming one.
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

async function blockDevices(
  ec2: EC2Client,
  ref: LaunchTemplateRef
): Promise<LaunchTemplateBlockDeviceMapping[]> {
  const response = await call('ec2:DescribeLaunchTemplateVersions', ref.id ?? ref.name, () =>
    ec2.send(
      new DescribeLaunchTemplateVersionsCommand({
        LaunchTemplateId: ref.id,
        LaunchTemplateName: ref.id ? undefined : ref.name,
        Versions: [ref.version ?? '$Default']
      })
    )
  )
  return response.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.BlockDeviceMappings ?? []
}

function describeRef(ref: LaunchTemplateRef): string {
  return `${ref.name ?? ref.id} version ${ref.version ?? '$Default'}`
}

/** Key uses of one launch template version. */
export async function keyUsesOfLaunchTemplate(
  ec2: EC2Client,
  nodegroup: string,
  ref: LaunchTemplateRef,
  defaults: EbsDefaultsCache
): Promise<KeyUse[]> {
  const mappings = await blockDevices(ec2, ref)
  const uses: KeyUse[] = []
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
  defaults: EbsDefaultsCache
): Promise<KeyUse[]> {
  const uses: KeyUse[] = []
  const seenTemplates = new Set<string>()
  for (const ref of templates) {
    const id = `${ref.id ?? ref.name}@${ref.version ?? '$Default'}`
    if (seenTemplates.has(id)) continue
    seenTemplates.add(id)
    uses.push(...(await keyUsesOfLaunchTemplate(ec2, nodegroup, ref, defaults)))
  }
  return uses
}
