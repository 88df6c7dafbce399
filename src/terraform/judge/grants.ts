/**
 * aws_kms_grant resources on a key, read as the key policy statements they amount to, so a grant
 * is judged by the same evaluator and rules as the policy's own principals.
 */
import type { ResourceInstance } from '../config/resource.js'
import { keyTargets, type Index } from '../config/discover.js'
import { LazyObject, Unknown, isObject, type Value } from '../eval/values.js'

export interface Grant {
  /** Address, for messages. */
  name: string
  pos?: { file?: string; line?: number }
  grantee: unknown
  operations: unknown
  /**
   * The grant's `constraints` blocks, each an object of encryption_context_equals /
   * encryption_context_subset maps (plan JSON gives them as such a list too).
   */
  constraints?: unknown
}

/** A grant's constraints blocks (dynamic ones expanded); none is an empty list, not unknown. */
function constraintsOf(instance: ResourceInstance): Value {
  const blocks = instance.blocks('constraints')
  return blocks.length ? blocks : (instance.attribute('constraints') ?? [])
}

export function grantsFor(key: ResourceInstance, index: Index): Grant[] {
  return index.ofType('aws_kms_grant').flatMap(instance => {
    try {
      const targets = keyTargets(instance.attribute('key_id') ?? null, index, instance.decl.pos)
      if (!targets.some(t => t.kind === 'key' && t.instance === key)) return []
      return [
        {
          name: instance.fullAddress,
          pos: instance.decl.pos,
          grantee: instance.attribute('grantee_principal'),
          operations: instance.attribute('operations'),
          constraints: constraintsOf(instance)
        }
      ]
    } catch {
      return []
    }
  })
}

/**
 * A grant as the key policy statement it amounts to, so it is judged under the same rules as the
 * policy's principals — literal account ids, a variable's default, data.aws_caller_identity, a
 * custom-suffix role all compare as they do in statements. A grant allows its grantee its
 * operations on this one key (docs.aws.amazon.com/kms/latest/developerguide/grants.html); its
 * constraints allow only requests whose encryption context matches them
 * (docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html), which EBS's context
 * (the volume's id) is not known to do before a launch: as a condition on
 * kms:EncryptionContext:<key>, the evaluator leaves it "cannot tell".
 */
export function grantStatement(grant: Grant): Record<string, Value> {
  const operations = grant.operations
  const statement: Record<string, Value> = {
    Sid: `aws_kms_grant ${grant.name}`,
    Effect: 'Allow',
    Principal: { AWS: grant.grantee as Value },
    Action:
      operations instanceof Unknown
        ? operations
        : Array.isArray(operations)
          ? operations.map(o => (o instanceof Unknown ? o : `kms:${String(o)}`))
          : [],
    Resource: '*'
  }
  const condition = grantCondition(grant.constraints)
  if (condition) statement.Condition = condition
  return statement
}

function grantCondition(constraints: unknown): Value | undefined {
  if (constraints instanceof Unknown)
    return { StringEquals: { 'kms:EncryptionContextKeys': constraints } }
  const list = (Array.isArray(constraints) ? constraints : []) as Value[]
  const equals: Record<string, Value> = {}
  for (const block of list) {
    const object = block instanceof LazyObject ? block.force({ file: '', line: 0 }) : block
    if (!isObject(object)) continue
    for (const name of ['encryption_context_equals', 'encryption_context_subset']) {
      const map = object[name]
      if (map instanceof Unknown) equals['kms:EncryptionContextKeys'] = map
      else if (isObject(map))
        for (const [k, v] of Object.entries(map)) equals[`kms:EncryptionContext:${k}`] = v
    }
  }
  return Object.keys(equals).length ? { StringEquals: equals } : undefined
}
