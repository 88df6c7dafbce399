/**
 * Least-privilege enforcement: every AWS call is authorized against the scenario's identity
 * policy (the policy of the role the action runs as) the way IAM does it — the call's action, the
 * real ARN of the resource it touches, and the request's condition context (grantee, grant
 * operations, lockout-check bypass, service name, resource tags) — by an independent evaluator,
 * @cloud-copilot/iam-simulate.
 *
 * Only the identity side is decided here. A key policy's own say (another account's key, the
 * lockout check) belongs to the KMS service model in services/kms.ts; for KMS the resource side
 * is therefore taken to delegate to the caller's account, as a key policy's root statement does.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate'
import type { World } from './world.js'

type Context = Record<string, string | string[]>

/** What IAM sees of one call. */
export interface AuthorizationRequest {
  /** `service:Operation`, e.g. kms:CreateGrant. */
  action: string
  /** The resource's ARN, or `*` for actions IAM cannot scope to a resource. */
  resource: string
  /** The account that owns the resource. */
  resourceAccount: string
  context: Context
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied'

/** The raw request, as the server received it. */
export interface RawCall {
  service: string
  operation: string
  /** Path and query of the request URL. */
  url: string
  body: string
}

/** A fixed suffix for node group and add-on ARNs (EKS appends a generated id; policies use `*`). */
const EKS_ARN_ID = '0ec1a2b3-4c5d-6e7f-8091-a2b3c4d5e6f7'

function kmsRequest(world: World, operation: string, input: Record<string, unknown>) {
  const reference = String(input.KeyId ?? '')
  const key = reference ? world.findKey(reference) : undefined
  const caller = world.callerAccount()
  const account = key?.account ?? /^arn:[^:]+:kms:[^:]*:(\d{12}):/.exec(reference)?.[1] ?? caller
  const id = key?.id ?? reference.split('/').pop() ?? 'unknown'
  const resource =
    key?.arn ?? `arn:${world.partition}:kms:${world.region}:${account}:key/${id || 'unknown'}`
  const context: Context = { 'kms:CallerAccount': caller }
  const tags = world.scenario.keys.find(k => k.id === key?.id)?.tags ?? {}
  for (const [name, value] of Object.entries(tags)) context[`aws:ResourceTag/${name}`] = value
  if (operation === 'CreateGrant') {
    context['kms:GranteePrincipal'] = String(input.GranteePrincipal ?? '')
    context['kms:GrantOperations'] = ((input.Operations as unknown[]) ?? []).map(String)
    // The caller itself calls CreateGrant: no AWS service does it on its behalf.
    context['kms:GrantIsForAWSResource'] = 'false'
    if (input.RetiringPrincipal) context['kms:RetiringPrincipal'] = String(input.RetiringPrincipal)
  }
  if (operation === 'PutKeyPolicy') {
    context['kms:BypassPolicyLockoutSafetyCheck'] = String(
      input.BypassPolicyLockoutSafetyCheck === true
    )
  }
  if (operation === 'ListGrants' && input.GranteePrincipal)
    context['kms:GranteePrincipal'] = String(input.GranteePrincipal)
  return { resource, resourceAccount: account, context }
}

function eksResource(world: World, url: URL): string {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent)
  const { partition, region, account } = world
  const prefix = `arn:${partition}:eks:${region}:${account}`
  if (parts[0] !== 'clusters' || !parts[1]) return '*'
  const cluster = parts[1]
  const nodegroup = (name: string) => `${prefix}:nodegroup/${cluster}/${name}/${EKS_ARN_ID}`
  const addon = (name: string) => `${prefix}:addon/${cluster}/${name}/${EKS_ARN_ID}`
  if (parts[2] === 'node-groups' && parts[3]) return nodegroup(parts[3])
  if (parts[2] === 'addons' && parts[3]) return addon(parts[3])
  if (parts[2] === 'pod-identity-associations' && parts[3])
    return `${prefix}:podidentityassociation/${cluster}/${parts[3]}`
  if (parts[2] === 'updates') {
    const ng = url.searchParams.get('nodegroupName')
    const ad = url.searchParams.get('addonName')
    if (ng) return nodegroup(ng)
    if (ad) return addon(ad)
  }
  return `${prefix}:cluster/${cluster}`
}

function iamRequest(world: World, operation: string, params: URLSearchParams) {
  const roleArn = (name: string) =>
    world.roles.get(name)?.arn ??
    (name.startsWith('AWSServiceRoleForAutoScaling')
      ? world.serviceLinkedRoleArn(name)
      : `arn:${world.partition}:iam::${world.account}:role/${name}`)
  const context: Context = {}
  let resource = '*'
  if (operation === 'GetRole') resource = roleArn(params.get('RoleName') ?? '')
  // SimulatePrincipalPolicy is authorized on the principal whose policies are simulated.
  if (operation === 'SimulatePrincipalPolicy') resource = params.get('PolicySourceArn') ?? '*'
  if (operation === 'CreateServiceLinkedRole') {
    const service = params.get('AWSServiceName') ?? ''
    const suffix = params.get('CustomSuffix')
    context['iam:AWSServiceName'] = service
    resource =
      service === 'autoscaling.amazonaws.com'
        ? world.serviceLinkedRoleArn(`AWSServiceRoleForAutoScaling${suffix ? `_${suffix}` : ''}`)
        : `arn:${world.partition}:iam::${world.account}:role/aws-service-role/${service}/*`
  }
  return { resource, context }
}

/** The action, resource ARN and context of one call, as IAM would see them. */
export function describeCall(world: World, call: RawCall): AuthorizationRequest {
  const action = `${call.service}:${call.operation}`
  const own = world.callerAccount()
  if (call.service === 'kms') {
    const input = call.body ? (JSON.parse(call.body) as Record<string, unknown>) : {}
    return { action, ...kmsRequest(world, call.operation, input) }
  }
  if (call.service === 'eks') {
    const resource = eksResource(world, new URL(call.url, 'http://localhost'))
    return { action, resource, resourceAccount: own, context: {} }
  }
  if (call.service === 'iam') {
    return {
      action,
      resourceAccount: own,
      ...iamRequest(world, call.operation, new URLSearchParams(call.body))
    }
  }
  // Auto Scaling and EC2: the Describe/Get calls the action makes take no resource-level scope.
  return { action, resource: '*', resourceAccount: own, context: {} }
}

/** IAM's decision on one request for a principal holding only this identity policy. */
export async function evaluateIdentityPolicy(
  world: World,
  policy: unknown,
  request: AuthorizationRequest
): Promise<Decision> {
  const caller = world.scenario.caller
  const callerAccount = world.callerAccount()
  const result = await runSimulation(
    {
      request: {
        principal: caller,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: {
          'aws:PrincipalAccount': callerAccount,
          'aws:ResourceAccount': request.resourceAccount,
          ...request.context
        }
      },
      identityPolicies: [{ name: 'eks-kms-guard', policy: policy as Record<string, unknown> }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.action.startsWith('kms:')
        ? {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'KeyPolicyDelegatesToIam',
                Effect: 'Allow',
                Principal: { AWS: `arn:${world.partition}:iam::${callerAccount}:root` },
                Action: '*',
                Resource: '*'
              }
            ]
          }
        : undefined
    },
    { simulationMode: 'Strict' }
  )
  if (result.resultType === 'error') {
    // A request the evaluator rejects is a bug in this model (an unknown action or resource
    // type), never a silent allow.
    throw new Error(
      `iam-simulate rejected ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`
    )
  }
  return result.overallResult as Decision
}

const LOG = new WeakMap<World, (AuthorizationRequest & { decision: Decision })[]>()

/** Every call authorized against the identity policy so far, with IAM's decision (for tests). */
export function authorizationsOf(world: World): (AuthorizationRequest & { decision: Decision })[] {
  let log = LOG.get(world)
  if (!log) LOG.set(world, (log = []))
  return log
}

/** The identity policy a scenario enforces, if any (`allowedActions` is an action-only shorthand). */
export function scenarioIdentityPolicy(world: World): unknown {
  const { identityPolicy, allowedActions } = world.scenario
  if (identityPolicy) return identityPolicy
  if (allowedActions)
    return {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: allowedActions, Resource: '*' }]
    }
  return undefined
}

/**
 * AWS's AccessDenied message for a call the scenario's identity policy does not allow, or
 * undefined when it is allowed (or no policy is enforced). STS GetCallerIdentity needs no
 * permission and is never denied.
 */
export async function identityDenial(world: World, call: RawCall): Promise<string | undefined> {
  const policy = scenarioIdentityPolicy(world)
  if (!policy || call.service === 'sts') return undefined
  const request = describeCall(world, call)
  const decision = await evaluateIdentityPolicy(world, policy, request)
  authorizationsOf(world).push({ ...request, decision })
  if (decision === 'Allowed') return undefined
  const on = request.resource === '*' ? '' : ` on resource: ${request.resource}`
  const why =
    decision === 'ExplicitlyDenied'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${request.action} action`
  return `User: ${world.scenario.caller} is not authorized to perform: ${request.action}${on} ${why}`
}
