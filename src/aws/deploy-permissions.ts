/**
 * The deploy mode's statements: verify's reads plus the writes that fix a key (its policy, or a
 * grant on another account's key) and the creation of the Auto Scaling service-linked role, each
 * narrowed as far as IAM's conditions allow.
 */
import { GRANT_OPERATIONS } from '../model/index.js'
import type { IamStatement, Permission, PermissionTarget } from './permission-types.js'
import { autoscalingRoleArns, verifyPermissions } from './verify-permissions.js'

function putKeyPolicyPermission(target: PermissionTarget): Permission {
  const scope = target.putKeyPolicy ?? { kind: 'account' }
  const statement: IamStatement = {
    Sid: 'KmsWriteKeyPolicy',
    Effect: 'Allow',
    Action: ['kms:PutKeyPolicy'],
    Resource:
      scope.kind === 'keys'
        ? scope.keyArns
        : `arn:${target.partition}:kms:*:${target.account}:key/*`
  }
  let narrowing = ''
  if (scope.kind === 'tag') {
    // KMS supports aws:ResourceTag/<key> in IAM policies to control access to a key by its tags
    // (https://docs.aws.amazon.com/kms/latest/developerguide/tag-authorization.html); tag changes
    // can take up to five minutes to affect authorization, and whoever may tag keys then decides
    // which keys the guard may write.
    statement.Condition = { StringEquals: { [`aws:ResourceTag/${scope.tagKey}`]: scope.tagValue } }
    narrowing = ` Narrowed to keys tagged ${scope.tagKey}=${scope.tagValue}; a key without the tag is reported, never written.`
  } else if (scope.kind === 'keys') {
    narrowing = ' Narrowed to the listed keys.'
  }
  return {
    purpose: `Add the missing Auto Scaling statements to a customer-managed key policy of this account (PutKeyPolicy cannot work across accounts). The key policy must also allow it — its root statement does — and KMS's lockout check, which the action never bypasses, requires that anyway.${narrowing}`,
    statement
  }
}

export function deployPermissions(target: PermissionTarget): Permission[] {
  const { partition } = target
  return [
    ...verifyPermissions(target),
    putKeyPolicyPermission(target),
    {
      purpose:
        'The action never sets BypassPolicyLockoutSafetyCheck; this makes sure a write that tries to cannot succeed with these credentials.',
      statement: {
        Sid: 'KmsNeverBypassLockoutCheck',
        Effect: 'Deny',
        Action: ['kms:PutKeyPolicy'],
        Resource: '*',
        Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': true } }
      }
    },
    {
      // kms:CreateGrant is called only on ANOTHER account's key (the Auto Scaling guide's
      // cross-account fix: the grant must be created from the Auto Scaling group's account), so
      // the Resource must reach keys of other accounts; the key's owner must allow it too, in
      // the key policy. kms:GrantIsForAWSResource does NOT apply: it is true only "when an AWS
      // service that is integrated with AWS KMS sends the request on the principal's behalf",
      // and here the action itself calls CreateGrant. Narrowed instead by what the grant may be:
      // kms:GranteePrincipal and kms:GrantOperations
      // (https://docs.aws.amazon.com/kms/latest/developerguide/grant-authorization.html,
      // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html).
      purpose:
        'A grant that lets this account’s Auto Scaling role use another account’s key (the only fix possible from here: a key policy of another account cannot be written). Any account’s key, but only a grant to the Auto Scaling role, and only for the operations EBS needs. The key’s owner must allow this account kms:CreateGrant in its key policy; when it does not, the run names the owner account and the statement it must add.',
      statement: {
        Sid: 'KmsGrantToAutoScalingRoleOnAnyAccountKey',
        Effect: 'Allow',
        Action: ['kms:CreateGrant'],
        Resource: `arn:${partition}:kms:*:*:key/*`,
        Condition: {
          StringLike: { 'kms:GranteePrincipal': autoscalingRoleArns(target) },
          'ForAllValues:StringEquals': { 'kms:GrantOperations': [...GRANT_OPERATIONS] }
        }
      }
    },
    {
      purpose:
        'Create the Auto Scaling service-linked role on a fresh account (no Auto Scaling group was ever created there), so the key policy can name it.',
      statement: {
        Sid: 'CreateAutoScalingRole',
        Effect: 'Allow',
        Action: ['iam:CreateServiceLinkedRole'],
        Resource: autoscalingRoleArns(target),
        Condition: { StringEquals: { 'iam:AWSServiceName': 'autoscaling.amazonaws.com' } }
      }
    }
  ]
}
