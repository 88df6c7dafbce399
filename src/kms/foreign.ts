/**
 * Another account's key, as this account can see it. KMS allows a cross-account call only when
 * the owner's key policy allows this account AND this account's IAM policy allows the caller
 * (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html);
 * the least-privilege policies of this project allow DescribeKey, ListGrants and CreateGrant on any
 * account's key, so an AccessDenied on another account's key is the owner's key policy speaking —
 * a fact about the key, never about this run's role. GetKeyPolicy never works across accounts.
 *
 * The Auto Scaling service-linked role can use another account's key only through a grant (or an
 * IAM policy, which a service-linked role cannot be given), and a Deny of the owner's policy still
 * wins: the EC2 Auto Scaling user guide's cross-account example has the owner allow this account's
 * root the use actions and kms:CreateGrant, then this account creates the grant
 * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html).
 */
import { PermissionError } from '../aws/errors.js'
import type { KeyAssessment, KeyFacts } from '../model/index.js'
import { USE_STATEMENT_ACTIONS } from './requirements.js'

/** The name deploy gives its grant: KMS returns the same grant for the same name and parameters. */
export const GRANT_NAME = 'eks-kms-guard-autoscaling-ebs'

/** The account a key or alias ARN names; undefined for a key id or alias name (this account's). */
export function accountOfReference(reference: string): string | undefined {
  return /^arn:[^:]+:kms:[^:]*:(\d{12}):/.exec(reference)?.[1]
}

/** An AccessDenied from another account's key: the owner's key policy refused this call. */
export function ownerRefusal(error: unknown, owner: string | undefined, caller: string): boolean {
  return error instanceof PermissionError && owner !== undefined && owner !== caller
}

/** Facts of a key whose owner refuses even DescribeKey: only its ARN and account are known. */
export function refusedKeyFacts(reference: string, owner: string): KeyFacts {
  return {
    reference,
    found: false,
    arn: /:key\//.test(reference) ? reference : undefined,
    account: owner,
    grants: [],
    ownerRefused: ['kms:DescribeKey']
  }
}

/** The owner's key policy refused these calls of this run (kms:DescribeKey, kms:ListGrants, …). */
export function refusedCalls(facts: KeyFacts): string[] {
  return facts.ownerRefused ?? []
}

/** The owner's policy does not trust this account at all: even DescribeKey is refused. */
export function untrusted(facts: KeyFacts): boolean {
  return refusedCalls(facts).includes('kms:DescribeKey')
}

/**
 * The cross-account part of a key's assessment: a grant to the role decides it. When the owner's
 * policy hides the grants (ListGrants refused, as in the guide's example), the key is not blamed
 * without evidence: the launches' own failures decide it (see the verdict).
 */
export function assessForeignKey(assessment: KeyAssessment, roleArn: string): void {
  const { facts, causes, ruledOut, openQuestions } = assessment
  const owner = facts.account ?? '?'
  const refused = refusedCalls(facts)
  if (refused.length > 0)
    openQuestions.push(
      `the key policy of account ${owner} refuses this account ${refused.join(', ')}; only that account can change it`
    )
  if (untrusted(facts)) {
    causes.push('kms-key-cross-account')
    return
  }
  if (refused.includes('kms:CreateGrant') && !assessment.grantCovers) {
    causes.push('kms-key-cross-account')
    return
  }
  if (assessment.grantCovers) {
    ruledOut.push(`a grant lets ${roleArn} use the key of account ${owner}`)
    openQuestions.push(
      `whether a Deny of account ${owner}'s key policy (which this account cannot read) overrides that grant`
    )
  } else if (facts.grantsUnknown)
    openQuestions.push(
      `whether a grant lets ${roleArn} use the key: account ${owner}'s key policy refuses kms:ListGrants, so failed launches decide it`
    )
  else causes.push('kms-key-cross-account')
}

/** What the owner must add to its key policy: the guide's two statements for this account. */
export function ownerStatements(
  partition: string,
  account: string,
  refused: string[]
): Record<string, unknown>[] {
  const root = { AWS: `arn:${partition}:iam::${account}:root` }
  const use = {
    Sid: `AllowExternalAccount${account}Use`,
    Effect: 'Allow',
    Principal: root,
    Action: [...USE_STATEMENT_ACTIONS],
    Resource: '*'
  }
  const grants = {
    Sid: `AllowExternalAccount${account}Grants`,
    Effect: 'Allow',
    Principal: root,
    Action: 'kms:CreateGrant',
    Resource: '*'
  }
  // A refused CreateGrant alone, with DescribeKey answered, means the use statement is there.
  const onlyGrants = refused.includes('kms:CreateGrant') && !refused.includes('kms:DescribeKey')
  return onlyGrants ? [grants] : [use, grants]
}
