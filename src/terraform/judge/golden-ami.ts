/**
 * kms:ReEncrypt* is needed only for launches from an AMI whose snapshots are under another key
 * (an encrypted golden AMI): it is judged apart, and the configuration is searched for such an AMI
 * so a missing ReEncrypt* fails the key only when a launch will really ask for it.
 */
import type { Requirement } from '../../model/index.js'
import type { ResourceInstance } from '../config/resource.js'
import { keyTargets, type Index } from '../config/discover.js'
import { Unknown, type Value } from '../eval/values.js'

export const REENCRYPT = 'autoscaling-reencrypt'

/**
 * The guide's use requirement split in two: kms:ReEncryptFrom / kms:ReEncryptTo are asked of
 * the key only when a volume is created from a snapshot encrypted under a different key — an
 * encrypted golden AMI whose snapshots use another key (EBS re-encrypts the copy; see the EBS
 * user guide, "How EBS encryption works", and the EC2 Auto Scaling guide's key policy, which
 * grants ReEncrypt* for that case). Launches from AMIs with unencrypted snapshots (the public
 * EKS-optimised AMIs) do not call them. The fix still adds the whole guide statement.
 */
export function splitReEncrypt(needed: Requirement[]): Requirement[] {
  const reencrypt = (r: { action: string }) => /^kms:ReEncrypt/.test(r.action)
  return needed.flatMap(requirement =>
    requirement.id !== 'autoscaling-use'
      ? [requirement]
      : [
          { ...requirement, requests: requirement.requests.filter(r => !reencrypt(r)) },
          { ...requirement, id: REENCRYPT, requests: requirement.requests.filter(reencrypt) }
        ]
  )
}

/**
 * Whether the configuration shows the AMI of a launch template that uses this key has snapshots
 * encrypted under another key: its image_id is an aws_ami_copy (or aws_ami) declared here with
 * encryption on and a kms_key_id that is not this key (none: the account's aws/ebs key).
 */
export function goldenAmiOf(key: ResourceInstance, index: Index): string | undefined {
  for (const template of index.ofType('aws_launch_template')) {
    let image: Value | undefined
    try {
      image = template.attribute('image_id')
    } catch {
      continue
    }
    const ref = image instanceof Unknown ? image.ref : undefined
    if (!ref || (ref.type !== 'aws_ami_copy' && ref.type !== 'aws_ami')) continue
    const ami = index
      .ofType(ref.type)
      .find(r => r.decl.pos && r.fullAddress.replace(/\[.*\]$/, '') === ref.address)
    if (!ami) continue
    try {
      const encrypted =
        ref.type === 'aws_ami_copy'
          ? ami.attribute('encrypted') === true
          : ami.blocks('ebs_block_device').some(b => b.force(ami.decl.pos).encrypted === true)
      if (!encrypted) continue
      const keyOf =
        ref.type === 'aws_ami_copy'
          ? (ami.attribute('kms_key_id') ?? null)
          : (ami.blocks('ebs_block_device')[0]?.force(ami.decl.pos).kms_key_id ?? null)
      const same = keyTargets(keyOf, index, ami.decl.pos).some(
        t => t.kind === 'key' && t.instance === key
      )
      if (!same)
        return `${template.fullAddress} launches from ${ami.fullAddress}, whose snapshots are encrypted under ${keyOf === null ? "the account's aws/ebs key" : 'another key'}`
    } catch {
      continue
    }
  }
  return undefined
}
