/**
 * The fix for a CloudFormation key policy: the statements to add, with the role written as
 * CloudFormation writes this account's (Fn::Sub with AWS::Partition and AWS::AccountId), in the
 * template's own syntax; for a CDK stack, the construct code that adds them beside it.
 */
import { stringify } from 'yaml'
import type { Json, Statement } from '../model/index.js'
import { THIS_ACCOUNT, THIS_PARTITION } from '../terraform/config/computed.js'

const ACCOUNT_ARN = new RegExp(`^arn:${THIS_PARTITION}:iam::(${THIS_ACCOUNT}|\\d{12}):`)

/** This account's role as Fn::Sub, so the template works in every account and partition. */
function principal(role: string): Json {
  return ACCOUNT_ARN.test(role)
    ? { 'Fn::Sub': role.replace(ACCOUNT_ARN, 'arn:${AWS::Partition}:iam::${AWS::AccountId}:') }
    : role
}

function asTemplate(statement: Statement): Json {
  const aws = (statement.Principal as { AWS: string }).AWS
  return { ...statement, Principal: { AWS: principal(aws) } } as Json
}

function render(value: Json, yaml: boolean): string {
  return yaml ? stringify(value, { lineWidth: 0 }).trimEnd() : JSON.stringify(value, null, 2)
}

/** CDK code adding the statements to the key construct (aws-cdk-lib aws_kms Key.addToResourcePolicy). */
export function cdkFix(statements: Statement[], role: string): string {
  const arn = ACCOUNT_ARN.test(role)
    ? `\`${role.replace(ACCOUNT_ARN, 'arn:${Stack.of(this).partition}:iam::${Stack.of(this).account}:')}\``
    : `'${role}'`
  const lines = [
    '// In the CDK app, on the kms.Key the launch template uses (import { Stack, aws_iam as iam } from "aws-cdk-lib"):',
    `const autoscalingRole = new iam.ArnPrincipal(${arn})`
  ]
  for (const s of statements) {
    const actions = Array.isArray(s.Action) ? s.Action : [s.Action]
    lines.push(
      'key.addToResourcePolicy(new iam.PolicyStatement({',
      `  sid: '${String(s.Sid)}',`,
      '  principals: [autoscalingRole],',
      `  actions: [${actions.map(a => `'${String(a)}'`).join(', ')}],`,
      "  resources: ['*'],",
      ...(s.Condition ? [`  conditions: ${JSON.stringify(s.Condition)},`] : []),
      '}))'
    )
  }
  return lines.join('\n')
}

export function keyPolicyFix(
  statements: Statement[],
  role: string,
  options: { yaml: boolean; noPolicy: boolean; cdk: boolean }
): string {
  const added = statements.map(asTemplate)
  const cfn = options.noPolicy
    ? [
        '# The key has no KeyPolicy, so it gets the default one (the account root only). Set one that keeps',
        '# the root statement and adds the Auto Scaling service-linked role:',
        render(
          {
            KeyPolicy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'EnableIAMUserPermissions',
                  Effect: 'Allow',
                  Principal: {
                    AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }
                  },
                  Action: 'kms:*',
                  Resource: '*'
                },
                ...added
              ]
            }
          },
          options.yaml
        )
      ]
    : ['# Add to the Statement list of the KeyPolicy:', render(added, options.yaml)]
  if (!options.cdk) return cfn.join('\n')
  return [cdkFix(statements, role), '', '# The synthesized template then holds:', ...cfn].join('\n')
}
