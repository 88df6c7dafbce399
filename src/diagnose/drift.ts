/**
 * Drift: a key policy patched live is put back by the next terraform apply unless the key's
 * configuration gets the same statements; what to say and the Terraform to add.
 */
import type { KeyRecord } from '../model/index.js'
import { keyPolicyTerraform } from '../render/key-policy-hcl.js'

export function driftOf(keys: KeyRecord[]): { drift: string[]; driftFix?: string } {
  const patched = keys.filter(k => k.patch?.status === 'written')
  const drift = patched.map(
    k =>
      `The key policy of ${k.id} was patched live. If Terraform manages this key, the next terraform apply puts the old policy back unless the configuration gets the same statements: ${k.patch?.added.map(s => s.Sid).join(', ')}.`
  )
  const driftStatements = patched.flatMap(k => k.patch?.added ?? [])
  const driftFix = driftStatements.length
    ? [
        ...(patched.length > 1 ? [`# Keys ${patched.map(k => k.id).join(', ')}:`] : []),
        keyPolicyTerraform(
          driftStatements.filter(
            (s, i) => driftStatements.findIndex(o => JSON.stringify(o) === JSON.stringify(s)) === i
          )
        )
      ].join('\n')
    : undefined
  return { drift, driftFix }
}
