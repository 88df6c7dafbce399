/**
 * Attributes the AWS provider computes that check needs to know before apply: who "this
 * account" and "this partition" are, a service-linked role's ARN (including custom suffixes),
 * and a policy document's JSON. Everything else computed stays unknown, with its resource.
 */
import type { Pos } from '../hcl/ast.js'
import { Unknown, type Value } from '../eval/values.js'
import type { ResourceInstance } from './resource.js'
import { renderPolicyDocument } from './policy-document.js'

/** Stands for "the account this configuration is applied in". */
export const THIS_ACCOUNT = '000000000000'
/** The partition the check assumes for this account; ARNs are compared within it. */
export const THIS_PARTITION = 'aws'

/** Service-linked role names by service (the ones a key policy for node volumes can name). */
const SERVICE_LINKED_ROLES: Record<string, string> = {
  'autoscaling.amazonaws.com': 'AWSServiceRoleForAutoScaling',
  'eks.amazonaws.com': 'AWSServiceRoleForAmazonEKS',
  'eks-nodegroup.amazonaws.com': 'AWSServiceRoleForAmazonEKSNodegroup'
}

export function computedAttribute(
  instance: ResourceInstance,
  name: string,
  pos: Pos
): Value | undefined {
  const data = instance.decl.mode === 'data'
  switch (`${data ? 'data.' : ''}${instance.type}.${name}`) {
    case 'data.aws_caller_identity.account_id':
    case 'data.aws_caller_identity.id':
      return THIS_ACCOUNT
    case 'data.aws_partition.partition':
    case 'data.aws_partition.id':
      return THIS_PARTITION
    case 'data.aws_partition.dns_suffix':
      return 'amazonaws.com'
    case 'data.aws_iam_policy_document.json':
    case 'data.aws_iam_policy_document.minified_json':
      return renderPolicyDocument(instance, pos)
    case 'aws_iam_service_linked_role.arn':
    case 'aws_iam_service_linked_role.id':
    case 'aws_iam_service_linked_role.name':
      return serviceLinkedRole(instance, name)
  }
  return undefined
}

function serviceLinkedRole(instance: ResourceInstance, name: string): Value | undefined {
  const service = instance.attribute('aws_service_name')
  const suffix = instance.attribute('custom_suffix')
  if (service instanceof Unknown || suffix instanceof Unknown) return undefined
  const base = typeof service === 'string' ? SERVICE_LINKED_ROLES[service] : undefined
  if (!base) return undefined
  const roleName = typeof suffix === 'string' && suffix ? `${base}_${suffix}` : base
  if (name === 'name') return roleName
  return `arn:${THIS_PARTITION}:iam::${THIS_ACCOUNT}:role/aws-service-role/${String(service)}/${roleName}`
}
