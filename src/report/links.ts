/**
 * Links a reader follows from a report: the AWS documentation of the key policy Auto Scaling
 * needs, and console pages for the key, the node group and the Auto Scaling group's activity
 * history, built for the run's partition and Region (each partition has its own console host).
 * Pure.
 */

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov'

/** The partition of a Region code (cn-north-1 → aws-cn, us-gov-west-1 → aws-us-gov). */
export function partitionOf(region: string, fallback?: string): Partition {
  if (fallback === 'aws-cn' || fallback === 'aws-us-gov' || fallback === 'aws') return fallback
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  return 'aws'
}

/** EC2 Auto Scaling User Guide: "Required AWS KMS key policy for use with encrypted volumes". */
export function keyPolicyDocsUrl(partition: Partition): string {
  const path = 'autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html'
  return partition === 'aws-cn'
    ? `https://docs.amazonaws.cn/en_us/${path}`
    : `https://docs.aws.amazon.com/${path}`
}

/** The console's base URL for a service in a Region of a partition. */
export function consoleBase(partition: Partition, region: string): string {
  switch (partition) {
    case 'aws-cn':
      return 'https://console.amazonaws.cn'
    case 'aws-us-gov':
      return 'https://console.amazonaws-us-gov.com'
    default:
      return `https://${region}.console.aws.amazon.com`
  }
}

const enc = encodeURIComponent

/** The key's page in the KMS console (its own Region, taken from the ARN when there is one). */
export function keyConsoleUrl(keyArn: string, partition: Partition, region: string): string {
  const parsed = /^arn:([^:]+):kms:([^:]+):\d{12}:key\/(.+)$/.exec(keyArn)
  const keyRegion = parsed?.[2] ?? region
  const keyPartition = parsed ? partitionOf(keyRegion, parsed[1]) : partition
  const id = parsed?.[3] ?? keyArn
  return `${consoleBase(keyPartition, keyRegion)}/kms/home?region=${enc(keyRegion)}#/kms/keys/${enc(id)}`
}

export function nodegroupConsoleUrl(
  cluster: string,
  nodegroup: string,
  partition: Partition,
  region: string
): string {
  return `${consoleBase(partition, region)}/eks/home?region=${enc(region)}#/clusters/${enc(cluster)}/nodegroups/${enc(nodegroup)}`
}

export function asgActivityConsoleUrl(asg: string, partition: Partition, region: string): string {
  return `${consoleBase(partition, region)}/ec2/home?region=${enc(region)}#AutoScalingGroupDetails:id=${enc(asg)};view=activity`
}
