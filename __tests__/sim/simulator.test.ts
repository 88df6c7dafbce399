/**
 * The AWS simulator, driven by the real AWS SDK v3 clients through AWS_ENDPOINT_URL: every
 * operation the action uses, errors as the SDK's own exception classes, and the reactive model.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand
} from '@aws-sdk/client-auto-scaling'
import {
  DescribeLaunchTemplateVersionsCommand,
  EC2Client,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand
} from '@aws-sdk/client-ec2'
import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListClustersCommand,
  ListNodegroupsCommand,
  ResourceNotFoundException,
  ThrottlingException as EksThrottling
} from '@aws-sdk/client-eks'
import {
  CreateServiceLinkedRoleCommand,
  GetRoleCommand,
  IAMClient,
  InvalidInputException,
  NoSuchEntityException
} from '@aws-sdk/client-iam'
import {
  CreateGrantCommand,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  KMSClient,
  LimitExceededException,
  ListGrantsCommand,
  MalformedPolicyDocumentException,
  NotFoundException,
  PutKeyPolicyCommand
} from '@aws-sdk/client-kms'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { resolveScenario } from '../../sim/scenarios.js'
import { startSimulator, type SimulatorHandle } from '../../sim/server.js'

const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab'
const KEY_ARN = `arn:aws:kms:us-east-1:111122223333:key/${KEY}`
const SLR =
  'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
const CLUSTER = 'eks-cluster-synthar3eg'
const NG = 'node-group-synthar3eg'

let sim: SimulatorHandle
const config = () => ({
  region: 'us-east-1',
  endpoint: sim.url,
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  maxAttempts: 1
})
/** Lets the simulator's time run on by `ms` (simulated: nothing here waits for the machine). */
const sleep = (ms: number) => sim.clock.sleep(ms)

async function start(name: string, overrides: unknown = {}): Promise<void> {
  sim = await startSimulator(resolveScenario(name, overrides))
}
afterEach(async () => {
  await sim?.close()
})

async function waitFor<T>(probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = sim.clock.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (sim.clock.now() > until) throw new Error('condition not reached')
    await sleep(50)
  }
}

describe('every operation, through the real SDK', () => {
  beforeEach(() => start('incident'))

  it('STS and IAM', async () => {
    expect((await new STSClient(config()).send(new GetCallerIdentityCommand({}))).Account).toBe(
      '111122223333'
    )
    const iam = new IAMClient(config())
    expect(
      (await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling' }))).Role?.Arn
    ).toBe(SLR)
    await expect(iam.send(new GetRoleCommand({ RoleName: 'nope' }))).rejects.toBeInstanceOf(
      NoSuchEntityException
    )
    await expect(
      iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com' }))
    ).rejects.toThrow(/has been taken in this account/)
    await expect(
      iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com' }))
    ).rejects.toBeInstanceOf(InvalidInputException)
  })

  it('KMS: DescribeKey by id, ARN, alias name and alias ARN; policies; grants', async () => {
    const kms = new KMSClient(config())
    for (const id of [
      KEY,
      KEY_ARN,
      'alias/eks-ebs-synthar3eg',
      'arn:aws:kms:us-east-1:111122223333:alias/eks-ebs-synthar3eg'
    ]) {
      expect((await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata).toMatchObject({
        Arn: KEY_ARN,
        KeyState: 'Enabled',
        KeyManager: 'CUSTOMER',
        KeySpec: 'SYMMETRIC_DEFAULT'
      })
    }
    await expect(
      kms.send(new DescribeKeyCommand({ KeyId: 'alias/missing' }))
    ).rejects.toBeInstanceOf(NotFoundException)
    const policy = (await kms.send(new GetKeyPolicyCommand({ KeyId: KEY }))).Policy ?? ''
    expect(JSON.parse(policy).Statement).toHaveLength(2)
    await expect(
      kms.send(
        new PutKeyPolicyCommand({
          KeyId: KEY,
          Policy:
            '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"AROAJQABLZS4A3QDU576Q"},"Action":"kms:*","Resource":"*"}]}'
        })
      )
    ).rejects.toBeInstanceOf(MalformedPolicyDocumentException)
    await expect(
      kms.send(
        new PutKeyPolicyCommand({
          KeyId: KEY,
          Policy: JSON.stringify({
            Statement: [
              { Effect: 'Allow', Principal: { AWS: SLR }, Action: 'kms:Decrypt', Resource: '*' }
            ]
          })
        })
      )
    ).rejects.toThrow('will not allow you to update the key policy in the future')
    await expect(
      kms.send(
        new PutKeyPolicyCommand({
          KeyId: KEY,
          Policy: JSON.stringify({ Statement: [], Padding: 'x'.repeat(33_000) })
        })
      )
    ).rejects.toBeInstanceOf(LimitExceededException)
    expect((await kms.send(new ListGrantsCommand({ KeyId: KEY_ARN }))).Grants).toEqual([])
    await kms.send(
      new CreateGrantCommand({ KeyId: KEY_ARN, GranteePrincipal: SLR, Operations: ['Decrypt'] })
    )
    expect(
      (await kms.send(new ListGrantsCommand({ KeyId: KEY_ARN, GranteePrincipal: SLR }))).Grants?.[0]
    ).toMatchObject({ GranteePrincipal: SLR, Operations: ['Decrypt'] })
  })

  it('KMS: another account’s key policy cannot be read, even when its policy trusts this account', async () => {
    await sim.close()
    await start('cross-account-key-grantable')
    const kms = new KMSClient(config())
    const arn = `arn:aws:kms:us-east-1:444455556666:key/${KEY}`
    expect((await kms.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata?.AWSAccountId).toBe(
      '444455556666'
    )
    await expect(kms.send(new GetKeyPolicyCommand({ KeyId: arn }))).rejects.toMatchObject({
      name: 'AccessDeniedException'
    })
  })

  const SECURITY_KEY = 'arn:aws:kms:us-east-1:999988887777:key/5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9'
  const EBS_OPERATIONS = ['Decrypt', 'GenerateDataKeyWithoutPlaintext', 'CreateGrant'] as const

  it('KMS: the guide’s cross-account policy lets this account describe the key and create grants, not list them', async () => {
    await sim.close()
    await start('cross-account-security-key')
    const kms = new KMSClient(config())
    expect(
      (await kms.send(new DescribeKeyCommand({ KeyId: SECURITY_KEY }))).KeyMetadata?.KeyState
    ).toBe('Enabled')
    await expect(
      kms.send(new ListGrantsCommand({ KeyId: SECURITY_KEY, GranteePrincipal: SLR }))
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('no resource-based policy allows the kms:ListGrants action')
    })
    const grant = (request: Partial<{ Name: string; Operations: string[] }>) =>
      kms.send(
        new CreateGrantCommand({
          KeyId: SECURITY_KEY,
          GranteePrincipal: SLR,
          Operations: [...EBS_OPERATIONS],
          ...request
        } as never)
      )
    const first = await grant({ Name: 'ebs' })
    // Same name and parameters: KMS returns the original grant; other operations make a new one.
    expect((await grant({ Name: 'ebs' })).GrantId).toBe(first.GrantId)
    expect((await grant({ Name: 'ebs', Operations: ['Decrypt'] })).GrantId).not.toBe(first.GrantId)
    // Without a name every call is a new grant.
    expect((await grant({})).GrantId).not.toBe((await grant({})).GrantId)
  })

  it('KMS: a key whose owner does not trust this account refuses DescribeKey, ListGrants and CreateGrant', async () => {
    await sim.close()
    await start('cross-account-untrusted-key')
    const kms = new KMSClient(config())
    const refused = { name: 'AccessDeniedException' }
    await expect(kms.send(new DescribeKeyCommand({ KeyId: SECURITY_KEY }))).rejects.toMatchObject(
      refused
    )
    await expect(kms.send(new ListGrantsCommand({ KeyId: SECURITY_KEY }))).rejects.toMatchObject(
      refused
    )
    await expect(
      kms.send(
        new CreateGrantCommand({
          KeyId: SECURITY_KEY,
          GranteePrincipal: SLR,
          Operations: [...EBS_OPERATIONS]
        })
      )
    ).rejects.toMatchObject(refused)
  })

  it('EKS, Auto Scaling and EC2', async () => {
    const eks = new EKSClient(config())
    expect((await eks.send(new DescribeClusterCommand({ name: CLUSTER }))).cluster?.status).toBe(
      'ACTIVE'
    )
    await expect(eks.send(new DescribeClusterCommand({ name: 'other' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException
    )
    // `aws eks list-clusters`, the first thing a user tries against the simulator.
    expect((await eks.send(new ListClustersCommand({}))).clusters).toEqual([CLUSTER])
    expect(
      (await eks.send(new ListNodegroupsCommand({ clusterName: CLUSTER }))).nodegroups
    ).toEqual([NG])
    const asgName = await waitFor(
      async () =>
        (await eks.send(new DescribeNodegroupCommand({ clusterName: CLUSTER, nodegroupName: NG })))
          .nodegroup?.resources?.autoScalingGroups?.[0]?.name
    )
    const autoscaling = new AutoScalingClient(config())
    const group = (
      await autoscaling.send(
        new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [asgName] })
      )
    ).AutoScalingGroups?.[0]
    expect(group?.ServiceLinkedRoleARN).toBe(SLR)
    const lt = group?.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification
    const ec2 = new EC2Client(config())
    const versions = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({
        LaunchTemplateId: lt?.LaunchTemplateId,
        Versions: [lt?.Version ?? '1']
      })
    )
    expect(
      versions.LaunchTemplateVersions?.[0].LaunchTemplateData?.BlockDeviceMappings?.[0].Ebs
    ).toMatchObject({ Encrypted: true, KmsKeyId: KEY_ARN })
    expect((await ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(
      false
    )
    expect((await ec2.send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId).toBe('alias/aws/ebs')
    await waitFor(
      async () =>
        ((
          await autoscaling.send(
            new DescribeScalingActivitiesCommand({ AutoScalingGroupName: asgName })
          )
        ).Activities?.length ?? 0) >= 6 || undefined
    )
    // Pagination, newest first, and the StartTimeLowerBound filter.
    const first = await autoscaling.send(
      new DescribeScalingActivitiesCommand({ AutoScalingGroupName: asgName, MaxRecords: 2 })
    )
    expect(first.Activities).toHaveLength(2)
    const second = await autoscaling.send(
      new DescribeScalingActivitiesCommand({
        AutoScalingGroupName: asgName,
        MaxRecords: 2,
        NextToken: first.NextToken
      })
    )
    expect(second.Activities?.[0].ActivityId).not.toBe(first.Activities?.[0].ActivityId)
    const all =
      (
        await autoscaling.send(
          new DescribeScalingActivitiesCommand({ AutoScalingGroupName: asgName })
        )
      ).Activities ?? []
    const ended = all.filter(a => a.EndTime)
    for (let i = 1; i < ended.length; i++)
      expect(ended[i - 1].StartTime!.getTime()).toBeGreaterThanOrEqual(
        ended[i].StartTime!.getTime()
      )
    const newest = all[0].StartTime!
    const recent = await autoscaling.send(
      new DescribeScalingActivitiesCommand({
        AutoScalingGroupName: asgName,
        Filters: [{ Name: 'StartTimeLowerBound', Values: [newest.toISOString()] }]
      })
    )
    expect(recent.Activities?.every(a => a.StartTime!.getTime() >= newest.getTime())).toBe(true)
    expect(ended[0]).toMatchObject({
      StatusCode: 'Cancelled',
      StatusMessage: expect.stringContaining(
        'Termination Reason: Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state'
      )
    })
  })

  it('throttling raises the SDK’s throttling exception', async () => {
    await sim.close()
    await start('incident', { faults: [{ operation: 'DescribeCluster', throttleRate: 1 }] })
    const error = await new EKSClient(config())
      .send(new DescribeClusterCommand({ name: CLUSTER }))
      .catch(e => e)
    expect(error).toBeInstanceOf(EksThrottling)
    expect(error.$retryable?.throttling ?? error.$metadata?.httpStatusCode === 429).toBeTruthy()
  })
})

describe('the reactive model', () => {
  it('the incident never goes ACTIVE: EKS marks it CREATE_FAILED after 34 simulated minutes', async () => {
    await start('incident', { timeScale: 1200 })
    const eks = new EKSClient(config())
    const nodegroup = await waitFor(async () => {
      const ng = (
        await eks.send(new DescribeNodegroupCommand({ clusterName: CLUSTER, nodegroupName: NG }))
      ).nodegroup
      expect(ng?.status).not.toBe('ACTIVE')
      return ng?.status === 'CREATE_FAILED' ? ng : undefined
    }, 15_000)
    expect(nodegroup.health?.issues?.[0]).toMatchObject({
      code: 'AsgInstanceLaunchFailures',
      message: expect.stringContaining('Client.InvalidKMSKey.InvalidState')
    })
    const createdAfter = (nodegroup.modifiedAt!.getTime() - nodegroup.createdAt!.getTime()) * 1200
    expect(Math.round(createdAfter / 60_000)).toBe(34)
    expect(sim.world.activities.every(a => a.finalStatus === 'Cancelled')).toBe(true)
  })

  it('a PutKeyPolicy with the right statements mid-way makes the next launch succeed and the node group ACTIVE', async () => {
    await start('incident', { timeScale: 300 })
    const kms = new KMSClient(config())
    await waitFor(async () => {
      await sim.world.advance()
      return sim.world.activities.some(a => a.finalStatus === 'Cancelled') ? true : undefined
    })
    const policy = JSON.parse(
      (await kms.send(new GetKeyPolicyCommand({ KeyId: KEY }))).Policy ?? '{}'
    )
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
    await kms.send(new PutKeyPolicyCommand({ KeyId: KEY, Policy: JSON.stringify(policy) }))
    const eks = new EKSClient(config())
    await waitFor(
      async () =>
        (await eks.send(new DescribeNodegroupCommand({ clusterName: CLUSTER, nodegroupName: NG })))
          .nodegroup?.status === 'ACTIVE'
          ? true
          : undefined,
      15_000
    )
    expect(sim.world.activities.some(a => a.finalStatus === 'Successful')).toBe(true)
  })

  it('the wrong fix (the service principal) changes nothing', async () => {
    await start('incident', { timeScale: 300 })
    const kms = new KMSClient(config())
    const policy = JSON.parse(
      (await kms.send(new GetKeyPolicyCommand({ KeyId: KEY }))).Policy ?? '{}'
    )
    policy.Statement.push({
      Effect: 'Allow',
      Principal: { Service: 'autoscaling.amazonaws.com' },
      Action: 'kms:*',
      Resource: '*'
    })
    await kms.send(new PutKeyPolicyCommand({ KeyId: KEY, Policy: JSON.stringify(policy) }))
    await waitFor(async () => {
      await sim.world.advance()
      return sim.world.activities.length >= 9 ? true : undefined
    })
    expect(sim.world.activities.every(a => a.finalStatus === 'Cancelled')).toBe(true)
  })
})
