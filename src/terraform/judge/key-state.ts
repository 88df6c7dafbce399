/**
 * A key's own settings, before its policy: a disabled key, or one that is not a symmetric
 * encryption key, fails every launch whatever its policy says (verify's kms-key-disabled and
 * kms-key-unusable-spec, told from the configuration).
 */
import type { ResourceInstance } from '../config/resource.js'
import { visiblePos } from '../config/where.js'
import type { KeyCheck, KeyUseSite } from '../model.js'

/**
 * A key no launch can use, whatever its policy: disabled, or not a symmetric encryption key (EBS
 * supports only those). Decided from literal settings only; an unknown one is left to the policy.
 */
export function unusable(key: ResourceInstance, uses: KeyUseSite[]): KeyCheck | undefined {
  const setting = (name: string) => {
    try {
      const value = key.attribute(name)
      return typeof value === 'string' || typeof value === 'boolean' ? value : undefined
    } catch {
      return undefined
    }
  }
  // aws_kms_key says is_enabled; the replica and external key resources say enabled.
  const enabledAttribute = key.type === 'aws_kms_key' ? 'is_enabled' : 'enabled'
  const enabled = setting(enabledAttribute)
  const usage = setting('key_usage')
  const spec = setting('customer_master_key_spec') ?? setting('key_spec')
  const problem =
    enabled === false || enabled === 'false'
      ? {
          attribute: enabledAttribute,
          cause: 'kms-key-disabled' as const,
          text: `is disabled (${enabledAttribute} = false): KMS refuses every use of a disabled key`,
          fix: `${enabledAttribute} = true`
        }
      : usage !== undefined && usage !== 'ENCRYPT_DECRYPT'
        ? {
            attribute: 'key_usage',
            cause: 'kms-key-unusable-spec' as const,
            text: `is a ${usage} key: EBS encrypts only with symmetric ENCRYPT_DECRYPT keys`,
            fix: 'key_usage = "ENCRYPT_DECRYPT" (a new key: the usage cannot be changed)'
          }
        : spec !== undefined && spec !== 'SYMMETRIC_DEFAULT'
          ? {
              attribute: spec === setting('key_spec') ? 'key_spec' : 'customer_master_key_spec',
              cause: 'kms-key-unusable-spec' as const,
              text: `is a ${spec} key: EBS encrypts only with symmetric (SYMMETRIC_DEFAULT) keys`,
              fix: 'a SYMMETRIC_DEFAULT key (a new key: the spec cannot be changed)'
            }
          : undefined
  if (!problem) return undefined
  const pos = visiblePos(key.module, key.attributePos(problem.attribute))
  return {
    key: key.fullAddress,
    file: pos.file,
    line: pos.line,
    style: 'none',
    status: 'unusable',
    unusableCause: problem.cause,
    uses,
    decidedBy: [],
    unknowns: [],
    message: `${key.fullAddress} ${problem.text}, so every node launch with a volume encrypted by it will be cancelled with Client.InvalidKMSKey.InvalidState.`,
    fix: problem.fix
  }
}
