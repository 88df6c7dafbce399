/**
 * What a reader needs without scrolling: the verdict line, the cause, what to do next, the links,
 * and how long the failure would have taken to surface without the guard.
 */
import type { Diagnosis } from '../model/index.js'
import { escapeMarkdown, inlineCode } from '../render/escape.js'
import type { ReportContext } from './context.js'
import {
  asgActivityConsoleUrl,
  keyConsoleUrl,
  keyPolicyDocsUrl,
  nodegroupConsoleUrl,
  partitionOf,
  type Partition
} from './links.js'
import { keyName, type Names } from './names.js'

const ICON = { success: '✅', failure: '❌', timeout: '⏱️' } as const

/** EKS gives up on a node group whose launches keep failing after about this long (34 min in the incident). */
export const EKS_GIVE_UP_MINUTES = 34
/** aws_eks_node_group's default create timeout. */
export const TERRAFORM_TIMEOUT_MINUTES = 60

function outcomeWord(diagnosis: Diagnosis): string {
  return diagnosis.result === 'success'
    ? 'passed'
    : diagnosis.cancelled
      ? 'cancelled'
      : diagnosis.result === 'timeout'
        ? 'timed out'
        : 'failed'
}

/** The one line a reader (and the comment's history) sees first. */
export function verdictLine(diagnosis: Diagnosis, context: ReportContext): string {
  const icon = diagnosis.cancelled ? '🛑' : ICON[diagnosis.result]
  const mode = context.dryRun ? `${context.mode} (dry run)` : context.mode
  // check reads Terraform only: a cluster-name the workflow also passes is not what it checked.
  const scope =
    context.clusterName && context.mode !== 'check'
      ? ` for cluster ${inlineCode(context.clusterName)} (${context.region})`
      : ''
  const cause = diagnosis.rootCause ? ` · ${inlineCode(diagnosis.rootCause)}` : ''
  return `${icon} **eks-kms-guard ${mode} ${outcomeWord(diagnosis)}**${scope}${cause}`
}

export function comparisonLine(
  diagnosis: Diagnosis,
  operation?: 'creation' | 'update' | 'scale-out'
): string | undefined {
  if (diagnosis.result !== 'failure' || diagnosis.detectedAfterSeconds === undefined)
    return undefined
  // A self-managed group has no EKS status to turn: its Auto Scaling group keeps retrying.
  if (diagnosis.selfManaged)
    return `Detected ${diagnosis.detectedAfterSeconds} s after this run started watching. Without this guard, the Auto Scaling group keeps retrying the launches, each one failing the same way, and nothing in CI fails.`
  if (operation === 'update')
    return `Detected ${diagnosis.detectedAfterSeconds} s after the node group's update started. Without this guard, EKS fails such an update with NodeCreationFailure only after a long wait (users report about 45 min) and then rolls it back; Terraform waits up to ${TERRAFORM_TIMEOUT_MINUTES} minutes.`
  if (operation === 'scale-out')
    return `Detected ${diagnosis.detectedAfterSeconds} s after this run started watching. Without this guard, the node group stays ACTIVE for about 10 minutes, then turns DEGRADED, and nothing in CI fails.`
  return `Detected ${diagnosis.detectedAfterSeconds} s after the node group's creation started. Without this guard, EKS marks such a node group CREATE_FAILED only when it gives up (${EKS_GIVE_UP_MINUTES} min in the incident), and Terraform's aws_eks_node_group waits up to its ${TERRAFORM_TIMEOUT_MINUTES}-minute create timeout.`
}

export function partition(context: ReportContext): Partition {
  return partitionOf(context.region, context.outcome?.identity?.partition)
}

/** Console links for the deciding key and node group, and the AWS documentation of the key policy. */
export function links(diagnosis: Diagnosis, context: ReportContext): string[] {
  const p = partition(context)
  const result: string[] = []
  const key = diagnosis.key
  if (key?.facts.arn)
    result.push(
      `[key ${escapeMarkdown(keyName(key))}](${keyConsoleUrl(key.facts.arn, p, context.region)})`
    )
  const nodegroup = diagnosis.nodegroup
  if (nodegroup && diagnosis.selfManaged && context.region)
    result.push(
      `[Auto Scaling group ${escapeMarkdown(nodegroup)}](${asgActivityConsoleUrl(nodegroup, p, context.region)})`
    )
  else if (nodegroup && context.clusterName && context.region) {
    result.push(
      `[node group ${escapeMarkdown(nodegroup)}](${nodegroupConsoleUrl(context.clusterName, nodegroup, p, context.region)})`
    )
    const asg = context.outcome?.nodegroups.find(n => n.name === nodegroup)?.asgNames[0]
    if (asg)
      result.push(`[Auto Scaling activity](${asgActivityConsoleUrl(asg, p, context.region)})`)
  }
  const kmsCause =
    diagnosis.rootCause?.startsWith('kms-') || diagnosis.rootCause === 'autoscaling-role-missing'
  if (kmsCause || context.mode === 'check' || (context.outcome?.keys.length ?? 0) > 0)
    result.push(`[required key policy (AWS docs)](${keyPolicyDocsUrl(p)})`)
  return result
}

/** Verdict, cause, what to do next and the links: what a reader needs without scrolling. */
export function firstScreen(diagnosis: Diagnosis, context: ReportContext, names: Names): string[] {
  const lines = [verdictLine(diagnosis, context), '']
  const said: string[] = []
  if (diagnosis.result !== 'success')
    said.push(
      `**${/\bCause: /.test(diagnosis.headline) ? 'What happened' : 'Cause'}:** ${names.prose(diagnosis.headline)}`
    )
  else said.push(names.prose(diagnosis.headline))
  if (context.dryRun)
    said.push(
      '**Dry run:** nothing was written; the key policy change below is what `deploy` would write.'
    )
  if (diagnosis.fix?.summary && diagnosis.result !== 'success')
    said.push(`**Next:** ${names.prose(diagnosis.fix.summary)}`)
  const key = diagnosis.key
  if (key?.facts.arn && diagnosis.result !== 'success')
    said.push(`**Key:** ${inlineCode(keyName(key))} is ${inlineCode(key.facts.arn)}`)
  const found = links(diagnosis, context)
  if (found.length) said.push(`**Links:** ${found.join(' · ')}`)
  // Each its own line in one paragraph (a trailing backslash is a hard line break in GFM).
  lines.push(said.join('\\\n'), '')
  return lines
}
