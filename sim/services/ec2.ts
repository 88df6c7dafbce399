/** EC2 (ec2Query: XML with lowerCamel names and <item> lists). */
import { reservationId, type FleetInstance } from '../fleet.js'
import { AwsError, epochSeconds, queryList } from '../wire.js'
import type { World } from '../world.js'

/** ec2Query filters: Filter.N.Name / Filter.N.Value.M. */
function ec2Filters(params: URLSearchParams): Map<string, string[]> {
  const filters = new Map<string, string[]>()
  for (const [name, value] of params) {
    const match = /^Filter\.(\d+)\.Name$/.exec(name)
    if (match) filters.set(value, queryList(params, `Filter.${match[1]}.Value`))
  }
  return filters
}

/** Whether tags and a state pass the tag:K, tag-key and instance-state-name filters. */
function passes(filters: Map<string, string[]>, tags: Record<string, string>, state?: string) {
  for (const [name, values] of filters) {
    if (name === 'tag-key' && !values.some(v => v in tags)) return false
    if (name.startsWith('tag:') && !values.includes(tags[name.slice(4)] ?? '\u0000')) return false
    if (name === 'instance-state-name' && !values.includes(state ?? '')) return false
  }
  return true
}

const STATE_CODES: Record<string, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48
}

function instanceXml(i: FleetInstance) {
  return {
    instanceId: i.id,
    instanceType: 'm5.large',
    launchTime: new Date(i.launchedAt),
    instanceState: { code: STATE_CODES[i.state], name: i.state },
    stateReason: i.state === 'pending' || i.state === 'running' ? undefined : i.reason,
    stateTransitionReason: i.reason ? `${i.reason.code}: ${i.reason.message}` : '',
    tagSet: Object.entries(i.tags).map(([key, value]) => ({ key, value })),
    // Instance.Operator (EC2 API Reference): set on instances an AWS service manages.
    operator: i.managed ? { managed: true, principal: 'eks.amazonaws.com' } : { managed: false }
  }
}

export function handleEc2(world: World, operation: string, params: URLSearchParams): unknown {
  switch (operation) {
    case 'DescribeLaunchTemplateVersions': {
      const id = params.get('LaunchTemplateId') ?? undefined
      const name = params.get('LaunchTemplateName') ?? undefined
      const eksCopy = world.nodegroups.find(ng => ng.eksLaunchTemplateId === id)
      const lt = eksCopy ? world.eksLaunchTemplate(eksCopy) : world.findLaunchTemplate(id, name)
      if (!lt) {
        if (id)
          throw new AwsError(
            'InvalidLaunchTemplateId.NotFound',
            `The specified launch template, with template ID ${id}, does not exist.`
          )
        throw new AwsError(
          'InvalidLaunchTemplateName.NotFoundException',
          `The specified launch template, with template name ${name}, does not exist.`
        )
      }
      const requested = queryList(params, 'LaunchTemplateVersion')
      const indexes = requested.length
        ? requested.map(v => world.versionIndex(lt, v))
        : lt.versions.map((_, i) => i)
      for (const [i, index] of indexes.entries()) {
        if (!lt.versions[index])
          throw new AwsError(
            'InvalidLaunchTemplateId.VersionNotFound',
            `Could not find launch template version ${requested[i]}.`
          )
      }
      return {
        launchTemplateVersionSet: indexes.map(index => ({
          launchTemplateId: lt.id,
          launchTemplateName: lt.name,
          versionNumber: index + 1,
          defaultVersion: index + 1 === (lt.defaultVersion ?? 1),
          launchTemplateData: {
            imageId: lt.versions[index].imageId,
            blockDeviceMappingSet: lt.versions[index].blockDeviceMappings.map(m => ({
              deviceName: m.deviceName,
              ebs: m.ebs
                ? {
                    encrypted: m.ebs.encrypted,
                    kmsKeyId: m.ebs.kmsKeyId,
                    volumeSize: m.ebs.volumeSize,
                    volumeType: m.ebs.volumeType,
                    snapshotId: m.ebs.snapshotId
                  }
                : undefined
            }))
          }
        }))
      }
    }
    case 'DescribeImages': {
      // Only what the action asks: ImageId.N. An AMI that does not exist (or was deregistered) is
      // simply absent, as in EC2; an AMI not listed in the scenario is public and unencrypted.
      return {
        imagesSet: queryList(params, 'ImageId').map(id => {
          const image = world.scenario.images?.find(i => i.id === id)
          return {
            imageId: id,
            imageOwnerId: image?.ownerId ?? (image ? world.account : '602401143452'),
            imageState: 'available',
            isPublic: !image,
            rootDeviceName: '/dev/xvda',
            blockDeviceMapping: (
              image?.blockDeviceMappings ?? [
                { deviceName: '/dev/xvda', snapshotId: 'snap-0public0000000000', encrypted: false }
              ]
            ).map(m => ({
              deviceName: m.deviceName,
              ebs: {
                snapshotId: m.snapshotId,
                encrypted: m.encrypted === true,
                volumeSize: 20,
                volumeType: 'gp3',
                deleteOnTermination: true
              }
            }))
          }
        })
      }
    }
    case 'DescribeSnapshots': {
      const ids = queryList(params, 'SnapshotId')
      const found = ids.map(id => {
        for (const image of world.scenario.images ?? []) {
          const mapping = image.blockDeviceMappings.find(m => m.snapshotId === id)
          if (!mapping) continue
          const own = (image.ownerId ?? world.account) === world.account
          if (!(image.snapshotsVisible ?? own)) return undefined
          const key = mapping.kmsKeyId ? world.findKey(mapping.kmsKeyId) : undefined
          return {
            snapshotId: id,
            ownerId: image.ownerId ?? world.account,
            status: 'completed',
            volumeSize: 20,
            encrypted: mapping.encrypted === true,
            kmsKeyId: mapping.encrypted ? (key?.arn ?? mapping.kmsKeyId) : undefined
          }
        }
        return undefined
      })
      const missing = ids.find((_, i) => !found[i])
      if (missing)
        throw new AwsError('InvalidSnapshot.NotFound', `The snapshot '${missing}' does not exist.`)
      return { snapshotSet: found }
    }
    case 'DescribeInstances': {
      // Managed instances (EKS Auto Mode's) are left out unless IncludeManagedResources=true,
      // with the account's managed resource visibility at its default, hidden
      // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html,
      // IncludeManagedResources; GetManagedResourceVisibility's DefaultVisibility).
      const includeManaged = params.get('IncludeManagedResources') === 'true'
      const filters = ec2Filters(params)
      const instances = world.fleetInstances.filter(
        i => (!i.managed || includeManaged) && passes(filters, i.tags, i.state)
      )
      return {
        reservationSet: instances.map(i => ({
          reservationId: reservationId(),
          ownerId: world.account,
          instancesSet: [instanceXml(i)]
        }))
      }
    }
    case 'DescribeLaunchTemplates': {
      const filters = ec2Filters(params)
      const templates = [...world.launchTemplates.values()].filter(lt =>
        passes(filters, lt.tags ?? {})
      )
      return {
        launchTemplates: templates.map(lt => ({
          launchTemplateId: lt.id,
          launchTemplateName: lt.name,
          createTime: new Date(epochSeconds(world.startedAt) * 1000),
          defaultVersionNumber: lt.defaultVersion ?? 1,
          latestVersionNumber: lt.versions.length,
          tagSet: Object.entries(lt.tags ?? {}).map(([key, value]) => ({ key, value }))
        }))
      }
    }
    case 'GetEbsEncryptionByDefault':
      return {
        ebsEncryptionByDefault: world.scenario.ebsEncryptionByDefault === true,
        sseType: 'sse-ebs'
      }
    case 'GetEbsDefaultKmsKeyId': {
      const reference = world.scenario.ebsDefaultKmsKeyId
      const key = reference ? world.findKey(reference) : undefined
      return { kmsKeyId: key?.arn ?? reference ?? 'alias/aws/ebs' }
    }
    default:
      throw new AwsError(
        'InvalidAction',
        `The action ${operation} is not valid for this web service.`
      )
  }
}
