/** IAM and STS (awsQuery, XML). */
import { AwsError } from '../wire.js'
import type { Role, World } from '../world.js'

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
