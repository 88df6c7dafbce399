/**
 * check's judge of one Terraform key: its policy read from the configuration, its grants and any
 * golden AMI found there, handed to the verdict shared by every format (verdict.ts) — or to the
 * launchers' judge when Karpenter or Auto Mode launch with it.
 */
import { unusable } from './key-state.js'
import type { ResourceInstance } from '../config/resource.js'
import { visiblePos } from '../config/where.js'
import type { Index } from '../config/discover.js'
import { fixFor } from './fix.js'
import { judgeLauncherKey, launchedByRole } from './launcher-key.js'
import { readPolicy } from './key-policy.js'
import type { KeyCheck, KeyUseSite } from '../model.js'
import { onlyElsewhere } from '../../model/check-findings.js'
import { grantsFor } from './grants.js'
import { goldenAmiOf } from './golden-ami.js'
import { judge } from './verdict.js'

export function checkKey(key: ResourceInstance, uses: KeyUseSite[], index: Index): KeyCheck {
  return onlyElsewhere(decideKey(key, uses, index), {
    scope: 'this configuration',
    how: 'none in this configuration does: check the configuration that declares it, or remove the unused launch template'
  })
}

function decideKey(key: ResourceInstance, uses: KeyUseSite[], index: Index): KeyCheck {
  const broken = unusable(key, uses)
  if (broken) return broken
  const read = readPolicy(key, index)
  read.pos = visiblePos(
    read.holder.module,
    read.pos,
    read.style === 'kms-module' ? 'key_service_roles_for_autoscaling' : undefined
  )
  // Karpenter's and Auto Mode's roles have their own requirements (kms/launchers.ts).
  if (launchedByRole(uses)) return judgeLauncherKey(key, read, uses, index)
  return judge({
    address: key.fullAddress,
    read,
    uses,
    grants: grantsFor(key, index),
    goldenAmi: goldenAmiOf(key, index),
    fix: (style, missing, role) =>
      fixFor(
        style,
        missing,
        style === 'kms-module'
          ? (read.holder.module.parent ?? read.holder.module)
          : read.holder.module,
        role,
        index,
        read.pos.file.endsWith('.tf.json')
      )
  })
}
