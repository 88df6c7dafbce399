/**
 * The fix for another account's key: who must act decides it. When the owner's key policy already
 * lets this account create grants (the EC2 Auto Scaling user guide's cross-account example), the fix
 * is one grant created from this account, which deploy creates. When it refuses this account
 * DescribeKey or CreateGrant, nothing in this account can help: the owner must add statements.
 * Pure.
 */
import { GRANT_NAME, ownerStatements, refusedCalls } from '../kms/foreign.js'
import { GRANT_OPERATIONS, type KeyRecord, type Remedy } from '../model/index.js'
import { hclValue } from '../render/hcl.js'

export interface ForeignRemedyInput {
  key?: KeyRecord
  keyArn: string
  roleArn: string
  region: string
  account: string
  partition: string
}

/** The grant deploy creates, as the AWS CLI and Terraform write it (same name: same grant). */
function grantForms(input: ForeignRemedyInput): { cli: string; terraform: string } {
  const region = /^arn:[^:]+:kms:([^:]+):/.exec(input.keyArn)?.[1] ?? input.region
  return {
    cli: `aws kms create-grant --region ${region} --key-id ${input.keyArn} --grantee-principal ${input.roleArn} --operations ${GRANT_OPERATIONS.join(' ')} --name ${GRANT_NAME}`,
    terraform: [
      `# In account ${input.account} (the node group's): no retiring principal, the grant stays while`,
      '# the node group launches with this key.',
      'resource "aws_kms_grant" "autoscaling_ebs" {',
      `  name              = ${hclValue(GRANT_NAME)}`,
      `  key_id            = ${hclValue(input.keyArn)}`,
      `  grantee_principal = ${hclValue(input.roleArn)}`,
      `  operations        = ${hclValue(GRANT_OPERATIONS, '  ')}`,
      '}'
    ].join('\n')
  }
}

export function crossAccountRemedy(input: ForeignRemedyInput): Remedy {
  const facts = input.key?.facts
  const owner = facts?.account ?? input.keyArn.split(':')[4] ?? '<key-account>'
  const refused = facts ? refusedCalls(facts) : []
  const grant = grantForms(input)
  const ownerMustAct = refused.includes('kms:DescribeKey') || refused.includes('kms:CreateGrant')
  const created = input.key?.grant
  if (created && !ownerMustAct)
    // The grant is there and launches still fail after the grace: what is left is the owner's
    // side, which a grant cannot override (a Deny), and which this account cannot read.
    return {
      summary: `This run created grant ${created.id} (${created.name}) on ${input.keyArn} for ${input.roleArn}, and launches still fail after the propagation grace. A grant cannot override a Deny: account ${owner} must look in the key's policy for a Deny that matches the Auto Scaling role or account ${input.account} (this account cannot read that policy), or for a key state that its DescribeKey answer does not show.`
    }
  if (!ownerMustAct) {
    return {
      summary: `The key ${input.keyArn} belongs to account ${owner}; this account's Auto Scaling role (${input.roleArn}) can use it only through a grant. Create the grant from account ${input.account} (deploy creates it, named ${GRANT_NAME}, once). This needs account ${owner}'s key policy to let account ${input.account} call kms:CreateGrant, as the EC2 Auto Scaling user guide's cross-account example does; if the call is refused, account ${owner} must add statement AllowExternalAccount${input.account}Grants.`,
      terraform: grant.terraform,
      cli: grant.cli
    }
  }
  const statements = ownerStatements(input.partition, input.account, refused)
  const why = refused.includes('kms:DescribeKey')
    ? `does not trust account ${input.account} at all (it refuses ${refused.join(', ')})`
    : `refuses account ${input.account} kms:CreateGrant`
  return {
    summary: `The key ${input.keyArn} belongs to account ${owner}, whose key policy ${why}. Nothing in account ${input.account} can fix that: account ${owner} must add ${statements.map(s => s.Sid).join(' and ')} to the key policy; then create the grant for ${input.roleArn} from account ${input.account} (deploy does).`,
    json: JSON.stringify(statements, null, 2),
    terraform: [
      `# In account ${owner}, add these to the key policy's Statement list:`,
      'locals {',
      `  external_account_statements = ${hclValue(statements, '  ')}`,
      '}',
      '',
      grant.terraform
    ].join('\n'),
    cli: [
      `# After account ${owner} has changed its key policy, from account ${input.account}:`,
      grant.cli
    ].join('\n')
  }
}
