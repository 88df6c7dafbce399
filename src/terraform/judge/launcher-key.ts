/**
 * A key that Karpenter or EKS Auto Mode launches nodes with, judged from the configuration: its
 * policy as written, the launcher role's IAM policies as declared, and the fixes for both.
 */
import type { Index } from '../config/discover.js'
import type { ResourceInstance } from '../config/resource.js'
import type { KeyCheck, KeyUseSite } from '../model.js'
import type { PolicyRead } from './key-policy.js'
import { judgeLauncher } from './launcher.js'
import { karpenterIamFix, launcherKeyFix, roleForFix } from './launcher-fix.js'
import { rolePolicies } from './role-policies.js'

/** Whether these uses are a launcher's, judged here rather than for the Auto Scaling role. */
export function launchedByRole(uses: KeyUseSite[]): boolean {
  return uses.some(u => u.launcher === 'karpenter' || u.launcher === 'auto-mode')
}

export function judgeLauncherKey(
  key: ResourceInstance,
  read: PolicyRead,
  uses: KeyUseSite[],
  index: Index
): KeyCheck {
  return judgeLauncher({
    address: key.fullAddress,
    read,
    uses,
    identity: role => rolePolicies(role, key, index),
    fix: (launcher, missing, role) => {
      const roleResource = rolePolicies(role, key, index).role
      const keyFix = launcherKeyFix(read.style, missing, roleForFix(role, key, roleResource))
      const iamFix =
        launcher === 'karpenter' ? karpenterIamFix(missing, key, roleResource) : undefined
      return iamFix ? `${keyFix}\n\n${iamFix}` : keyFix
    }
  })
}
