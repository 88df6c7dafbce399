/**
 * Day 2 in the simulator, as a user of the real SDK sees it: node group updates (setup phase,
 * surge launches judged by the key, NodeCreationFailure and rollback, success after a fix),
 * scale-outs turning DEGRADED, cluster version updates, add-ons, and the control API.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  SetDesiredCapacityCommand
} from '@aws-sdk/client-auto-scaling'
import { DescribeLaunchTemplateVersionsCommand, EC2Client } from '@aws-sdk/client-ec2'
import {
  CreateAddonCommand,
  DescribeAddonCommand,
  DescribeAddonVersionsCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  DescribeUpdateCommand,
  EKSClient,
  InvalidParameterException,
  ListAddonsCommand,
  ListUpdatesCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateAddonCommand,
  UpdateClusterVersionCommand,
  UpdateNodegroupConfigCommand,
  UpdateNodegroupVersionCommand,
  type Update
} from '@aws-sdk/client-eks'
import { GetKeyPolicyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms'
import { resolveScenario } from '../../sim/scenarios.js'
import { startSimulator, type SimulatorHandle } from '../../sim/server.js'

const CLUSTER = 'eks-cluster-synthar3eg'
const NG = 'node-group-synthar3eg'
const LT = 'lt-0abc1234def567890'
const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab'
const KEY_ARN = `arn:aws:kms:us-east-1:111122223333:key/${KEY}`
const SLR =
  'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
const KMS_MESSAGE =
  'Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state'
const SCALE = 600

let sim: SimulatorHandle
const config = () => ({
  region: 'us-east-1',
  endpoint: sim.url,
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  maxAttempts: 1
})
const eks = () => new EKSClient(config())
const autoscaling = () => new AutoScalingClient(config())
/** Lets the simulator's time run on by `ms` (simulated: nothing here waits for the machine). */
const sleep = (ms: number) => sim.clock.sleep(ms)

async function start(name: string, overrides: Record<string, unknown> = {}): Promise<void> {
  sim = await startSimulator(resolveScenario(name, { timeScale: SCALE, ...overrides }))
}
afterEach(async () => {
  await sim?.close()
})

/**
 * Probes until `probe` answers, letting simulated time run between probes: 10 ms (6 scenario
 * seconds) at first, for the turns that come quickly, then longer steps up to 200 ms, so a wait
 * through a 45-minute update is some forty probes, not four hundred.
 */
async function waitFor<T>(probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = sim.clock.now() + ms
  for (let probes = 0; ; probes++) {
    const value = await probe()
    if (value !== undefined) return value
    if (sim.clock.now() > until) throw new Error('condition not reached')
    await sleep(probes < 20 ? 10 : Math.min(200, 10 * 2 ** Math.floor((probes - 20) / 5)))
  }
}

const nodegroup = async () =>
  (await eks().send(new DescribeNodegroupCommand({ clusterName: CLUSTER, nodegroupName: NG })))
    .nodegroup!

async function group() {
  const name = (await nodegroup()).resources!.autoScalingGroups![0].name!
  return (
    await autoscaling().send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] })
    )
  ).AutoScalingGroups![0]
}

/** Every scaling activity of the node group's Auto Scaling group, newest first (all pages). */
async function activities() {
  const name = (await group()).AutoScalingGroupName
  const all = []
  let NextToken: string | undefined
  do {
    const page = await autoscaling().send(
      new DescribeScalingActivitiesCommand({ AutoScalingGroupName: name, NextToken })
    )
    all.push(...(page.Activities ?? []))
    NextToken = page.NextToken
  } while (NextToken)
  return all
}

async function updates(
  input: { nodegroupName?: string; addonName?: string } = {}
): Promise<Update[]> {
  const ids =
    (await eks().send(new ListUpdatesCommand({ name: CLUSTER, ...input }))).updateIds ?? []
  return Promise.all(
    ids.map(
      async updateId =>
        (await eks().send(new DescribeUpdateCommand({ name: CLUSTER, updateId, ...input }))).update!
    )
  )
}

const ngUpdate = async () => (await updates({ nodegroupName: NG }))[0]

/** Minutes between two AWS timestamps, in scenario time. */
const minutes = (from: Date, to: Date) => ((to.getTime() - from.getTime()) * SCALE) / 60_000

function goodPolicy(root: unknown) {
  const policy = JSON.parse(String(root))
  policy.Statement.push(
    {
      Effect: 'Allow',
      Principal: { AWS: SLR },
      Action: [
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncrypt*',
        'kms:GenerateDataKey*',
        'kms:DescribeKey'
      ],
      Resource: '*'
    },
    {
      Effect: 'Allow',
      Principal: { AWS: SLR },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': true } }
    }
  )
  return JSON.stringify(policy)
}

async function fixKey(): Promise<void> {
  const kms = new KMSClient(config())
  const policy = (await kms.send(new GetKeyPolicyCommand({ KeyId: KEY }))).Policy
  await kms.send(new PutKeyPolicyCommand({ KeyId: KEY, Policy: goodPolicy(policy) }))
}

describe('node group version update', () => {
  it('broken key: the group is switched to a new template version before any surge launch, every surge launch is cancelled, the update fails after 45 minutes with NodeCreationFailure and is rolled back', async () => {
    // Started here through the SDK (as a deploy command would); a wide gap before the first launch.
    await start('update-broken-key', {
      timing: { firstLaunchAfterSeconds: 300 },
      updates: [{ id: 'lt-v2', startAfterSeconds: null }]
    })
    expect(
      (await group()).MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification?.Version
    ).toBe('1')
    await eks().send(
      new UpdateNodegroupVersionCommand({
        clusterName: CLUSTER,
        nodegroupName: NG,
        launchTemplate: { id: LT, version: '2' }
      })
    )
    const update = await waitFor(ngUpdate)
    expect(update).toMatchObject({ type: 'VersionUpdate', status: 'InProgress', errors: [] })
    expect(update.params).toEqual(
      expect.arrayContaining([
        { type: 'LaunchTemplateName', value: 'eks-node-lt-synthar3eg' },
        { type: 'LaunchTemplateVersion', value: '2' }
      ])
    )
    expect((await nodegroup()).status).toBe('UPDATING')
    // Setup phase: the group points at a new version of EKS's template before the first surge launch.
    const switched = await waitFor(async () => {
      const g = await group()
      const spec = g.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification
      return spec?.Version === '2' ? { g, spec, launched: (await activities()).length } : undefined
    })
    expect(switched.launched).toBe(0)
    expect(switched.g).toMatchObject({ DesiredCapacity: 6, MaxSize: 9 })
    const version = await new EC2Client(config()).send(
      new DescribeLaunchTemplateVersionsCommand({
        LaunchTemplateId: switched.spec.LaunchTemplateId,
        Versions: ['2']
      })
    )
    expect(
      version.LaunchTemplateVersions?.[0].LaunchTemplateData?.BlockDeviceMappings?.[0].Ebs?.KmsKeyId
    ).toBe(KEY_ARN)
    // A second update is refused while this one runs.
    await expect(
      eks().send(new UpdateNodegroupVersionCommand({ clusterName: CLUSTER, nodegroupName: NG }))
    ).rejects.toThrow(
      expect.objectContaining({
        name: 'ResourceInUseException',
        message: 'Nodegroup cannot be updated as it is currently not in Active State'
      })
    )
    const failed = await waitFor(async () => {
      // Node group first: UPDATING for as long as the update is InProgress, ACTIVE once it ended.
      const status = (await nodegroup()).status
      const u = await ngUpdate()
      expect(status).toBe(u.status === 'InProgress' ? 'UPDATING' : status)
      if (status !== 'UPDATING') expect([status, u.status]).toEqual(['ACTIVE', 'Failed'])
      return u.status === 'InProgress' ? undefined : u
    })
    expect(failed).toMatchObject({
      status: 'Failed',
      errors: [
        {
          errorCode: 'NodeCreationFailure',
          errorMessage: `Couldn't proceed with upgrade process as new nodes are not joining node group ${NG}`,
          resourceIds: []
        }
      ]
    })
    const ng = await nodegroup()
    expect(ng).toMatchObject({ status: 'ACTIVE', launchTemplate: { id: LT, version: '1' } })
    expect(ng.health?.issues).toEqual([])
    expect(Math.round(minutes(failed.createdAt!, ng.modifiedAt!))).toBe(45)
    // Rolled back: previous template version and sizes; the surge never launched.
    const after = await group()
    expect(after.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification?.Version).toBe(
      '1'
    )
    expect(after).toMatchObject({ DesiredCapacity: 3, MaxSize: 6 })
    expect(after.Instances).toHaveLength(3)
    const all = await activities()
    expect(all.length).toBeGreaterThan(40)
    for (const a of all) {
      expect(a.StatusCode).toBe('Cancelled')
      expect(a.StatusMessage).toContain(KMS_MESSAGE)
    }
    expect(all.at(-1)?.Cause).toContain(
      'a user request update of AutoScalingGroup constraints to min: 1, max: 9, desired: 6 changing the desired capacity from 3 to 6.'
    )
  })

  it('the same update succeeds once the new key is fixed mid-update: surge, replacement, scale-down', async () => {
    await start('update-fixed-mid-update')
    const done = await waitFor(async () => {
      const u = await ngUpdate()
      return u?.status === 'Successful' ? u : undefined
    })
    expect(done.errors).toEqual([])
    const ng = await nodegroup()
    expect(ng).toMatchObject({ status: 'ACTIVE', launchTemplate: { version: '2' } })
    const g = await group()
    expect(g.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification?.Version).toBe('2')
    expect(g).toMatchObject({ DesiredCapacity: 3, MaxSize: 6 })
    expect(sim.world.nodegroups[0].instances.map(i => i.templateVersion)).toEqual([2, 2, 2])
    const codes = (await activities()).map(a => a.StatusCode)
    expect(codes).toContain('Cancelled')
    expect(codes.filter(c => c === 'Successful').length).toBeGreaterThanOrEqual(9) // 6 launches, 6 terminations
    const descriptions = (await activities()).map(a => a.Description ?? '')
    expect(descriptions.filter(d => d.startsWith('Terminating EC2 instance')).length).toBe(6)
  })

  it('an update started 20 minutes before the run: UPDATING with twenty minutes of cancelled surge launches, failing 25 minutes in', async () => {
    await start('update-started-before-run')
    const update = await ngUpdate()
    expect(update.status).toBe('InProgress')
    expect(Math.round(minutes(update.createdAt!, new Date(sim.world.startedAt)))).toBe(20)
    expect((await nodegroup()).status).toBe('UPDATING')
    expect(
      (await activities()).filter(a => a.StatusCode === 'Cancelled').length
    ).toBeGreaterThanOrEqual(15 * 3)
    const failed = await waitFor(async () => {
      const u = await ngUpdate()
      return u.status === 'Failed' ? u : undefined
    })
    expect(failed.errors?.[0].errorCode).toBe('NodeCreationFailure')
    const ng = await nodegroup()
    expect(Math.round(minutes(new Date(sim.world.startedAt), ng.modifiedAt!))).toBe(25)
  })

  it('refuses what EKS refuses: another template, an older version, an invalid release', async () => {
    await start('update-broken-key', { updates: [{ id: 'lt-v2', startAfterSeconds: null }] })
    const send = (input: Record<string, unknown>) =>
      eks().send(
        new UpdateNodegroupVersionCommand({ clusterName: CLUSTER, nodegroupName: NG, ...input })
      )
    await expect(
      send({ launchTemplate: { id: 'lt-0other', version: '1' } })
    ).rejects.toBeInstanceOf(InvalidParameterException)
    await expect(send({ version: '1.30' })).rejects.toThrow(/cannot roll back/)
    await expect(send({ releaseVersion: '1.30.0-20261101' })).rejects.toThrow(
      'Requested release version 1.30.0-20261101 is not valid for kubernetes version 1.31.'
    )
    await expect(
      eks().send(new UpdateNodegroupVersionCommand({ clusterName: CLUSTER, nodegroupName: 'nope' }))
    ).rejects.toBeInstanceOf(ResourceNotFoundException)
    expect(await updates({ nodegroupName: NG })).toEqual([])
    // A release update through the SDK: ReleaseVersion and Version params.
    const { update } = await send({})
    expect(update?.params).toEqual([
      { type: 'Version', value: '1.31' },
      { type: 'ReleaseVersion', value: '1.31.0-20261115' }
    ])
    await waitFor(async () => ((await ngUpdate()).status === 'Successful' ? true : undefined))
    expect((await nodegroup()).releaseVersion).toBe('1.31.0-20261115')
  })
})

describe('scale-out with a stripped key', () => {
  it('the config update succeeds, launches are cancelled, the group turns DEGRADED about 10 minutes later and stays so until a launch succeeds', async () => {
    await start('scale-out-stripped-key')
    const update = await waitFor(async () => {
      const u = await ngUpdate()
      return u?.status === 'Successful' ? u : undefined
    })
    expect(update).toMatchObject({
      type: 'ConfigUpdate',
      params: [{ type: 'DesiredSize', value: '3' }]
    })
    expect((await nodegroup()).scalingConfig?.desiredSize).toBe(3)
    const degraded = await waitFor(async () => {
      const ng = await nodegroup()
      return ng.status === 'DEGRADED' ? ng : undefined
    })
    const failures = (await activities()).filter(a => a.StatusCode === 'Cancelled')
    const first = failures.at(-1)!.StartTime!
    expect(Math.round(minutes(first, degraded.modifiedAt!))).toBe(10)
    expect(degraded.health?.issues).toEqual([
      {
        code: 'AsgInstanceLaunchFailures',
        message: expect.stringContaining(KMS_MESSAGE),
        resourceIds: [degraded.resources?.autoScalingGroups?.[0].name]
      }
    ])
    // DEGRADED refuses a version update …
    await expect(
      eks().send(new UpdateNodegroupVersionCommand({ clusterName: CLUSTER, nodegroupName: NG }))
    ).rejects.toBeInstanceOf(ResourceInUseException)
    // … and is sticky: scaling back in does not clear it.
    const scaleTo = async (desiredSize: number) => {
      await eks().send(
        new UpdateNodegroupConfigCommand({
          clusterName: CLUSTER,
          nodegroupName: NG,
          scalingConfig: { desiredSize }
        })
      )
      await waitFor(async () => ((await ngUpdate()).status === 'Successful' ? true : undefined))
    }
    await scaleTo(2)
    await sleep(100)
    expect((await nodegroup()).status).toBe('DEGRADED')
    // Fix the key, scale out again: a launch succeeds and the group is ACTIVE.
    await fixKey()
    await scaleTo(3)
    await waitFor(async () => ((await nodegroup()).status === 'ACTIVE' ? true : undefined))
    expect((await nodegroup()).health?.issues).toEqual([])
    expect((await activities())[0].StatusCode).not.toBe('Cancelled')
  })

  it('an autoscaler’s SetDesiredCapacity on the Auto Scaling group does the same; bounds are enforced', async () => {
    await start('scale-out-stripped-key', {
      updates: [{ id: 'scale-out', startAfterSeconds: null }]
    })
    const name = (await group()).AutoScalingGroupName
    await expect(
      autoscaling().send(
        new SetDesiredCapacityCommand({ AutoScalingGroupName: name, DesiredCapacity: 9 })
      )
    ).rejects.toThrow(
      'New SetDesiredCapacity value 9 is above max value 4 for the AutoScalingGroup.'
    )
    await autoscaling().send(
      new SetDesiredCapacityCommand({ AutoScalingGroupName: name, DesiredCapacity: 4 })
    )
    expect((await nodegroup()).scalingConfig?.desiredSize).toBe(4)
    // The user's request is the cause of the first launch it makes (ordering among equal times varies).
    const first = await waitFor(async () =>
      (await activities()).find(a => a.Cause?.includes('a user request'))
    )
    expect(first.Cause).toContain(
      'a user request explicitly set group desired capacity changing the desired capacity from 2 to 4.'
    )
    await waitFor(async () => ((await nodegroup()).status === 'DEGRADED' ? true : undefined))
  })
})

describe('add-ons', () => {
  const addon = async (addonName: string) =>
    (await eks().send(new DescribeAddonCommand({ clusterName: CLUSTER, addonName }))).addon!

  it('coredns behind the incident: CREATING, then DEGRADED with InsufficientNumberOfReplicas; ACTIVE once nodes are Ready', async () => {
    await start('incident-coredns')
    expect((await eks().send(new ListAddonsCommand({ clusterName: CLUSTER }))).addons).toEqual([
      'vpc-cni',
      'kube-proxy',
      'coredns'
    ])
    expect((await addon('coredns')).status).toBe('CREATING')
    await waitFor(async () => ((await addon('kube-proxy')).status === 'ACTIVE' ? true : undefined))
    expect((await addon('vpc-cni')).status).toBe('ACTIVE')
    expect((await addon('coredns')).status).toBe('CREATING')
    const degraded = await waitFor(async () => {
      const a = await addon('coredns')
      return a.status === 'DEGRADED' ? a : undefined
    })
    expect(degraded).toMatchObject({
      addonVersion: 'v1.11.3-eksbuild.1',
      health: {
        issues: [
          {
            code: 'InsufficientNumberOfReplicas',
            message:
              "The add-on is unhealthy because it doesn't have the desired number of replicas."
          }
        ]
      }
    })
    expect(Math.round(minutes(degraded.createdAt!, degraded.modifiedAt!))).toBe(5)
    expect((await nodegroup()).status).toBe('CREATING')
    await fixKey()
    await waitFor(async () => ((await addon('coredns')).status === 'ACTIVE' ? true : undefined))
    expect((await nodegroup()).status).toBe('ACTIVE')
    expect((await addon('coredns')).health?.issues).toEqual([])
  })

  it('DescribeAddonVersions: versions with compatibilities per Kubernetes version and the default', async () => {
    await start('addon-incompatible-version')
    const forVersion = await eks().send(
      new DescribeAddonVersionsCommand({ addonName: 'coredns', kubernetesVersion: '1.31' })
    )
    expect(forVersion.addons).toHaveLength(1)
    expect(forVersion.addons?.[0]).toMatchObject({
      addonName: 'coredns',
      type: 'networking',
      owner: 'aws'
    })
    expect(forVersion.addons?.[0].addonVersions?.map(v => v.addonVersion)).toEqual([
      'v1.11.4-eksbuild.2',
      'v1.11.3-eksbuild.1'
    ])
    expect(forVersion.addons?.[0].addonVersions?.[1].compatibilities).toEqual([
      { clusterVersion: '1.31', platformVersions: ['*'], defaultVersion: true }
    ])
    const ebs = await eks().send(
      new DescribeAddonVersionsCommand({ addonName: 'aws-ebs-csi-driver' })
    )
    const old = ebs.addons?.[0].addonVersions?.find(v => v.addonVersion === 'v1.24.1-eksbuild.1')
    expect(old?.compatibilities?.map(c => c.clusterVersion)).toEqual(['1.25', '1.26', '1.27'])
    expect(ebs.addons?.[0].addonVersions?.[0].requiresIamPermissions).toBe(true)
    expect(
      (
        await eks().send(
          new DescribeAddonVersionsCommand({
            addonName: 'kubecost_kubecost',
            kubernetesVersion: '1.31'
          })
        )
      ).addons
    ).toEqual([])
    const all = await eks().send(
      new DescribeAddonVersionsCommand({ kubernetesVersion: '1.31', maxResults: 2 })
    )
    expect(all.addons).toHaveLength(2)
    expect(all.nextToken).toBeDefined()
    // The installed version is not among those for the cluster's version.
    expect((await addon('aws-ebs-csi-driver')).addonVersion).toBe('v1.24.1-eksbuild.1')
  })

  it('CreateAddon refuses an incompatible version, an unknown add-on and a duplicate; UpdateAddon is an AddonUpdate', async () => {
    await start('addon-incompatible-version', {
      addons: [{ name: 'aws-ebs-csi-driver', createAfterSeconds: null }]
    })
    const create = (input: Record<string, unknown>) =>
      eks().send(new CreateAddonCommand({ clusterName: CLUSTER, addonName: 'x', ...input }))
    await expect(
      create({ addonName: 'aws-ebs-csi-driver', addonVersion: 'v1.24.1-eksbuild.1' })
    ).rejects.toThrow(
      expect.objectContaining({
        name: 'InvalidParameterException',
        message: 'Addon version specified is not supported'
      })
    )
    await expect(create({ addonName: 'kubecost_kubecost' })).rejects.toThrow(
      'Addon kubecost_kubecost specified is not supported in 1.31 kubernetes version'
    )
    await expect(create({ addonName: 'coredns' })).rejects.toThrow(
      expect.objectContaining({ name: 'ResourceInUseException', message: 'Addon already exists.' })
    )
    await expect(
      create({ addonName: 'eks-pod-identity-agent', resolveConflicts: 'PRESERVE' })
    ).rejects.toThrow(
      'Resolve conflicts option PRESERVE is not supported for operation CreateAddon'
    )
    const created = (await create({ addonName: 'eks-pod-identity-agent' })).addon
    expect(created).toMatchObject({ status: 'CREATING', addonVersion: 'v1.3.7-eksbuild.2' })
    await waitFor(async () =>
      (await addon('eks-pod-identity-agent')).status === 'ACTIVE' ? true : undefined
    )
    expect((await create({ addonName: 'aws-ebs-csi-driver' })).addon?.addonVersion).toBe(
      'v1.44.0-eksbuild.1'
    )
    await expect(
      eks().send(
        new UpdateAddonCommand({
          clusterName: CLUSTER,
          addonName: 'kube-proxy',
          addonVersion: 'v1.32.3-eksbuild.7'
        })
      )
    ).rejects.toBeInstanceOf(InvalidParameterException)
    const { update } = await eks().send(
      new UpdateAddonCommand({
        clusterName: CLUSTER,
        addonName: 'coredns',
        addonVersion: 'v1.11.4-eksbuild.2'
      })
    )
    expect(update).toMatchObject({
      type: 'AddonUpdate',
      status: 'InProgress',
      params: [{ type: 'AddonVersion', value: 'v1.11.4-eksbuild.2' }]
    })
    expect((await addon('coredns')).status).toBe('UPDATING')
    await waitFor(async () => {
      const [u] = await updates({ addonName: 'coredns' })
      return u.status === 'Successful' ? u : undefined
    })
    expect(await addon('coredns')).toMatchObject({
      status: 'ACTIVE',
      addonVersion: 'v1.11.4-eksbuild.2'
    })
    expect(await updates()).toEqual([]) // add-on updates are not cluster updates
  })

  it('a scheduled add-on update (scenario `updates` with `addon`) shows as an AddonUpdate', async () => {
    await start('addon-incompatible-version', {
      updates: [
        {
          id: 'cni',
          addon: 'vpc-cni',
          type: 'AddonUpdate',
          addonVersion: 'v1.19.5-eksbuild.1',
          startAfterSeconds: 30
        }
      ]
    })
    const done = await waitFor(async () => {
      const [u] = await updates({ addonName: 'vpc-cni' })
      return u?.status === 'Successful' ? u : undefined
    })
    expect(done.params).toEqual([{ type: 'AddonVersion', value: 'v1.19.5-eksbuild.1' }])
    expect((await addon('vpc-cni')).addonVersion).toBe('v1.19.5-eksbuild.1')
  })

  it('an add-on failing on its own with nodes Ready: DEGRADED, or CREATE_FAILED with ConfigurationConflict', async () => {
    await start('addon-degraded-with-nodes')
    const degraded = await waitFor(async () => {
      const a = await addon('aws-ebs-csi-driver').catch(() => undefined)
      return a?.status === 'DEGRADED' ? a : undefined
    })
    expect(degraded.health?.issues?.[0].code).toBe('InsufficientNumberOfReplicas')
    expect((await nodegroup()).status).toBe('ACTIVE')
    await sim.close()
    await start('addon-create-failed-conflict')
    const failed = await waitFor(async () => {
      const a = await addon('coredns').catch(() => undefined)
      return a?.status === 'CREATE_FAILED' ? a : undefined
    })
    expect(failed.health?.issues?.[0]).toMatchObject({
      code: 'ConfigurationConflict',
      message: expect.stringContaining(
        'Conflicts found when trying to apply. Will not continue due to resolve conflicts mode.'
      )
    })
  })
})

describe('cluster version update', () => {
  it('UPDATING to 1.32 with the update visible without nodegroupName; ACTIVE at 1.32 when done; refusals', async () => {
    await start('cluster-version-update')
    const cluster = async () =>
      (await eks().send(new DescribeClusterCommand({ name: CLUSTER }))).cluster!
    expect(await cluster()).toMatchObject({ status: 'UPDATING', version: '1.31' })
    const [update] = await updates()
    expect(update).toMatchObject({
      type: 'VersionUpdate',
      status: 'InProgress',
      params: expect.arrayContaining([{ type: 'Version', value: '1.32' }])
    })
    expect(await updates({ nodegroupName: NG })).toEqual([])
    await expect(
      eks().send(
        new DescribeUpdateCommand({ name: CLUSTER, updateId: update.id, nodegroupName: NG })
      )
    ).rejects.toBeInstanceOf(ResourceNotFoundException)
    await expect(
      eks().send(new UpdateClusterVersionCommand({ name: CLUSTER, version: '1.33' }))
    ).rejects.toBeInstanceOf(ResourceInUseException)
    // kube-proxy v1.31 and coredns v1.11.3 are not offered for the target version.
    const target = await eks().send(new DescribeAddonVersionsCommand({ kubernetesVersion: '1.32' }))
    const offered = target.addons?.flatMap(
      a => a.addonVersions?.map(v => `${a.addonName}@${v.addonVersion}`) ?? []
    )
    expect(offered).toContain('vpc-cni@v1.19.2-eksbuild.1')
    expect(offered).not.toContain('kube-proxy@v1.31.3-eksbuild.2')
    expect(offered).not.toContain('coredns@v1.11.3-eksbuild.1')
    await waitFor(async () => ((await cluster()).status === 'ACTIVE' ? true : undefined))
    expect((await cluster()).version).toBe('1.32')
    expect((await updates())[0].status).toBe('Successful')
    await expect(
      eks().send(new UpdateClusterVersionCommand({ name: CLUSTER, version: '1.34' }))
    ).rejects.toThrow('Unsupported Kubernetes minor version update from 1.32 to 1.34')
  })
})

interface ControlBody {
  update: { id: string; status: string }
  addon: { status: string }
  error?: string
  message?: string
}

describe('control API and least privilege', () => {
  const control = async (path: string, body: unknown = {}) => {
    const response = await fetch(`${sim.url}/_sim/${path}`, {
      method: 'POST',
      body: JSON.stringify(body)
    })
    return { status: response.status, body: (await response.json()) as ControlBody }
  }

  it('a fake deploy command triggers updates, scale-outs and add-ons; the SDK sees them', async () => {
    await start('update-broken-key', { updates: [{ id: 'lt-v2', startAfterSeconds: null }] })
    const started = await control(`nodegroups/${NG}/update-version`, {
      launchTemplate: { id: LT, version: '2' }
    })
    expect(started.status).toBe(200)
    expect((await ngUpdate()).id).toBe(started.body.update.id)
    expect(
      await control(`nodegroups/${NG}/update-config`, { scalingConfig: { desiredSize: 4 } })
    ).toMatchObject({
      status: 409,
      body: { error: 'ResourceInUseException' }
    })
    await waitFor(async () => ((await activities()).length > 0 ? true : undefined))
    const cancelled = await control(`updates/${started.body.update.id}/cancel`)
    expect(cancelled.body.update).toMatchObject({
      status: 'Cancelled',
      cancellation: { status: 'Successful' }
    })
    expect((await nodegroup()).status).toBe('ACTIVE')
    expect(
      (await group()).MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification?.Version
    ).toBe('1')
    expect((await control(`nodegroups/${NG}/scale`, { desiredSize: 4 })).status).toBe(200)
    expect((await group()).DesiredCapacity).toBe(4)
    expect(
      await control('addons/coredns/create', { addonVersion: 'v1.10.1-eksbuild.1' })
    ).toMatchObject({
      status: 400,
      body: {
        error: 'InvalidParameterException',
        message: 'Addon version specified is not supported'
      }
    })
    expect((await control('addons/coredns/create')).body.addon.status).toBe('CREATING')
    expect((await control('cluster/update-version', { version: '1.32' })).body.update.status).toBe(
      'InProgress'
    )
    const state = (await (await fetch(`${sim.url}/_sim/state`)).json()) as {
      updates: { status: string }[]
      addons: { name: string; status: string }[]
      cluster: { status: string }
    }
    expect(state.updates.map(u => u.status)).toEqual(['Cancelled', 'InProgress'])
    expect(state.addons[0]).toMatchObject({ name: 'coredns', status: 'CREATING' })
    expect(state.cluster.status).toBe('UPDATING')
  })

  it('the new operations go through allowedActions like every other', async () => {
    await start('cluster-version-update', {
      allowedActions: ['eks:Describe*', 'eks:ListAddons', 'autoscaling:Describe*']
    })
    await expect(updates()).rejects.toMatchObject({ name: 'AccessDeniedException' })
    expect((await eks().send(new ListAddonsCommand({ clusterName: CLUSTER }))).addons).toHaveLength(
      3
    )
    await expect(
      eks().send(new UpdateClusterVersionCommand({ name: CLUSTER, version: '1.32' }))
    ).rejects.toMatchObject({ name: 'AccessDeniedException' })
    expect(sim.world.calls.map(c => c.operation)).toEqual(
      expect.arrayContaining(['ListUpdates', 'ListAddons', 'UpdateClusterVersion'])
    )
  })

  it('ListUpdates pages through a node group’s updates', async () => {
    await start('update-broken-key', { updates: [{ id: 'lt-v2', startAfterSeconds: null }] })
    for (const value of ['a', 'b', 'c']) {
      await eks().send(
        new UpdateNodegroupConfigCommand({
          clusterName: CLUSTER,
          nodegroupName: NG,
          labels: { addOrUpdateLabels: { team: value } }
        })
      )
      await waitFor(async () => ((await nodegroup()).status === 'ACTIVE' ? true : undefined))
    }
    expect((await nodegroup()).labels).toEqual({ team: 'c' })
    const first = await eks().send(
      new ListUpdatesCommand({ name: CLUSTER, nodegroupName: NG, maxResults: 2 })
    )
    expect(first.updateIds).toHaveLength(2)
    const second = await eks().send(
      new ListUpdatesCommand({
        name: CLUSTER,
        nodegroupName: NG,
        maxResults: 2,
        nextToken: first.nextToken
      })
    )
    expect(second.updateIds).toHaveLength(1)
    expect(second.nextToken).toBeUndefined()
  })
})
