/**
 * The keys an AMI's snapshots are encrypted with. EBS creates a node's volumes from the AMI's
 * snapshots, so a launch needs each encrypted snapshot's key, whatever key the launch template
 * names for the new volume: Auto Scaling "failed to launch instances with encrypted AMI or
 * encrypted volumes" is one AWS troubleshooting case (knowledge center: kms-launch-ec2-instance).
 * EKS-optimized AMIs are public and unencrypted; custom (golden) AMIs often are encrypted, and
 * often with another account's key.
 */
import {
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
  type EC2Client
} from '@aws-sdk/client-ec2'
import { call, errorMessage, isNotFound, PermissionError } from '../aws/errors.js'
import type { Logger, UnreadableImage } from '../model/index.js'

export interface SnapshotKey {
  imageId: string
  device?: string
  snapshotId: string
  /** The key ARN DescribeSnapshots reports. */
  keyId: string
}

/** An AMI given as a Systems Manager parameter: EC2 resolves it at launch, not we. */
const SSM_IMAGE = /^resolve:ssm:/

export class AmiKeysCache {
  private readonly byImage = new Map<string, Promise<SnapshotKey[]>>()
  /** Encrypted snapshots whose key could not be read: the diagnosis names them. */
  readonly unreadable: UnreadableImage[] = []

  constructor(
    private readonly ec2: EC2Client,
    private readonly log: Pick<Logger, 'info' | 'warning'>
  ) {}

  /** The encrypted snapshots of an AMI and their keys, read once per run. */
  keysOf(imageId: string): Promise<SnapshotKey[]> {
    let keys = this.byImage.get(imageId)
    if (!keys) {
      keys = this.read(imageId)
      this.byImage.set(imageId, keys)
    }
    return keys
  }

  private async read(imageId: string): Promise<SnapshotKey[]> {
    if (SSM_IMAGE.test(imageId)) {
      this.log.info(
        `AMI ${imageId} is a Systems Manager parameter that EC2 resolves at launch: its snapshots' keys are not checked.`
      )
      return []
    }
    let encrypted: { device?: string; snapshotId: string }[]
    let owner: string | undefined
    try {
      const response = await call('ec2:DescribeImages', imageId, () =>
        this.ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }))
      )
      const image = response.Images?.[0]
      owner = image?.OwnerId
      encrypted = (image?.BlockDeviceMappings ?? [])
        .filter(m => m.Ebs?.Encrypted && m.Ebs.SnapshotId)
        .map(m => ({ device: m.DeviceName, snapshotId: m.Ebs!.SnapshotId! }))
    } catch (error) {
      if (!(error instanceof PermissionError) && !isNotFound(error)) throw error
      this.log.warning(
        `Could not read AMI ${imageId} (${errorMessage(error)}): a key its snapshots may be encrypted with is not checked. Allow ec2:DescribeImages and ec2:DescribeSnapshots (README, IAM permissions).`
      )
      return []
    }
    if (encrypted.length === 0) return []
    try {
      const response = await call('ec2:DescribeSnapshots', imageId, () =>
        this.ec2.send(
          new DescribeSnapshotsCommand({ SnapshotIds: encrypted.map(s => s.snapshotId) })
        )
      )
      return encrypted.flatMap(s => {
        const keyId = response.Snapshots?.find(r => r.SnapshotId === s.snapshotId)?.KmsKeyId
        return keyId ? [{ imageId, device: s.device, snapshotId: s.snapshotId, keyId }] : []
      })
    } catch (error) {
      if (!(error instanceof PermissionError) && !isNotFound(error)) throw error
      // A shared AMI's snapshots are usually not shared with the account that launches it.
      this.unreadable.push({
        imageId,
        owner,
        snapshots: encrypted.map(s => s.snapshotId),
        reason: errorMessage(error)
      })
      this.log.warning(
        `AMI ${imageId}${owner ? ` (owner ${owner})` : ''} has encrypted snapshots (${encrypted.map(s => s.snapshotId).join(', ')}) whose key this account cannot read (${errorMessage(error)}), so that key is not checked. Launches need it: if it is a customer managed key, its policy must allow the Auto Scaling service-linked role, or its owner must let this account create a grant on it for the role.`
      )
      return []
    }
  }
}
