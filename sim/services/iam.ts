/** IAM and STS (awsQuery, XML). */
import { runSimulation } from '@cloud-copilot/iam-simulate'
import { AwsError, queryList } from '../wire.js'
import type { Role, World } from '../world.js'

/** The IAM policies of a launcher's role, as the scenario gives them. */
function rolePolicies(world: World, roleArn: string): unknown[] | undefined {
  const { karpenter, autoMode } = world.scenario.launchers ?? {}
  if (karpenter?.roleArn === roleArn) return karpenter.iamPolicies ?? []
  if (autoMode && world.scenario.cluster.roleArn === roleArn) return autoMode.iamPolicies ?? []
  return undefined
}

/**
 * SimulatePrincipalPolicy: the role's identity policies only (no resource policy is passed, so
 * none is evaluated), per action and resource, with the context entries given
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html).
 */
async function simulatePrincipalPolicy(world: World, params: URLSearchParams) {
  const source = params.get('PolicySourceArn') ?? ''
  const policies = rolePolicies(world, source)
  if (!policies)
    throw new AwsError('NoSuchEntity', `The role with ARN ${source} cannot be found.`, 404)
  const context: Record<string, string | string[]> = {}
  for (const [name, value] of params) {
    const match = /^ContextEntries\.member\.(\d+)\.ContextKeyName$/.exec(name)
    if (match)
      context[value] = queryList(params, `ContextEntries.member.${match[1]}.ContextKeyValues`)[0]
  }
  const results = []
  for (const action of queryList(params, 'ActionNames')) {
    for (const resource of queryList(params, 'ResourceArns')) {
      const result = await runSimulation(
        {
          request: {
            principal: source,
            action,
            resource: { resource, accountId: resource.split(':')[4] ?? world.account },
            contextVariables: { 'aws:PrincipalArn': source, ...context }
          },
          identityPolicies: policies.map((policy, i) => ({
            name: `policy-${i}`,
            policy: policy as Record<string, unknown>
          })),
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          // Only the identity side is simulated; the evaluator requires a key policy for KMS, so
          // it is given one that delegates to the account (what SimulatePrincipalPolicy assumes
          // without a ResourcePolicy parameter).
          resourcePolicy: resource.includes(':kms:')
            ? {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { AWS: `arn:${world.partition}:iam::${world.account}:root` },
                    Action: '*',
                    Resource: '*'
                  }
                ]
              }
            : undefined
        },
        { simulationMode: 'Strict' }
      )
      const overall = result.resultType === 'single' ? result.overallResult : 'ImplicitlyDenied'
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision:
          overall === 'Allowed'
            ? 'allowed'
            : overall === 'ExplicitlyDenied'
              ? 'explicitDeny'
              : 'implicitDeny'
      })
    }
  }
  return { EvaluationResults: results, IsTruncated: false }
}

function roleXml(role: Role): Record<string, unknown> {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: new Date(role.createdAt),
    AssumeRolePolicyDocument: encodeURIComponent(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'autoscaling.amazonaws.com' },
            Action: 'sts:AssumeRole'
          }
        ]
      })
    )
  }
}

export function handleIam(world: World, operation: string, params: URLSearchParams): unknown {
  switch (operation) {
    case 'SimulatePrincipalPolicy':
      return simulatePrincipalPolicy(world, params)
    case 'GetRole': {
      const name = params.get('RoleName') ?? ''
      const role = world.roles.get(name)
      if (!role)
        throw new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404)
      return { Role: roleXml(role) }
    }
    case 'CreateServiceLinkedRole': {
      const service = params.get('AWSServiceName')
      if (service !== 'autoscaling.amazonaws.com')
        throw new AwsError('InvalidInput', `Unsupported service: ${service}`)
      const suffix = params.get('CustomSuffix') ?? undefined
      const name = suffix
        ? `AWSServiceRoleForAutoScaling_${suffix}`
        : 'AWSServiceRoleForAutoScaling'
      if (world.roles.has(name)) {
        throw new AwsError(
          'InvalidInput',
          `Service role name ${name} has been taken in this account, please try a different suffix.`
        )
      }
      return { Role: roleXml(world.createServiceLinkedRole(suffix)) }
    }
    default:
      throw new AwsError(
        'InvalidAction',
        `Could not find operation ${operation} for version 2010-05-08`
      )
  }
}

export function handleSts(world: World, operation: string): unknown {
  if (operation !== 'GetCallerIdentity')
    throw new AwsError('InvalidAction', `Could not find operation ${operation}`)
  const arn = world.scenario.caller
  return {
    Arn: arn,
    UserId: `AROAEXAMPLEROLEID01:${arn.split('/').pop()}`,
    Account: arn.split(':')[4]
  }
}
