/** KMS (awsJson1_1, X-Amz-Target: TrentService.<Operation>). */
import { randomUUID } from 'node:crypto'
import { evaluateKeyPolicy } from '../judge.js'
import { AwsError, epochSeconds } from '../wire.js'
import type { Key, World } from '../world.js'

type Input = Record<string, unknown>

/** The documented key policy size quota; AWS has since raised the model limit, we stay strict. */
const POLICY_LIMIT_BYTES = 32_768

function notFound(world: World, reference: string): AwsError {
  if (reference.includes('alias/')) {
    const arn = reference.startsWith('arn:')
      ? reference
      : `arn:${world.partition}:kms:${world.region}:${world.callerAccount()}:${reference}`
    return new AwsError('NotFoundException', `Alias ${arn} is not found.`)
  }
  return new AwsError('NotFoundException', `Key '${reference}' does not exist`)
}

function requireKey(world: World, input: Input, allowAlias: boolean): Key {
  const reference = String(input.KeyId ?? '')
  if (!reference)
    throw new AwsError(
      'ValidationException',
      "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null"
    )
  if (!allowAlias && reference.includes('alias/')) {
    throw new AwsError('NotFoundException', `Invalid keyId '${reference}'`)
  }
  const key = world.findKey(reference)
  if (!key) throw notFound(world, reference)
  return key
}

function ownerRefusal(world: World, key: Key, operation: string): AwsError {
  return new AwsError(
    'AccessDeniedException',
    `User: ${world.scenario.caller} is not authorized to perform: kms:${operation} on resource: ${key.arn} because no resource-based policy allows the kms:${operation} action`
  )
}

/**
 * Key policy operations are not cross-account: another account's key cannot have its policy
 * read or written, whatever its policy says ("Cross-account use: No" on GetKeyPolicy and
 * PutKeyPolicy, https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html).
 */
function requireOwnAccount(world: World, key: Key, operation: string): void {
  if (key.account !== world.callerAccount()) throw ownerRefusal(world, key, operation)
}

/**
 * Another account's key: KMS allows a cross-account call only when the owner's key policy allows
 * the caller's account (or the caller) AND the caller's own IAM policy allows it ("Neither the key
 * policy nor the IAM policy is sufficient",
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html).
 * The IAM side is decided by sim/least-privilege.ts before the call reaches here; this is the
 * owner's side. Same-account calls stay as before: the default root statement delegates to IAM.
 */
async function requireOwnerAllows(
  world: World,
  key: Key,
  operation: string,
  context: Record<string, string> = {}
): Promise<void> {
  if (key.account === world.callerAccount()) return
  const decision = await evaluateKeyPolicy(
    world,
    world.currentPolicy(key),
    key,
    world.scenario.caller,
    `kms:${operation}`,
    context,
    true
  )
  if (decision !== 'Allowed') throw ownerRefusal(world, key, operation)
}

/** The request context KMS sets on CreateGrant (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html). */
function grantContext(input: Input): Record<string, string> {
  return {
    'kms:GranteePrincipal': String(input.GranteePrincipal ?? ''),
    // The caller itself calls CreateGrant here: no AWS service does it on its behalf.
    'kms:GrantIsForAWSResource': 'false'
  }
}

function sameGrantRequest(grant: Key['grants'][number], input: Input): boolean {
  const operations = ((input.Operations as string[]) ?? []).map(String).sort()
  return (
    grant.granteePrincipal === String(input.GranteePrincipal ?? '') &&
    grant.retiringPrincipal ===
      (input.RetiringPrincipal ? String(input.RetiringPrincipal) : undefined) &&
    [...grant.operations].sort().join(',') === operations.join(',')
  )
}

function keyMetadata(key: Key): Record<string, unknown> {
  return {
    AWSAccountId: key.account,
    KeyId: key.id,
    Arn: key.arn,
    CreationDate: epochSeconds(key.createdAt),
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.usage,
    KeyState: key.state,
    DeletionDate:
      key.state === 'PendingDeletion' ? epochSeconds(key.createdAt + 30 * 86_400_000) : undefined,
    PendingDeletionWindowInDays: key.state === 'PendingDeletion' ? 30 : undefined,
    Origin: key.origin,
    KeyManager: key.manager,
    CustomerMasterKeySpec: key.spec,
    KeySpec: key.spec,
    EncryptionAlgorithms:
      key.spec === 'SYMMETRIC_DEFAULT' ? ['SYMMETRIC_DEFAULT'] : ['RSAES_OAEP_SHA_256'],
    MultiRegion: false
  }
}

function principalsOf(policy: unknown): string[] {
  const statements = (policy as { Statement?: unknown })?.Statement
  const list = Array.isArray(statements) ? statements : statements ? [statements] : []
  const principals: string[] = []
  for (const statement of list as { Principal?: unknown }[]) {
    const principal = statement?.Principal
    if (principal === '*') principals.push('*')
    else if (principal && typeof principal === 'object') {
      const aws = (principal as { AWS?: unknown }).AWS
      if (aws !== undefined)
        principals.push(...(Array.isArray(aws) ? aws.map(String) : [String(aws)]))
    }
  }
  return principals
}

async function putKeyPolicy(world: World, input: Input): Promise<Record<string, unknown>> {
  const key = requireKey(world, input, false)
  requireOwnAccount(world, key, 'PutKeyPolicy')
  if (key.manager === 'AWS') {
    throw new AwsError(
      'AccessDeniedException',
      `User: ${world.scenario.caller} is not authorized to perform: kms:PutKeyPolicy on resource: ${key.arn} because it is an AWS managed key`
    )
  }
  const text = String(input.Policy ?? '')
  if (Buffer.byteLength(text, 'utf8') > POLICY_LIMIT_BYTES) {
    throw new AwsError(
      'LimitExceededException',
      'Policy document exceeds the maximum size of 32768 bytes.'
    )
  }
  let policy: unknown
  try {
    policy = JSON.parse(text)
  } catch {
    throw new AwsError(
      'MalformedPolicyDocumentException',
      'The policy is not syntactically correct.'
    )
  }
  if (!principalsOf(policy).every(p => world.principalExists(p))) {
    throw new AwsError(
      'MalformedPolicyDocumentException',
      'Policy contains a statement with one or more invalid principals.'
    )
  }
  if (input.BypassPolicyLockoutSafetyCheck !== true) {
    const decision = await evaluateKeyPolicy(
      world,
      text,
      key,
      world.scenario.caller,
      'kms:PutKeyPolicy',
      {},
      true
    )
    if (decision !== 'Allowed') {
      throw new AwsError(
        'MalformedPolicyDocumentException',
        'The new key policy will not allow you to update the key policy in the future.'
      )
    }
  }
  world.putPolicy(key, text)
  return {}
}

/** Another writer (a Terraform apply, another pipeline) changes the policy right after our call. */
function fireConcurrentWriters(
  world: World,
  operation: 'GetKeyPolicy' | 'PutKeyPolicy',
  key: Key,
  before: string
): void {
  const counter = `${operation}:${key.id}`
  const count = (world.keyCallCounts.get(counter) ?? 0) + 1
  world.keyCallCounts.set(counter, count)
  for (const writer of world.scenario.concurrentWriters ?? []) {
    if (writer.keyId !== key.id || writer.after !== operation || (writer.nth ?? 1) !== count)
      continue
    // The other writer read the policy before our write and writes back its own edit of it.
    const theirs = JSON.parse(before) as { Statement: unknown[] }
    theirs.Statement = [
      ...(Array.isArray(theirs.Statement) ? theirs.Statement : [theirs.Statement]),
      writer.addStatement
    ]
    world.putPolicy(key, JSON.stringify(theirs, null, 2))
  }
}

export async function handleKms(world: World, operation: string, input: Input): Promise<unknown> {
  switch (operation) {
    case 'DescribeKey': {
      const key = requireKey(world, input, true)
      await requireOwnerAllows(world, key, 'DescribeKey')
      return { KeyMetadata: keyMetadata(key) }
    }
    case 'GetKeyPolicy': {
      const key = requireKey(world, input, false)
      requireOwnAccount(world, key, 'GetKeyPolicy')
      const policyName = String(input.PolicyName ?? 'default')
      if (policyName !== 'default')
        throw new AwsError('NotFoundException', `No such policy exists: ${policyName}`)
      const policy = world.currentPolicy(key)
      fireConcurrentWriters(world, 'GetKeyPolicy', key, policy)
      return { Policy: policy, PolicyName: 'default' }
    }
    case 'PutKeyPolicy': {
      const key = requireKey(world, input, false)
      const before = world.currentPolicy(key)
      const result = await putKeyPolicy(world, input)
      fireConcurrentWriters(world, 'PutKeyPolicy', key, before)
      return result
    }
    case 'ListGrants': {
      const key = requireKey(world, input, false)
      await requireOwnerAllows(world, key, 'ListGrants')
      const grantee = input.GranteePrincipal ? String(input.GranteePrincipal) : undefined
      const grants = key.grants.filter(g => !grantee || g.granteePrincipal === grantee)
      const limit = Number(input.Limit ?? 50)
      const start = input.Marker ? Number(input.Marker) : 0
      const page = grants.slice(start, start + limit)
      const truncated = start + limit < grants.length
      return {
        Grants: page.map(g => ({
          KeyId: key.arn,
          GrantId: g.grantId,
          Name: g.name,
          CreationDate: epochSeconds(g.createdAt),
          GranteePrincipal: g.granteePrincipal,
          RetiringPrincipal: g.retiringPrincipal,
          IssuingAccount: g.issuingAccount,
          Operations: g.operations
        })),
        Truncated: truncated,
        NextMarker: truncated ? String(start + limit) : undefined
      }
    }
    case 'CreateGrant': {
      const key = requireKey(world, input, false)
      const decision = await evaluateKeyPolicy(
        world,
        world.currentPolicy(key),
        key,
        world.scenario.caller,
        'kms:CreateGrant',
        grantContext(input),
        true
      )
      if (decision !== 'Allowed') throw ownerRefusal(world, key, 'CreateGrant')
      const grantee = String(input.GranteePrincipal ?? '')
      if (!world.principalExists(grantee))
        throw new AwsError('InvalidArnException', `Invalid grantee principal: ${grantee}`)
      // "When this value is present, you can retry a CreateGrant request with identical
      // parameters; if the grant already exists, the original GrantId is returned without
      // creating a new grant" (Name, https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html).
      // The token is new every time.
      const name = input.Name ? String(input.Name) : undefined
      const existing = name
        ? key.grants.find(g => g.name === name && sameGrantRequest(g, input))
        : undefined
      if (existing) return { GrantId: existing.grantId, GrantToken: randomUUID() }
      const grantId = randomUUID().replace(/-/g, '')
      key.grants.push({
        grantId,
        keyId: key.id,
        granteePrincipal: grantee,
        retiringPrincipal: input.RetiringPrincipal ? String(input.RetiringPrincipal) : undefined,
        operations: (input.Operations as string[]) ?? [],
        name,
        issuingAccount: `arn:${world.partition}:iam::${world.callerAccount()}:root`,
        createdAt: world.now()
      })
      return { GrantId: grantId, GrantToken: randomUUID() }
    }
    default:
      throw new AwsError(
        'UnknownOperationException',
        `Operation ${operation} is not supported by this simulator`
      )
  }
}
