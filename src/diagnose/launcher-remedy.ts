/**
 * The fix when a launcher's role may not use the key: the key policy statements that name the
 * role (kms/launchers.ts), and for Karpenter the alternative its maintainers point to — an IAM
 * policy on the controller role, which works where the key policy delegates to the account
 * (aws/karpenter-provider-aws#4935: "attach the permission to the IRSA role"). The community
 * module's karpenter submodule grants no KMS by default and takes extra statements in its
 * `iam_policy_statements` input (terraform-aws-modules/eks modules/karpenter/variables.tf, v21).
 * Pure.
 */
import { launcherRequirements, LAUNCHER_USE_ACTIONS } from '../kms/launchers.js'
import type { KeyRecord, Remedy, Statement } from '../model/index.js'
import { hclValue } from '../render/hcl.js'
import { keyPolicyTerraform } from '../render/key-policy-hcl.js'

export interface LauncherRemedyInput {
  launcher: 'karpenter' | 'auto-mode'
  roleArn: string
  key?: KeyRecord
  region: string
  account: string
  /** The key policy statements' commands (remedy.ts owns their shape). */
  putPolicyCli: (keyArn: string, statements: Statement[]) => string
}

/** The controller role's IAM statements: EBS's calls through EC2 of this Region, on this key. */
export function karpenterIamStatements(keyArn: string, region: string): Statement[] {
  const viaEc2 = { 'kms:ViaService': `ec2.${region}.amazonaws.com` }
  return [
    {
      Sid: 'EksKmsGuardKarpenterEbsUse',
      Effect: 'Allow',
      Action: [...LAUNCHER_USE_ACTIONS],
      Resource: keyArn,
      Condition: { StringEquals: viaEc2 }
    },
    {
      Sid: 'EksKmsGuardKarpenterEbsGrants',
      Effect: 'Allow',
      Action: 'kms:CreateGrant',
      Resource: keyArn,
      Condition: { StringEquals: viaEc2, Bool: { 'kms:GrantIsForAWSResource': 'true' } }
    }
  ]
}

/** The same statements as the karpenter submodule's iam_policy_statements input takes them. */
function moduleStatements(statements: Statement[]): string {
  const entries = statements.map(s => {
    const condition = Object.entries(
      (s.Condition ?? {}) as Record<string, Record<string, string>>
    ).flatMap(([test, pairs]) =>
      Object.entries(pairs).map(([variable, value]) => ({ test, variable, values: [value] }))
    )
    return {
      sid: s.Sid,
      actions: Array.isArray(s.Action) ? s.Action : [s.Action],
      resources: [s.Resource],
      condition
    }
  })
  return [
    'module "karpenter" {',
    '  source = "terraform-aws-modules/eks/aws//modules/karpenter"',
    '  # ... your other inputs',
    `  iam_policy_statements = ${hclValue(entries, '  ')}`,
    '}'
  ].join('\n')
}

export function launcherRemedy(input: LauncherRemedyInput): Remedy {
  const keyArn = input.key?.facts.arn ?? input.key?.id ?? '<key-arn>'
  const principal = { launcher: input.launcher, roleArn: input.roleArn }
  const statuses = input.key?.assessment.statuses ?? []
  const statements = launcherRequirements({
    principal,
    region: input.region,
    account: input.account
  })
    .filter(r => statuses.find(s => s.requirement.id === r.id)?.status !== 'granted')
    .map(r => r.statement)
  const sids = statements.map(s => s.Sid).join(' and ')
  if (input.launcher === 'auto-mode')
    return {
      summary: `Add ${sids} to the key policy of ${keyArn}, naming the cluster IAM role ${input.roleArn}: EKS Auto Mode launches nodes with it (https://docs.aws.amazon.com/eks/latest/userguide/auto-kms.html).`,
      json: JSON.stringify(statements, null, 2),
      terraform: keyPolicyTerraform(statements),
      cli: input.putPolicyCli(keyArn, statements)
    }
  const iam = karpenterIamStatements(keyArn, input.region)
  // The IAM route exists only where the key policy delegates to the account (its IAM side was
  // then simulated): otherwise no IAM policy can let the role use the key.
  const delegates = input.key?.iamMissing !== undefined
  if (!delegates)
    return {
      summary: `Let the Karpenter controller role ${input.roleArn} (it calls CreateFleet, so EBS uses the key as that role) use ${keyArn}: add ${sids} to the key policy.`,
      json: JSON.stringify(statements, null, 2),
      terraform: keyPolicyTerraform(statements),
      cli: input.putPolicyCli(keyArn, statements)
    }
  const roleName = input.roleArn.split('/').pop() ?? input.roleArn
  return {
    summary: `Let the Karpenter controller role ${input.roleArn} (it calls CreateFleet, so EBS uses the key as that role) use ${keyArn}: add ${sids} to the key policy, or — the key policy delegates to the account — give the role an IAM policy with ${iam.map(s => s.Sid).join(' and ')} (it lacks ${input.key?.iamMissing?.join(', ')}).`,
    json: `${JSON.stringify(statements, null, 2)}\n\n// or, on the controller role (IAM policy):\n${JSON.stringify({ Version: '2012-10-17', Statement: iam }, null, 2)}`,
    terraform: `${keyPolicyTerraform(statements)}\n\n# or, on the controller role, with the community module's karpenter submodule:\n${moduleStatements(iam)}`,
    cli: `${input.putPolicyCli(keyArn, statements)}\n\n# or, on the controller role:\ncat > karpenter-kms.json <<'EOF'\n${JSON.stringify({ Version: '2012-10-17', Statement: iam }, null, 2)}\nEOF\naws iam put-role-policy --role-name ${roleName} --policy-name eks-kms-guard-ebs-kms \\\n  --policy-document file://karpenter-kms.json`
  }
}
