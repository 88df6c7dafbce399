/** EKS (restJson1): routes by method and path, as the SDK's operation schemas send them. */
import {
  addonShape,
  createAddon,
  describeAddonVersions,
  findAddon,
  updateAddon,
  type AddonRequest
} from '../addons.js'
import {
  findNodegroup,
  startClusterVersionUpdate,
  startNodegroupConfigUpdate,
  startNodegroupVersionUpdate,
  type Update
} from '../updates.js'
import { AwsError, epochSeconds } from '../wire.js'
import type { Nodegroup, World } from '../world.js'

function clusterNotFound(name: string): AwsError {
  return new AwsError('ResourceNotFoundException', `No cluster found for name: ${name}.`, 404)
}

function nodegroupDescription(world: World, ng: Nodegroup): Record<string, unknown> {
  const { account, region, partition, scenario } = world
  const lt = ng.spec.launchTemplate
  const ltResolved = lt ? world.findLaunchTemplate(lt.id, lt.name) : undefined
  return {
    nodegroupName: ng.name,
    nodegroupArn: `arn:${partition}:eks:${region}:${account}:nodegroup/${scenario.cluster.name}/${ng.name}/${ng.asgName.slice(-13)}`,
    clusterName: scenario.cluster.name,
    version: ng.version,
    releaseVersion: ng.releaseVersion,
    createdAt: epochSeconds(ng.createAt ?? world.now()),
    modifiedAt: epochSeconds(ng.statusChangedAt || (ng.createAt ?? world.now())),
    status: world.nodegroupDeleting(ng) ? 'DELETING' : ng.status,
    capacityType: 'ON_DEMAND',
    scalingConfig: { ...ng.scaling },
    instanceTypes: [ng.spec.instanceType ?? 't3.medium'],
    subnets: ['subnet-0a1b2c3d4e5f6a7b8', 'subnet-1a1b2c3d4e5f6a7b8'],
    amiType: 'AL2023_x86_64_STANDARD',
    nodeRole: `arn:${partition}:iam::${account}:role/eks-node-role`,
    labels: { ...ng.labels },
    resources:
      ng.asgCreatedAt !== undefined && ng.asgCreatedAt <= world.now()
        ? { autoScalingGroups: [{ name: ng.asgName }] }
        : {},
    health: { issues: world.healthIssues(ng) },
    updateConfig: { maxUnavailable: 1 },
    launchTemplate: ltResolved
      ? { name: ltResolved.name, id: ltResolved.id, version: ng.launchTemplateVersion }
      : undefined,
    tags: {}
  }
}

export function updateShape(update: Update): Record<string, unknown> {
  return {
    id: update.id,
    status: update.status,
    type: update.type,
    params: update.params,
    createdAt: epochSeconds(update.createdAt),
    errors: update.errors,
    cancellation: update.cancellation
  }
}

function page<T>(items: T[], query: URLSearchParams): { items: T[]; nextToken?: string } {
  const max = Number(query.get('maxResults') ?? 100)
  if (!(max >= 1 && max <= 100))
    throw new AwsError('InvalidParameterException', 'maxResults must be between 1 and 100')
  const start = Number(query.get('nextToken') ?? 0)
  return {
    items: items.slice(start, start + max),
    nextToken: start + max < items.length ? String(start + max) : undefined
  }
}

type Route = { operation: string; run: () => unknown }

function podIdentityAssociations(world: World) {
  const karpenter = world.scenario.launchers?.karpenter
  if (!karpenter?.roleArn || karpenter.podIdentity === false) return []
  const cluster = world.scenario.cluster.name
  const associationId = 'a-karpenter0000001'
  return [
    {
      clusterName: cluster,
      namespace: 'kube-system',
      serviceAccount: 'karpenter',
      associationId,
      associationArn: `arn:${world.partition}:eks:${world.region}:${world.account}:podidentityassociation/${cluster}/${associationId}`,
      roleArn: karpenter.roleArn
    }
  ]
}

function unknownRoute(method: string, path: string): Route {
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

export async function handleEks(
  world: World,
  method: string,
  path: string,
  query: URLSearchParams,
  body = ''
): Promise<Route> {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent)
  const { cluster } = world.scenario
  const input = (): Record<string, unknown> =>
    body ? (JSON.parse(body) as Record<string, unknown>) : {}
  const requireCluster = (name: string) => {
    if (name !== cluster.name || !world.clusterExists()) throw clusterNotFound(name)
  }
  const route = `${method} ${parts.map((p, i) => (i % 2 === 1 ? '*' : p)).join('/')}`
  switch (route) {
    case 'GET clusters':
      // ListClusters: the account's clusters in this Region (one page: the simulator has one).
      return {
        operation: 'ListClusters',
        run: () => ({ clusters: world.clusterExists() ? [cluster.name] : [] })
      }
    case 'GET addons/*':
      if (parts[1] !== 'supported-versions') return unknownRoute(method, path)
      return { operation: 'DescribeAddonVersions', run: () => describeAddonVersions(world, query) }
    case 'GET clusters/*':
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
              platformVersion: cluster.platformVersion,
              roleArn: cluster.roleArn,
              status: world.clusterStatusNow(),
              computeConfig: cluster.autoMode
                ? {
                    enabled: true,
                    nodePools: ['general-purpose', 'system'],
                    nodeRoleArn: `arn:${world.partition}:iam::${world.account}:role/eks-auto-node-role`
                  }
                : undefined,
              encryptionConfig: secretsKey
                ? [{ resources: ['secrets'], provider: { keyArn: secretsKey.arn } }]
                : undefined
            }
          }
        }
      }
    // Pod Identity: the Karpenter controller's role (the community module's default association
    // is kube-system/karpenter). ListPodIdentityAssociations returns no role; Describe does
    // (EKS API Reference, PodIdentityAssociationSummary and PodIdentityAssociation).
    case 'GET clusters/*/pod-identity-associations':
      return {
        operation: 'ListPodIdentityAssociations',
        run: () => {
          requireCluster(parts[1])
          const associations = podIdentityAssociations(world).filter(
            a =>
              (!query.get('namespace') || a.namespace === query.get('namespace')) &&
              (!query.get('serviceAccount') || a.serviceAccount === query.get('serviceAccount'))
          )
          return {
            associations: associations.map(({ roleArn: _role, ...summary }) => summary)
          }
        }
      }
    case 'GET clusters/*/pod-identity-associations/*':
      return {
        operation: 'DescribePodIdentityAssociation',
        run: () => {
          requireCluster(parts[1])
          const association = podIdentityAssociations(world).find(a => a.associationId === parts[3])
          if (!association)
            throw new AwsError(
              'ResourceNotFoundException',
              `No Pod Identity Association found with id ${parts[3]}`,
              404
            )
          return { association }
        }
      }
    case 'GET clusters/*/node-groups':
      return {
        operation: 'ListNodegroups',
        run: () => {
          requireCluster(parts[1])
          const names = world.nodegroups
            .filter(ng => world.nodegroupExists(ng) && !ng.spec.selfManaged)
            .map(ng => ng.name)
          const { items, nextToken } = page(names, query)
          return { nodegroups: items, nextToken }
        }
      }
    case 'GET clusters/*/node-groups/*':
      return {
        operation: 'DescribeNodegroup',
        run: () => {
          requireCluster(parts[1])
          return { nodegroup: nodegroupDescription(world, findNodegroup(world, parts[3])) }
        }
      }
    case 'POST clusters/*/node-groups/*/update-version':
      return {
        operation: 'UpdateNodegroupVersion',
        run: () => {
          requireCluster(parts[1])
          const ng = findNodegroup(world, parts[3])
          return {
            update: updateShape(startNodegroupVersionUpdate(world, ng, input(), world.now()))
          }
        }
      }
    case 'POST clusters/*/node-groups/*/update-config':
      return {
        operation: 'UpdateNodegroupConfig',
        run: () => {
          requireCluster(parts[1])
          const ng = findNodegroup(world, parts[3])
          return {
            update: updateShape(startNodegroupConfigUpdate(world, ng, input(), world.now()))
          }
        }
      }
    case 'GET clusters/*/updates':
      return {
        operation: 'ListUpdates',
        run: () => {
          requireCluster(parts[1])
          const nodegroup = query.get('nodegroupName') ?? undefined
          const addon = query.get('addonName') ?? undefined
          if (nodegroup) findNodegroup(world, nodegroup)
          if (addon) findAddon(world, addon)
          const ids = world.updates
            .filter(u => u.createdAt <= world.now())
            .filter(u => u.nodegroup === nodegroup && u.addon === addon)
            .map(u => u.id)
          const { items, nextToken } = page(ids, query)
          return { updateIds: items, nextToken }
        }
      }
    case 'POST clusters/*/updates':
      return {
        operation: 'UpdateClusterVersion',
        run: () => {
          requireCluster(parts[1])
          const version = String(input().version ?? '')
          return { update: updateShape(startClusterVersionUpdate(world, version, world.now())) }
        }
      }
    case 'GET clusters/*/updates/*':
      return {
        operation: 'DescribeUpdate',
        run: () => {
          requireCluster(parts[1])
          const update = world.updates.find(
            u =>
              u.id === parts[3] &&
              u.nodegroup === (query.get('nodegroupName') ?? undefined) &&
              u.addon === (query.get('addonName') ?? undefined)
          )
          if (!update)
            throw new AwsError(
              'ResourceNotFoundException',
              `No update found for ID: ${parts[3]}.`,
              404
            )
          return { update: updateShape(update) }
        }
      }
    case 'GET clusters/*/addons':
      return {
        operation: 'ListAddons',
        run: () => {
          requireCluster(parts[1])
          const names = world.addons
            .filter(a => a.createdAt !== undefined && a.createdAt <= world.now())
            .map(a => a.name)
          const { items, nextToken } = page(names, query)
          return { addons: items, nextToken }
        }
      }
    case 'POST clusters/*/addons':
      return {
        operation: 'CreateAddon',
        run: () => {
          requireCluster(parts[1])
          const addon = createAddon(world, input() as AddonRequest, world.now())
          return { addon: addonShape(world, addon) }
        }
      }
    case 'GET clusters/*/addons/*':
      return {
        operation: 'DescribeAddon',
        run: () => {
          requireCluster(parts[1])
          return { addon: addonShape(world, findAddon(world, parts[3])) }
        }
      }
    case 'POST clusters/*/addons/*/update':
      return {
        operation: 'UpdateAddon',
        run: () => {
          requireCluster(parts[1])
          const update = updateAddon(world, parts[3], input() as AddonRequest, world.now())
          return { update: updateShape(update) }
        }
      }
    default:
      return unknownRoute(method, path)
  }
}
