/**
 * The IAM policies of a launcher's role as the configuration declares them, for a key policy
 * that delegates to the account: then KMS allows the role only what its identity-based policies
 * allow (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html, "Allows
 * access to the AWS account and enables IAM policies"). Read: aws_iam_role_policy,
 * aws_iam_role_policy_attachment of an aws_iam_policy, the role's inline_policy blocks and
 * managed_policy_arns. The community karpenter submodule's iam_policy_statements and
 * iam_role_policies end in these resources; its own statements grant no KMS.
 */
import { isObject, Unknown, type UnknownCause, type Value } from '../eval/values.js'
import { attributeOrUnknown, keyTargets, safe, type Index } from '../config/discover.js'
import type { ResourceInstance } from '../config/resource.js'
import { documentStatements, type PolicyStatement } from './key-policy.js'

export interface RolePolicies {
  /** The role's resource, when the configuration declares it. */
  role?: ResourceInstance
  /** Statements, each with the policy it is in; Resource naming this key is "*". */
  statements: (PolicyStatement & { policy: string })[]
  /** Policies of the role this configuration does not show: the verdict cannot rest on the ones it does. */
  hidden: UnknownCause[]
}

/**
 * AWS managed policies for EKS clusters and nodes grant no KMS use of a customer managed key: Auto
 * Mode's guide asks for the key policy for it (https://docs.aws.amazon.com/eks/latest/userguide/auto-kms.html).
 */
const NO_KMS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(service-role\/)?AmazonEKS[A-Za-z0-9_]*$/

function names(role: ResourceInstance, index: Index, of: Value): boolean {
  if (of instanceof Unknown) return index.resolve(of) === role
  return (
    typeof of === 'string' &&
    of ===
      safe(
        () => role.attribute('name'),
        () => undefined
      )
  )
}

/** Resource as the evaluator should compare it with this key: "*" for this key, another key's address otherwise. */
function resourceFor(resource: Value, key: ResourceInstance, index: Index): Value {
  if (Array.isArray(resource)) return resource.map(r => resourceFor(r, key, index))
  if (resource instanceof Unknown) {
    const targets = keyTargets(resource, index, key.decl.pos)
    if (targets.some(t => t.kind === 'key' && t.instance === key)) return '*'
    if (targets.length && targets.every(t => t.kind === 'key'))
      return `arn:aws:kms:::key/${targets.map(t => (t.kind === 'key' ? t.instance.fullAddress : '')).join(',')}`
  }
  return resource
}

export function rolePolicies(role: string, key: ResourceInstance, index: Index): RolePolicies {
  const instance = index.ofType('aws_iam_role').find(r => `${r.fullAddress}.arn` === role)
  if (!instance)
    return {
      statements: [],
      hidden: [
        {
          what: `the IAM policies of ${role}`,
          how: 'the role is not declared in this configuration, so its policies are not known here: run verify against the account after apply'
        }
      ]
    }
  const out: RolePolicies = { role: instance, statements: [], hidden: [] }
  const add = (policy: Value, name: string, pos = instance.decl.pos) => {
    const read = documentStatements(policy)
    if (!read.statements) {
      out.hidden.push(
        ...(read.causes.length
          ? read.causes
          : [
              {
                what: `the policy of ${name}`,
                pos,
                how: read.reason ?? 'it is not known before apply'
              }
            ])
      )
      return
    }
    for (const statement of read.statements)
      out.statements.push({
        value: {
          ...statement.value,
          Resource: resourceFor(statement.value.Resource ?? '*', key, index)
        },
        pos: statement.pos ?? pos,
        policy: name
      })
  }
  const attach = (arn: Value, name: string, pos = instance.decl.pos) => {
    const policy = index.resolve(arn)
    if (policy?.type === 'aws_iam_policy')
      add(attributeOrUnknown(policy, 'policy'), policy.fullAddress, policy.decl.pos)
    else if (typeof arn === 'string' && NO_KMS_MANAGED.test(arn)) return
    else
      out.hidden.push({
        what: `the policy ${typeof arn === 'string' ? arn : arn instanceof Unknown ? arn.text() : 'attached'} (${name})`,
        pos,
        how: 'it is not declared in this configuration: run verify against the account after apply'
      })
  }
  for (const inline of index.ofType('aws_iam_role_policy'))
    if (names(instance, index, attributeOrUnknown(inline, 'role')))
      add(attributeOrUnknown(inline, 'policy'), inline.fullAddress, inline.decl.pos)
  for (const attachment of index.ofType('aws_iam_role_policy_attachment'))
    if (names(instance, index, attributeOrUnknown(attachment, 'role')))
      attach(
        attributeOrUnknown(attachment, 'policy_arn'),
        attachment.fullAddress,
        attachment.decl.pos
      )
  for (const block of safe(
    () => instance.blocks('inline_policy'),
    () => []
  ))
    add(block.get('policy', block.pos), `${instance.fullAddress} inline_policy`, block.pos)
  const managed = attributeOrUnknown(instance, 'managed_policy_arns')
  if (Array.isArray(managed))
    for (const arn of managed) attach(arn, `${instance.fullAddress}.managed_policy_arns`)
  else if (managed instanceof Unknown)
    attach(managed, `${instance.fullAddress}.managed_policy_arns`)
  else if (managed !== null && !isObject(managed))
    attach(managed, `${instance.fullAddress}.managed_policy_arns`)
  return out
}
