/**
 * A KMS key as the launch sees it: inspection reads it (DescribeKey, GetKeyPolicy, ListGrants);
 * assessment, pure, decides what is wrong with it for the Auto Scaling role and what was ruled out.
 */
import {
  CreateGrantCommand,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  ListGrantsCommand,
  type GrantListEntry,
  type KMSClient
} from '@aws-sdk/client-kms'
import { call, errorMessage, isNotFound } from '../aws/errors.js'
import { regionOfKey, type KeyAssessment, type KeyContext, type KeyFacts } from '../model/index.js'
import { checkRequirements, GRANT_OPERATIONS, requirements } from './requirements.js'
import { orphanedPrincipals, parseKeyPolicy, PolicyParseError } from './document.js'
import {
  accountOfReference,
  assessForeignKey,
  GRANT_NAME,
  ownerRefusal,
  refusedKeyFacts
} from './foreign.js'

const GRANT_MINIMUM = ['Decrypt', 'GenerateDataKeyWithoutPlaintext', 'CreateGrant']

export async function inspectKey(
  kms: KMSClient,
  reference: string,
  autoscalingRoleArn: string,
  callerAccount: string
): Promise<KeyFacts> {
  const facts: KeyFacts = { reference, found: false, grants: [] }
  let metadata
  try {
    metadata = (
      await call('kms:DescribeKey', reference, () =>
        kms.send(new DescribeKeyCommand({ KeyId: reference }))
      )
    ).KeyMetadata
  } catch (error) {
    if (isNotFound(error)) return facts
    const owner = accountOfReference(reference)
    if (ownerRefusal(error, owner, callerAccount)) return refusedKeyFacts(reference, owner!)
    throw error
  }
  if (!metadata) return facts
  Object.assign(facts, {
    found: true,
    arn: metadata.Arn,
    keyId: metadata.KeyId,
    account: metadata.AWSAccountId,
    state: metadata.KeyState,
    manager: metadata.KeyManager,
    spec: metadata.KeySpec ?? metadata.CustomerMasterKeySpec,
    usage: metadata.KeyUsage,
    origin: metadata.Origin,
    description: metadata.Description,
    deletionDate: metadata.DeletionDate?.toISOString()
  })
  if (facts.manager === 'AWS') return facts
  if (facts.account === callerAccount) {
    facts.policyText = await readKeyPolicy(kms, facts.arn as string)
  }
  try {
    facts.grants = await listRoleGrants(kms, facts.arn as string, autoscalingRoleArn)
  } catch (error) {
    if (!ownerRefusal(error, facts.account, callerAccount)) throw error
    facts.grantsUnknown = true
    facts.ownerRefused = ['kms:ListGrants']
  }
  return facts
}

export async function readKeyPolicy(kms: KMSClient, keyArn: string): Promise<string> {
  const response = await call('kms:GetKeyPolicy', keyArn, () =>
    kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }))
  )
  return response.Policy ?? ''
}

/**
 * A grant that lets the Auto Scaling role use the key for EBS (the cross-account fix). Named, so a
 * second call with the same parameters returns the same grant instead of another one.
 */
export async function createRoleGrant(
  kms: KMSClient,
  keyArn: string,
  grantee: string
): Promise<{ id: string; name: string }> {
  const response = await call('kms:CreateGrant', keyArn, () =>
    kms.send(
      new CreateGrantCommand({
        KeyId: keyArn,
        GranteePrincipal: grantee,
        Operations: GRANT_OPERATIONS as never,
        Name: GRANT_NAME
      })
    )
  )
  return { id: response.GrantId ?? '', name: GRANT_NAME }
}

export async function listRoleGrants(
  kms: KMSClient,
  keyArn: string,
  grantee: string
): Promise<GrantListEntry[]> {
  const grants: GrantListEntry[] = []
  let marker: string | undefined
  try {
    do {
      const page = await call('kms:ListGrants', keyArn, () =>
        kms.send(
          new ListGrantsCommand({ KeyId: keyArn, GranteePrincipal: grantee, Marker: marker })
        )
      )
      grants.push(...(page.Grants ?? []).filter(g => g.GranteePrincipal === grantee))
      marker = page.Truncated ? page.NextMarker : undefined
    } while (marker)
  } catch (error) {
    // A missing grant permission only costs us the grant path; the policy check still stands.
    if (!/AccessDenied/i.test(errorMessage(error))) throw error
  }
  return grants
}

export function grantCovers(grants: GrantListEntry[]): boolean {
  return grants.some(g => GRANT_MINIMUM.every(op => g.Operations?.includes(op as never)))
}

export function assessKey(facts: KeyFacts, context: KeyContext): KeyAssessment {
  const assessment: KeyAssessment = {
    facts,
    causes: [],
    statuses: [],
    orphans: [],
    grantCovers: grantCovers(facts.grants),
    crossAccount: false,
    ruledOut: [],
    openQuestions: []
  }
  const { causes, ruledOut, openQuestions } = assessment
  assessment.crossAccount = facts.account !== undefined && facts.account !== context.callerAccount
  if (assessment.crossAccount && !facts.found && facts.ownerRefused?.length) {
    assessForeignKey(assessment, context.autoscalingRoleArn)
    return finish(assessment)
  }
  // KMS keys are regional and EBS uses only keys of the volume's Region: another Region's key ARN
  // is NotFound to this Region's KMS, whatever DescribeKey elsewhere would say.
  if (
    !facts.found ||
    (regionOfKey(facts.arn ?? facts.reference) ?? context.region) !== context.region
  ) {
    causes.push('kms-key-not-found')
    return assessment
  }
  ruledOut.push(`the key exists (${facts.arn})`)
  switch (facts.state) {
    case 'Enabled':
      ruledOut.push('the key is Enabled')
      break
    case 'PendingDeletion':
    case 'PendingReplicaDeletion':
      causes.push('kms-key-pending-deletion')
      break
    case 'PendingImport':
      causes.push('kms-key-pending-import')
      break
    case 'Disabled':
    case 'Unavailable':
      causes.push('kms-key-disabled')
      break
    default:
      openQuestions.push(`the key is in state ${facts.state}, which KMS may leave shortly`)
  }
  if (facts.spec === 'SYMMETRIC_DEFAULT' && facts.usage === 'ENCRYPT_DECRYPT') {
    ruledOut.push('the key is a symmetric encryption key (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)')
  } else {
    causes.push('kms-key-unusable-spec')
  }
  if (facts.manager === 'AWS') {
    ruledOut.push('the key is AWS managed, which Auto Scaling may use without a policy change')
    return finish(assessment)
  }
  if (context.autoscalingRoleExists === false) causes.push('autoscaling-role-missing')
  else if (context.autoscalingRoleExists === true)
    ruledOut.push(`the Auto Scaling service-linked role exists (${context.autoscalingRoleArn})`)

  if (assessment.crossAccount) {
    assessForeignKey(assessment, context.autoscalingRoleArn)
    return finish(assessment)
  }
  ruledOut.push('the key is in this account')
  if (facts.policyText === undefined) {
    openQuestions.push('the key policy could not be read')
    return finish(assessment)
  }
  try {
    assessment.policy = parseKeyPolicy(facts.policyText)
  } catch (error) {
    assessment.policyError = error instanceof PolicyParseError ? error.message : String(error)
    openQuestions.push(assessment.policyError)
    return finish(assessment)
  }
  assessment.orphans = orphanedPrincipals(assessment.policy)
  assessment.statuses = checkRequirements(
    assessment.policy,
    facts.arn as string,
    requirements({
      autoscalingRoleArn: context.autoscalingRoleArn,
      region: context.region,
      account: context.callerAccount,
      clusterRoleArn: context.clusterRoleArn
    })
  )
  for (const status of assessment.statuses) {
    const label =
      status.requirement.id === 'cluster-secrets' ? 'the cluster role' : 'the Auto Scaling role'
    if (status.status === 'denied') causes.push('kms-key-explicit-deny')
    else if (status.status === 'unknown')
      openQuestions.push(
        `whether the key policy grants ${label} ${status.requirement.id === 'autoscaling-grants' ? 'kms:CreateGrant' : 'key use'}: ${status.reasons.join('; ') || 'a statement this action cannot evaluate'}`
      )
    else if (status.status === 'missing' && status.requirement.id === 'cluster-secrets') {
      openQuestions.push(
        'the key policy names neither the cluster role nor the account root for secrets encryption'
      )
    } else if (status.status === 'missing' && !assessment.grantCovers) {
      causes.push('kms-policy-missing-autoscaling-role')
    } else if (status.status === 'missing') {
      ruledOut.push(`a grant lets ${context.autoscalingRoleArn} use the key`)
    } else if (status.status === 'granted') {
      ruledOut.push(
        `the key policy grants ${label} ${status.requirement.id === 'autoscaling-grants' ? 'kms:CreateGrant for AWS resources' : status.requirement.id === 'cluster-secrets' ? 'what secrets encryption needs' : 'Encrypt, Decrypt, ReEncrypt*, GenerateDataKey* and DescribeKey'}`
      )
    }
  }
  if (assessment.orphans.length > 0) causes.push('kms-policy-orphaned-principal')
  else ruledOut.push('the key policy holds no orphaned principal ids')
  if (!causes.includes('kms-key-explicit-deny'))
    ruledOut.push('no Deny statement of the key policy blocks the Auto Scaling role')
  return finish(assessment)
}

function finish(assessment: KeyAssessment): KeyAssessment {
  assessment.causes = [...new Set(assessment.causes)]
  return assessment
}
