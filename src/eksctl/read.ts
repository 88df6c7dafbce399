/**
 * eksctl's ClusterConfig (apiVersion eksctl.io/v1alpha5, kind ClusterConfig): which keys its node
 * groups' volumes use. eksctl copies volumeKmsKeyID into the launch template it generates and
 * leaves the key policy to the user (eksctl.io/usage/schema: volumeEncrypted, volumeKmsKeyID;
 * examples/10-encrypted-volumes.yaml points at the Auto Scaling key policy requirements). The key
 * policy is never in this file: each key "needs checking", with the commands that check it.
 */
import { SLR_PATH, type KeyCheck, type KeyUseSite } from '../model/check.js'
import { THIS_ACCOUNT, THIS_PARTITION } from '../terraform/config/computed.js'
import { isRecord, keyPos, posOf, type Raw } from '../cloudformation/source.js'

export function isClusterConfig(document: Raw): document is Record<string, Raw> {
  return (
    isRecord(document) &&
    typeof document.apiVersion === 'string' &&
    document.apiVersion.startsWith('eksctl.io/') &&
    document.kind === 'ClusterConfig'
  )
}

const ROLE = `arn:${THIS_PARTITION}:iam::${THIS_ACCOUNT}:${SLR_PATH}`

interface Site {
  key: string
  site: KeyUseSite
}

function sites(
  file: string,
  body: Record<string, Raw>,
  cluster: string
): { keys: Site[]; templates: Site[] } {
  const keys: Site[] = []
  const templates: Site[] = []
  for (const list of ['managedNodeGroups', 'nodeGroups'] as const) {
    const groups = body[list]
    for (const group of Array.isArray(groups) ? groups : []) {
      if (!isRecord(group)) continue
      const consumer = `${list}: ${typeof group.name === 'string' ? group.name : '(unnamed)'} (cluster ${cluster})`
      const at = posOf(group, { file, line: 1 })
      const template = group.launchTemplate
      if (isRecord(template) && typeof template.id === 'string') {
        const pos = keyPos(template, 'id', at)
        templates.push({
          key: template.id,
          site: {
            consumer,
            via: `launch template ${template.id}${template.version ? ` version ${String(template.version)}` : ''}`,
            role: ROLE,
            file: pos.file,
            line: pos.line
          }
        })
      }
      const volumes = [
        group,
        ...(Array.isArray(group.additionalVolumes) ? group.additionalVolumes : [])
      ]
      for (const volume of volumes) {
        if (
          !isRecord(volume) ||
          typeof volume.volumeKmsKeyID !== 'string' ||
          !volume.volumeKmsKeyID
        )
          continue
        const pos = keyPos(volume, 'volumeKmsKeyID', at)
        const via =
          volume === group
            ? 'volumeKmsKeyID'
            : `additionalVolumes ${String(volume.volumeName ?? '')} volumeKmsKeyID`.replace(
                '  ',
                ' '
              )
        keys.push({
          key: volume.volumeKmsKeyID,
          site: { consumer, via, role: ROLE, file: pos.file, line: pos.line }
        })
      }
    }
  }
  return { keys, templates }
}

function grouped(list: Site[]): Map<string, KeyUseSite[]> {
  const map = new Map<string, KeyUseSite[]>()
  for (const { key, site } of list) map.set(key, [...(map.get(key) ?? []), site])
  return map
}

export function checkCluster(file: string, body: Record<string, Raw>): KeyCheck[] {
  const metadata = isRecord(body.metadata) ? body.metadata : {}
  const cluster = typeof metadata.name === 'string' ? metadata.name : '<cluster>'
  const region = typeof metadata.region === 'string' ? metadata.region : '<region>'
  const { keys, templates } = sites(file, body, cluster)
  const checks: KeyCheck[] = []
  for (const [key, uses] of grouped(keys)) {
    const verify = `eks-kms-guard verify --cluster-name ${cluster} --aws-region ${region} --kms-key-ids ${key}`
    const cli = `aws kms get-key-policy --region ${region} --key-id ${key} --policy-name default --output text`
    checks.push({
      key,
      file: uses[0].file,
      line: uses[0].line,
      style: 'unknown',
      status: 'outside',
      uses,
      decidedBy: [],
      unknowns: [
        {
          what: `the policy of ${key}`,
          pos: uses[0].file ? { file: uses[0].file, line: uses[0].line ?? 1 } : undefined,
          how: `it is not in an eksctl file: run \`${verify}\` (or \`${cli}\`) and check it lets the role ${SLR_PATH} use the key`
        }
      ],
      message: `Needs checking: ${uses.map(u => u.consumer).join(', ')} encrypt${uses.length === 1 ? 's' : ''} node volumes with ${key}, and eksctl leaves that key's policy to you. If it does not let the EC2 Auto Scaling service-linked role use the key, every node launch is cancelled with Client.InvalidKMSKey.InvalidState. Check it with \`${verify}\` (deploy mode patches it), or read it with \`${cli}\`.`
    })
  }
  for (const [template, uses] of grouped(templates)) {
    const cli = `aws ec2 describe-launch-template-versions --region ${region} --launch-template-id ${template} --query 'LaunchTemplateVersions[].LaunchTemplateData.BlockDeviceMappings[].Ebs.KmsKeyId'`
    checks.push({
      key: `the key of launch template ${template}`,
      file: uses[0].file,
      line: uses[0].line,
      style: 'unknown',
      status: 'unknown',
      uses,
      decidedBy: [],
      unknowns: [
        {
          what: `launch template ${template}`,
          pos: uses[0].file ? { file: uses[0].file, line: uses[0].line ?? 1 } : undefined,
          how: `it is not in this file: run \`${cli}\`, then verify that key`
        }
      ],
      message: `Needs checking: ${uses.map(u => u.consumer).join(', ')} launch${uses.length === 1 ? 'es' : ''} from ${template}, which is not in this file; its volumes' key (if any) is found with \`${cli}\`, then checked with \`eks-kms-guard verify --cluster-name ${cluster} --aws-region ${region}\`.`
    })
  }
  return checks
}
