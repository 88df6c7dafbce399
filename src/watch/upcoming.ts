/**
 * The race a deploy must win by design: Terraform writes a new version of a node group's launch
 * template (a new key, say) before it asks EKS to move the node group to it, and EKS's update then
 * switches the Auto Scaling group to it before the first surge launch. Reading the template's
 * latest version while the deploy command runs makes that version visible at the first poll after
 * it is written — before the update exists — so its keys are checked (and, in deploy, patched)
 * with the whole of the update's start still ahead, however slow the machine.
 */
import { DescribeLaunchTemplateVersionsCommand, type EC2Client } from '@aws-sdk/client-ec2'
import { call, isTransient } from '../aws/errors.js'
import type { NodegroupState } from '../model/index.js'

/**
 * Marks each node group whose own launch template has a newer version than the one it uses with
 * that version (`upcomingTemplate`). One read per template per poll; a transient error leaves the
 * marks of the last poll.
 */
export async function readUpcomingTemplates(
  ec2: EC2Client,
  states: Iterable<NodegroupState>
): Promise<void> {
  const latest = new Map<string, Promise<number | undefined>>()
  for (const state of states) {
    const template = state.launchTemplate
    const current = Number(template?.version)
    if (!state.exists || !template || !Number.isInteger(current)) continue
    const key = template.id ?? template.name ?? ''
    if (!latest.has(key))
      latest.set(
        key,
        call('ec2:DescribeLaunchTemplateVersions', key, () =>
          ec2.send(
            new DescribeLaunchTemplateVersionsCommand({
              LaunchTemplateId: template.id,
              LaunchTemplateName: template.id ? undefined : template.name,
              Versions: ['$Latest']
            })
          )
        ).then(
          response => response.LaunchTemplateVersions?.[0]?.VersionNumber,
          error => {
            if (isTransient(error)) return undefined
            throw error
          }
        )
      )
    const newest = await latest.get(key)
    if (newest === undefined) continue
    state.upcomingTemplate =
      newest > current
        ? { id: template.id, name: template.name, version: String(newest) }
        : undefined
  }
}
