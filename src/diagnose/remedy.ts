/**
 * The fix for a root cause, three ways: the JSON statements (with the real role ARN), a
 * Terraform change, and the AWS CLI commands. Pure: built from the key record and the role.
 */
import { regionOfKey, type KeyRecord } from '../model/index.js'
import { requirements } from '../kms/requirements.js'
import { type Statement } from '../model/index.js'
import type { Remedy, RootCause } from '../model/index.js'
import { hclValue } from '../render/hcl.js'
import { keyPolicyTerraform } from '../render/key-policy-hcl.js'
import { crossAccountRemedy } from './foreign-remedy.js'
import { launcherRemedy } from './launcher-remedy.js'

export type { Remedy } from '../model/index.js'

export interface RemedyInput {
  cause: RootCause
  key?: KeyRecord
  roleArn: string
  region: string
  account: string
  partition: string
  clusterRoleArn?: string
  /** The policy statements are a step of their own after this one (role missing, then policy). */
  policyStepFollows?: boolean
}

/** Statements the key still needs (all of them when we cannot tell which). */
export function missingStatements(input: RemedyInput): Statement[] {
  const needed = requirements({
    autoscalingRoleArn: input.roleArn,
    region: input.region,
    account: input.account,
    clusterRoleArn: input.key?.secretsKey ? input.clusterRoleArn : undefined
  })
  const statuses = input.key?.assessment.statuses ?? []
  const missing = needed.filter(r => {
    const status = statuses.find(s => s.requirement.id === r.id)
    return !status || status.status !== 'granted'
  })
  return missing.map(r => r.statement)
}

/**
 * The commands that add the statements: the key's ARN once in a variable, the statements as a
 * readable file, so no line is wider than a report's code block.
 */
function putPolicyCli(keyArn: string, statements: Statement[]): string {
  const json = JSON.stringify(statements, null, 2)
  return [
    `KEY=${keyArn}`,
    "cat > statements.json <<'EOF'",
    json,
    'EOF',
    'aws kms get-key-policy --key-id "$KEY" --policy-name default \\',
    '  --query Policy --output text > key-policy.json',
    "jq --slurpfile add statements.json '.Statement += $add[0]' key-policy.json \\",
    '  > key-policy.patched.json',
    'aws kms put-key-policy --key-id "$KEY" --policy-name default \\',
    '  --policy file://key-policy.patched.json'
  ].join('\n')
}

/** The Region of a key ARN (a key in another Region is fixed there), else the run's. */
function regionOf(keyArn: string, fallback: string): string {
  return regionOfKey(keyArn) ?? fallback
}

export function remedyFor(input: RemedyInput): Remedy {
  // The key's ARN when KMS told us; otherwise the reference the launch template uses. Only a fix
  // built without any key (never for a key cause) falls back to a placeholder.
  const keyArn = input.key?.facts.arn ?? input.key?.id ?? input.key?.facts.reference ?? '<key-arn>'
  const statements = missingStatements(input)
  const json = JSON.stringify(statements, null, 2)
  switch (input.cause) {
    case 'karpenter-kms-access-denied':
    case 'automode-kms-access-denied':
      return launcherRemedy({
        launcher: input.cause === 'karpenter-kms-access-denied' ? 'karpenter' : 'auto-mode',
        roleArn: input.roleArn,
        key: input.key,
        region: input.region,
        account: input.account,
        putPolicyCli
      })
    case 'kms-policy-missing-autoscaling-role':
      return {
        summary: `Add ${statements.map(s => s.Sid).join(' and ')} to the key policy of ${keyArn}, naming the service-linked role ${input.roleArn} (not the service principal autoscaling.amazonaws.com).`,
        json,
        terraform: keyPolicyTerraform(statements),
        cli: putPolicyCli(keyArn, statements)
      }
    case 'autoscaling-role-missing': {
      // With the statements a step of their own, this step only creates the role.
      const thenAdd = !input.policyStepFollows
      return {
        summary: `Create the Auto Scaling service-linked role first (deploy does so unless create-service-linked-role is false)${thenAdd ? `, then add ${statements.map(s => s.Sid).join(' and ')} to the key policy of ${keyArn}` : ': no key policy can name it before it exists'}.`,
        json: thenAdd ? json : undefined,
        terraform: [
          'resource "aws_iam_service_linked_role" "autoscaling" {',
          '  aws_service_name = "autoscaling.amazonaws.com"',
          '}',
          '',
          '# The key policy can name the role only once it exists: add depends_on = [aws_iam_service_linked_role.autoscaling]',
          ...(thenAdd
            ? [
                '# to the aws_kms_key (or aws_kms_key_policy), then add:',
                keyPolicyTerraform(statements)
              ]
            : ['# to the aws_kms_key (or aws_kms_key_policy).'])
        ].join('\n'),
        cli: [
          'aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com',
          ...(thenAdd ? [putPolicyCli(keyArn, statements)] : [])
        ].join('\n')
      }
    }
    case 'kms-key-cross-account':
      return crossAccountRemedy({ ...input, keyArn })
    case 'kms-key-disabled':
      return {
        summary: `Enable the key ${keyArn} (aws kms enable-key; in Terraform, is_enabled = true on its aws_kms_key), or, if it lives in a custom key store, reconnect the store.`,
        terraform: `# In the aws_kms_key resource of ${keyArn}:\nis_enabled = true`,
        cli: `aws kms enable-key --region ${regionOf(keyArn, input.region)} --key-id ${keyArn}`
      }
    case 'kms-key-pending-deletion':
      // The AWS provider reads a key pending deletion as gone (it removes it from the state and
      // plans a new key), so Terraform cannot cancel a deletion: it is cancelled outside Terraform,
      // which leaves the key Disabled, then enabled; if Terraform dropped it from the state, it is
      // imported again (https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-scheduling-key-deletion.html).
      return {
        summary: `Cancel the scheduled deletion of ${keyArn} outside Terraform (aws kms cancel-key-deletion, or the console), then enable it (aws kms enable-key): a cancelled deletion leaves the key Disabled. Terraform cannot do this: the AWS provider reads a key pending deletion as gone and plans a new key; if it left the state, import it again, and keep is_enabled = true.`,
        terraform: [
          `# First cancel the deletion outside Terraform (see the CLI form), then, if terraform plan wants to`,
          `# create a new aws_kms_key, the provider dropped this one from the state: import it again.`,
          'import {',
          '  to = aws_kms_key.ebs # the address of this key in your configuration',
          `  id = ${hclValue(input.key?.facts.keyId ?? keyArn.split('/').pop() ?? keyArn)}`,
          '}',
          '# and in that aws_kms_key resource:',
          '# is_enabled = true'
        ].join('\n'),
        cli: `aws kms cancel-key-deletion --region ${regionOf(keyArn, input.region)} --key-id ${keyArn}\naws kms enable-key --region ${regionOf(keyArn, input.region)} --key-id ${keyArn}`
      }
    case 'kms-key-pending-import':
      return {
        summary: `Import the key material of ${keyArn} again (it was deleted or has expired), or use a key with AWS_KMS origin.`,
        cli: `aws kms get-parameters-for-import --key-id ${keyArn} --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_2048\n# wrap your key material with the returned public key, then:\naws kms import-key-material --key-id ${keyArn} --encrypted-key-material fileb://EncryptedKeyMaterial.bin --import-token fileb://ImportToken.bin --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE`
      }
    case 'kms-key-unusable-spec':
      return {
        summary: `EBS needs a symmetric encryption key: create one and point the launch template's kms_key_id at it (${keyArn} is ${input.key?.facts.spec}/${input.key?.facts.usage}).`,
        terraform: [
          'resource "aws_kms_key" "ebs" {',
          '  description              = "EKS node EBS volumes"',
          '  key_usage                = "ENCRYPT_DECRYPT"',
          '  customer_master_key_spec = "SYMMETRIC_DEFAULT"',
          '  enable_key_rotation      = true',
          '}'
        ].join('\n'),
        cli: 'aws kms create-key --key-spec SYMMETRIC_DEFAULT --key-usage ENCRYPT_DECRYPT --description "EKS node EBS volumes"'
      }
    case 'kms-key-not-found': {
      const reference = input.key?.facts.reference ?? 'a key'
      const elsewhere = regionOfKey(reference)
      if (elsewhere && elsewhere !== input.region)
        return {
          summary: `The launch template names ${reference}, a key of ${elsewhere}, but EBS volumes in ${input.region} can be encrypted only with a key of ${input.region}: name a key of this Region (for a multi-Region key, its replica here).`,
          cli: `aws kms replicate-key --region ${elsewhere} --key-id ${reference} --replica-region ${input.region}   # multi-Region (mrk-) keys only; otherwise create a key in ${input.region}`
        }
      return {
        summary: `The launch template names ${reference} that KMS cannot find in ${input.region}: use the key ARN of an existing key in this Region.`,
        cli: `aws kms describe-key --region ${input.region} --key-id ${input.key?.facts.reference ?? '<key>'}`
      }
    }
    case 'kms-key-explicit-deny': {
      const policy = input.key?.assessment.policy
      const denying =
        input.key?.assessment.statuses
          .filter(s => s.status === 'denied')
          .flatMap(s => s.statements) ?? []
      const deny = [...new Set(denying)].map(i => policy?.Statement[i]).filter(Boolean)
      return {
        summary: `Exempt ${input.roleArn} from the Deny statement(s) ${deny.map(s => s?.Sid ?? '(no Sid)').join(', ')} of ${keyArn}, e.g. with a condition ArnNotEquals aws:PrincipalArn.`,
        json: JSON.stringify({ ArnNotEquals: { 'aws:PrincipalArn': input.roleArn } }, null, 2)
      }
    }
    case 'kms-policy-orphaned-principal': {
      const ids = input.key?.assessment.orphans.map(o => o.id) ?? []
      return {
        summary: `Remove the unique ids ${ids.join(', ')} of deleted principals from the key policy of ${keyArn} (or replace them with current ARNs); KMS refuses any policy update until then.`,
        cli: `aws kms get-key-policy --key-id ${keyArn} --policy-name default --query Policy --output text > key-policy.json\n# edit key-policy.json: remove ${ids.join(', ')}\naws kms put-key-policy --key-id ${keyArn} --policy-name default --policy file://key-policy.json`
      }
    }
    default:
      return { summary: '' }
  }
}
