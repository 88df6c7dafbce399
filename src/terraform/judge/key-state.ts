/**
 * A key's own settings, before its policy: a disabled key, or one that is not a symmetric
 * encryption key, fails every launch whatever its policy says (verify's kms-key-disabled and
 * kms-key-unusable-spec, told from the configuration).
 */
import type { ResourceInstance } from '../config/resource.js'
import { visiblePos } from '../config/where.js'
import type { KeyCheck, KeyUseSite } from '../model.js'
import { unusableSetting } from '../../model/check-findings.js'

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
  const specAttribute =
    setting('customer_master_key_spec') !== undefined ? 'customer_master_key_spec' : 'key_spec'
  const found = unusableSetting(
    {
      enabled: setting(enabledAttribute),
      usage: setting('key_usage'),
      spec: setting(specAttribute)
    },
    `${enabledAttribute} = false`
  )
  const written = {
    enabled: { attribute: enabledAttribute, fix: `${enabledAttribute} = true` },
    usage: {
      attribute: 'key_usage',
      fix: 'key_usage = "ENCRYPT_DECRYPT" (a new key: the usage cannot be changed)'
    },
    spec: {
      attribute: specAttribute,
      fix: 'a SYMMETRIC_DEFAULT key (a new key: the spec cannot be changed)'
    }
  }
  const problem = found && { ...found, ...written[found.setting] }
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
