/** EKS (restJson1): routes by method and path. */
import { AwsError, epochSeconds } from '../wire.js'
import type { Nodegroup, World } from '../world.js'

function clusterNotFound(name: string): AwsError {
  return new AwsError('ResourceNotFoundException', `No cluster found for name: ${name}.`, 404)
}

function nodegroupDescription(world: World, ng: Nodegroup): Record<string, unknown> {
  const { account, region, partition, scenario } = world
  const lt = ng.spec.launchTemplate
  const ltResolved = lt ? world.findLaunchTemplate(lt.id, lt.name) : undefined
  const desired = ng.spec.desiredSize ?? 2
  return {
    nodegroupName: ng.name,
    nodegroupArn: `arn:${partition}:eks:${region}:${account}:nodegroup/${scenario.cluster.name}/${ng.name}/${ng.asgName.slice(-13)}`,
    clusterName: scenario.cluster.name,
    version: scenario.cluster.version,
    releaseVersion: '1.31.0-20261101',
    createdAt: epochSeconds(ng.createAt ?? world.now()),
    modifiedAt: epochSeconds(ng.statusChangedAt || (ng.createAt ?? world.now())),
    status: ng.status,
    capacityType: 'ON_DEMAND',
    scalingConfig: { minSize: 1, maxSize: Math.max(desired, 3), desiredSize: desired },
    instanceTypes: [ng.spec.instanceType ?? 't3.medium'],
    subnets: ['subnet-0a1b2c3d4e5f6a7b8', 'subnet-1a1b2c3d4e5f6a7b8'],
    amiType: 'AL2023_x86_64_STANDARD',
    nodeRole: `arn:${partition}:iam::${account}:role/eks-node-role`,
    labels: {},
    resources:
      ng.asgCreatedAt !== undefined && ng.asgCreatedAt <= world.now()
        ? { autoScalingGroups: [{ name: ng.asgName }] }
        : {},
    health: { issues: world.healthIssues(ng) },
    launchTemplate: ltResolved
      ? {
          name: ltResolved.name,
          id: ltResolved.id,
          version: lt?.version ?? String(ltResolved.defaultVersion ?? 1)
        }
      : undefined,
    tags: {}
  }
}

export async function handleEks(
  world: World,
  method: string,
  path: string,
  query: URLSearchParams
): Promise<{ operation: string; run: () => unknown }> {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent)
  const { cluster } = world.scenario
  if (parts[0] !== 'clusters' || method !== 'GET') {
    return {
      operation: 'Unknown',
      run: () => {
        throw new AwsError(
          'UnknownOperationException',
          `${method} ${path} is not supported by this simulator`,
          404
        )
      }
    }
  }
  const requireCluster = (name: string) => {
    if (name !== cluster.name || !world.clusterExists()) throw clusterNotFound(name)
  }
  if (parts.length === 2) {
    return {
      operation: 'DescribeCluster',
      run: () => {
        requireCluster(parts[1])
        const secretsKey = cluster.secretsKeyId ? world.findKey(cluster.secretsKeyId) : undefined
        return {
          cluster: {
            name: cluster.name,
            arn: `arn:${world.partition}:eks:${world.region}:${world.account}:cluster/${cluster.name}`,
            createdAt: epochSeconds(world.clusterCreateAt ?? world.now()),
            version: cluster.version,
            roleArn: cluster.roleArn,
            status: 'ACTIVE',
            encryptionConfig: secretsKey
              ? [{ resources: ['secrets'], provider: { keyArn: secretsKey.arn } }]
              : undefined
          }
        }
      }
    }
  }
  if (parts.length === 3 && parts[2] === 'node-groups') {
    return {
      operation: 'ListNodegroups',
      run: () => {
        requireCluster(parts[1])
        const names = world.nodegroups.filter(ng => world.nodegroupExists(ng)).map(ng => ng.name)
        const max = Number(query.get('maxResults') ?? 100)
        const start = Number(query.get('nextToken') ?? 0)
        const page = names.slice(start, start + max)
        return {
          nodegroups: page,
          nextToken: start + max < names.length ? String(start + max) : undefined
        }
      }
    }
  }
  if (parts.length === 4 && parts[2] === 'node-groups') {
    return {
      operation: 'DescribeNodegroup',
      run: () => {
        requireCluster(parts[1])
        const ng = world.nodegroups.find(n => n.name === parts[3] && world.nodegroupExists(n))
        if (!ng)
          throw new AwsError(
            'ResourceNotFoundException',
            `No node group found for name: ${parts[3]}.`,
            404
          )
        return { nodegroup: nodegroupDescription(world, ng) }
      }
    }
  }
  return {
    operation: 'Unknown',
    run: () => {
      throw new AwsError(
        'UnknownOperationException',
        `${method} ${path} is not supported by this simulator`,
        404
      )
    }
  }
}
