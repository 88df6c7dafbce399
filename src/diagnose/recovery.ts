/**
 * Fixes in the order a user applies them: every cause of a key, then — for a node group EKS has
 * given up on — its recreation. And the fix of a denied AWS call, from the least-privilege
 * policies. Pure.
 */
import { permissionsFor, type IamStatement } from '../aws/permissions.js'
import { KEY_CAUSE_PRECEDENCE, type RootCause } from '../model/index.js'
import type { Remedy } from './remedy.js'
import { commentLines } from '../render/hcl.js'

/** A key's causes in the order the user must fix them (the precedence is that order). */
export function orderCauses(causes: RootCause[]): RootCause[] {
  const rank = (c: RootCause) => {
    const i = KEY_CAUSE_PRECEDENCE.indexOf(c)
    return i < 0 ? KEY_CAUSE_PRECEDENCE.length : i
  }
  return [...new Set(causes)].sort((a, b) => rank(a) - rank(b))
}

/** One remedy of several, numbered: summaries as steps, Terraform and CLI in the same order. */
/** Role ARNs as their names: a comment line of a code block cannot wrap an ARN. */
function roleNames(text: string): string {
  return text.replace(/\barn:[\w-]+:iam::\d+:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)/g, '$1')
}

export function combineRemedies(remedies: Remedy[]): Remedy | undefined {
  const steps = remedies.filter(r => r.summary)
  if (steps.length === 0) return undefined
  if (steps.length === 1) return steps[0]
  const numbered = (text: string | undefined, i: number, comment: string) =>
    text
      ? `${commentLines(`Step ${i + 1}: ${roleNames(steps[i].summary.split('\n')[0])}`, comment)}\n${text}`
      : undefined
  const join = (parts: (string | undefined)[]) => {
    const present = parts.filter((p): p is string => p !== undefined)
    return present.length ? present.join('\n\n') : undefined
  }
  // The JSON form is the statements to add to the key policy: the last step that has some.
  const json = [...steps].reverse().find(r => r.json)?.json
  return {
    summary: steps.map((r, i) => `(${i + 1}) ${r.summary}`).join(' '),
    json,
    terraform: join(steps.map((r, i) => numbered(r.terraform, i, '#'))),
    cli: join(steps.map((r, i) => numbered(r.cli, i, '#')))
  }
}

export interface RecreateInput {
  nodegroup: string
  status: string
  clusterName: string
  region: string
  /** The key is usable now (fixed since the launches failed): said before the recovery. */
  keyFixedNow?: string
}

/**
 * EKS does not retry a node group in CREATE_FAILED: it must be deleted and created again.
 * Terraform marks an object whose create failed as tainted and replaces it on the next apply
 * ("Terraform automatically marks an object as tainted if an error occurs during a multi-step
 * create action", https://developer.hashicorp.com/terraform/cli/commands/untaint); when the failed
 * node group was not created by that Terraform run (or its state was refreshed since), force it
 * with `terraform apply -replace` (https://developer.hashicorp.com/terraform/cli/state/taint).
 * A DELETE_FAILED node group is deleted again once what blocked the deletion is gone.
 */
export function recreateRemedy(input: RecreateInput): Remedy {
  const { nodegroup, clusterName, region } = input
  if (input.status === 'DELETE_FAILED') {
    return {
      summary: `Node group ${nodegroup} is DELETE_FAILED and EKS will not retry: remove what its health issues name, then delete it again (terraform apply or destroy retries the deletion; by hand, aws eks delete-nodegroup).`,
      cli: `aws eks delete-nodegroup --region ${region} --cluster-name ${clusterName} --nodegroup-name ${nodegroup}\naws eks wait nodegroup-deleted --region ${region} --cluster-name ${clusterName} --nodegroup-name ${nodegroup}`
    }
  }
  return {
    summary: `${input.keyFixedNow ? `${input.keyFixedNow} ` : ''}Recreate node group ${nodegroup}: EKS will not retry a node group in ${input.status}. Terraform marks a node group whose creation failed as tainted and replaces it on the next terraform apply (if the plan does not show the replacement, use terraform apply -replace on its address); by hand, delete it and create it again.`,
    terraform: [
      '# The aws_eks_node_group whose creation failed is tainted in the state:',
      '# the next apply replaces it.',
      'terraform plan   # shows the node group "is tainted, so must be replaced"',
      'terraform apply',
      '# Not tainted (created outside this state, or the state was refreshed)? Force the replacement;',
      `# the resource's id is "<cluster>:<node group>", which terraform state list -id finds:`,
      `terraform apply \\\n  -replace="$(terraform state list -id=${clusterName}:${nodegroup})"`
    ].join('\n'),
    // The names once, then commands short enough for a report's code block.
    cli: [
      `REGION=${region}`,
      `CLUSTER=${clusterName}`,
      `NODEGROUP=${nodegroup}`,
      'NAMES=(--region "$REGION" --cluster-name "$CLUSTER" --nodegroup-name "$NODEGROUP")',
      'aws eks describe-nodegroup "${NAMES[@]}" --query nodegroup > "nodegroup-$NODEGROUP.json"',
      'aws eks delete-nodegroup "${NAMES[@]}"',
      'aws eks wait nodegroup-deleted "${NAMES[@]}"',
      '# create it again with the settings it had (a launch template is named by id only):',
      "SETTINGS='{clusterName, nodegroupName, nodeRole, subnets, scalingConfig, updateConfig,",
      '  instanceTypes, amiType, capacityType, diskSize, labels, taints, tags,',
      '  launchTemplate: (.launchTemplate // null | if . then {id, version} else . end)}',
      "  | with_entries(select(.value != null))'",
      'aws eks create-nodegroup --region "$REGION" \\',
      '  --cli-input-json "$(jq "$SETTINGS" "nodegroup-$NODEGROUP.json")"',
      'aws eks wait nodegroup-active "${NAMES[@]}"'
    ].join('\n')
  }
}

export interface PermissionRemedyInput {
  action?: string
  resource?: string
  account: string
  partition: string
  mode?: string
  /** The role this workflow assumes (from its session ARN), when known. */
  roleName?: string
}

/**
 * The least-privilege statement that grants a denied action (src/aws/permissions.ts, the source
 * of docs/setup.md), with this account filled in.
 */
export function permissionRemedy(input: PermissionRemedyInput): Remedy | undefined {
  const action = input.action
  if (!action) return undefined
  const target = { partition: input.partition || 'aws', account: input.account }
  const order = input.mode === 'deploy' ? (['deploy'] as const) : (['verify', 'deploy'] as const)
  let statement: IamStatement | undefined
  let mode: string | undefined
  for (const m of order) {
    statement = permissionsFor(m, target).find(
      p =>
        p.statement.Effect === 'Allow' &&
        p.statement.Action.some(a => a.toLowerCase() === action.toLowerCase())
    )?.statement
    if (statement) {
      mode = m
      break
    }
  }
  if (!statement) {
    return {
      summary: `Allow ${action}${input.resource ? ` on ${input.resource}` : ''} to the role this workflow assumes, or look for a service control policy, permissions boundary or session policy that denies it.`
    }
  }
  return {
    summary: `Allow ${action} to the role this workflow assumes: statement ${statement.Sid} of the least-privilege ${mode} policy (docs/setup.md) grants it${input.resource ? ` (the call was on ${input.resource})` : ''}. If the role already has it, a service control policy, permissions boundary or session policy denies it.`,
    json: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2),
    cli: `aws iam put-role-policy --role-name ${input.roleName ?? '<the role this workflow assumes>'} --policy-name eks-kms-guard-${statement.Sid} --policy-document '${JSON.stringify({ Version: '2012-10-17', Statement: [statement] })}'`
  }
}
