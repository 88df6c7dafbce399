/**
 * What AWS alone shows of Karpenter and EKS Auto Mode: their instances (by the tags they set),
 * Karpenter's launch templates and controller role, and what a role's IAM policies allow on a key.
 * No Kubernetes access: the NodeClass objects that hold the keys are not read.
 */
import {
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  type EC2Client,
  type Filter
} from '@aws-sdk/client-ec2'
import {
  DescribePodIdentityAssociationCommand,
  ListPodIdentityAssociationsCommand,
  type EKSClient
} from '@aws-sdk/client-eks'
import { SimulatePrincipalPolicyCommand, type IAMClient } from '@aws-sdk/client-iam'
import { call } from '../aws/errors.js'
import { LAUNCHER_USE_ACTIONS } from '../kms/launchers.js'
import type { LauncherInstance } from '../model/index.js'

/**
 * The tags each launcher puts on its instances (reference karpenter-automode §1.3: Karpenter's
 * GetTags() @ v1.14.1; §2.4: Auto Mode's, required by AmazonEKSComputePolicy's request-tag
 * conditions). The node pool tag tells a launcher's instances from any other of the cluster.
 */
export const LAUNCHER_TAGS = {
  karpenter: { nodePool: 'karpenter.sh/nodepool', nodeClass: 'karpenter.k8s.aws/ec2nodeclass' },
  'auto-mode': {
    nodePool: 'eks:kubernetes-node-pool-name',
    nodeClass: 'eks:kubernetes-node-class-name'
  }
} as const

/**
 * The cluster's instances of one launcher, every state. Auto Mode's are EC2 managed instances,
 * hidden from DescribeInstances unless IncludeManagedResources is true
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html). Terminated
 * instances are listed only for a while ("usually less than one hour", same page).
 */
export async function readLauncherInstances(
  ec2: EC2Client,
  clusterName: string,
  launcher: 'karpenter' | 'auto-mode',
  now: number,
  signal?: AbortSignal
): Promise<LauncherInstance[]> {
  const tags = LAUNCHER_TAGS[launcher]
  const filters: Filter[] = [
    { Name: 'tag:eks:eks-cluster-name', Values: [clusterName] },
    { Name: 'tag-key', Values: [tags.nodePool] }
  ]
  const found: LauncherInstance[] = []
  let NextToken: string | undefined
  do {
    const page = await call('ec2:DescribeInstances', undefined, () =>
      ec2.send(
        new DescribeInstancesCommand({
          Filters: filters,
          NextToken,
          IncludeManagedResources: launcher === 'auto-mode' ? true : undefined
        }),
        { abortSignal: signal }
      )
    )
    for (const instance of (page.Reservations ?? []).flatMap(r => r.Instances ?? [])) {
      const tag = (key: string) => instance.Tags?.find(t => t.Key === key)?.Value
      found.push({
        instanceId: instance.InstanceId ?? '',
        state: instance.State?.Name ?? 'unknown',
        reasonCode: instance.StateReason?.Code,
        reasonMessage: instance.StateReason?.Message,
        launchedAt: instance.LaunchTime?.getTime(),
        nodePool: tag(tags.nodePool),
        nodeClass: tag(tags.nodeClass),
        seenAt: now
      })
    }
    NextToken = page.NextToken
  } while (NextToken)
  return found
}

/**
 * The keys of Karpenter's own launch templates (karpenter.k8s.aws/<hash>, tagged with the cluster
 * and the EC2NodeClass: reference §1.3, launchtemplate.go @ v1.14.1): what it really launches with.
 * A mapping with `encrypted` and no key uses the account default EBS key ('default').
 */
export async function readKarpenterTemplateKeys(
  ec2: EC2Client,
  clusterName: string,
  signal?: AbortSignal
): Promise<{ templates: string[]; keys: string[]; usesDefault: boolean }> {
  const listed = await call('ec2:DescribeLaunchTemplates', undefined, () =>
    ec2.send(
      new DescribeLaunchTemplatesCommand({
        Filters: [
          { Name: 'tag:eks:eks-cluster-name', Values: [clusterName] },
          { Name: 'tag-key', Values: [LAUNCHER_TAGS.karpenter.nodeClass] }
        ]
      }),
      { abortSignal: signal }
    )
  )
  const templates: string[] = []
  const keys = new Set<string>()
  let usesDefault = false
  for (const template of listed.LaunchTemplates ?? []) {
    const id = template.LaunchTemplateId as string
    templates.push(template.LaunchTemplateName ?? id)
    const versions = await call('ec2:DescribeLaunchTemplateVersions', id, () =>
      ec2.send(
        new DescribeLaunchTemplateVersionsCommand({
          LaunchTemplateId: id,
          Versions: ['$Latest']
        }),
        { abortSignal: signal }
      )
    )
    for (const version of versions.LaunchTemplateVersions ?? [])
      for (const mapping of version.LaunchTemplateData?.BlockDeviceMappings ?? []) {
        if (mapping.Ebs?.KmsKeyId) keys.add(mapping.Ebs.KmsKeyId)
        else if (mapping.Ebs?.Encrypted) usesDefault = true
      }
  }
  return { templates, keys: [...keys], usesDefault }
}

/**
 * Karpenter's controller role from the cluster's Pod Identity associations: the service account
 * named karpenter (the Helm chart's and the community module's default, in kube-system).
 */
export async function readKarpenterPodIdentityRole(
  eks: EKSClient,
  clusterName: string,
  signal?: AbortSignal
): Promise<string | undefined> {
  const listed = await call('eks:ListPodIdentityAssociations', clusterName, () =>
    eks.send(new ListPodIdentityAssociationsCommand({ clusterName, serviceAccount: 'karpenter' }), {
      abortSignal: signal
    })
  )
  const association = listed.associations?.[0]
  if (!association?.associationId) return undefined
  const described = await call('eks:DescribePodIdentityAssociation', clusterName, () =>
    eks.send(
      new DescribePodIdentityAssociationCommand({
        clusterName,
        associationId: association.associationId
      }),
      { abortSignal: signal }
    )
  )
  return described.association?.roleArn
}

/**
 * The KMS actions the role's IAM policies allow on the key, in EBS's request context.
 * SimulatePrincipalPolicy rather than reading the role's policies: IAM evaluates every policy
 * attached to the role (inline, managed, its permissions boundary) in one call, with its own
 * condition engine, where reading would take five APIs (ListRolePolicies, GetRolePolicy,
 * ListAttachedRolePolicies, GetPolicy, GetPolicyVersion) and our own evaluation of each
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html).
 * Service control policies are not part of it.
 */
export async function simulateRoleKeyUse(
  iam: IAMClient,
  roleArn: string,
  keyArn: string,
  region: string,
  account: string
): Promise<Set<string>> {
  // EBS's request context; kms:GrantIsForAWSResource is a boolean key.
  const context: Record<string, string> = {
    'kms:ViaService': `ec2.${region}.amazonaws.com`,
    'kms:CallerAccount': account,
    'kms:GrantIsForAWSResource': 'true'
  }
  const ContextEntries = Object.entries(context).map(([name, value]) => ({
    ContextKeyName: name,
    ContextKeyValues: [value],
    ContextKeyType:
      name === 'kms:GrantIsForAWSResource' ? ('boolean' as const) : ('string' as const)
  }))
  const response = await call('iam:SimulatePrincipalPolicy', roleArn, () =>
    iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: roleArn,
        ActionNames: [...LAUNCHER_USE_ACTIONS, 'kms:CreateGrant'],
        ResourceArns: [keyArn],
        ContextEntries
      })
    )
  )
  return new Set(
    (response.EvaluationResults ?? [])
      .filter(r => r.EvalDecision === 'allowed')
      .map(r => r.EvalActionName as string)
  )
}
