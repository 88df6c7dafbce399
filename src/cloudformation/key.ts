/**
 * One CloudFormation key's verdict, by the judge the Terraform reader uses: its KeyPolicy (an
 * object, or JSON text after Fn::Sub; none is the default policy, the account root only:
 * docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html#cfn-kms-key-keypolicy),
 * (docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html, "programmatically"),
 * its settings (Enabled, KeyUsage, KeySpec), and custom resources that may grant it.
 */
import { THIS_ACCOUNT, THIS_PARTITION } from '../terraform/config/computed.js'
import { documentStatements } from '../terraform/judge/key-policy.js'
import { judge } from '../terraform/judge/verdict.js'
import type { KeyCheck, KeyUseSite } from '../model/check.js'
import { unusableSetting } from '../model/check-findings.js'
import type { Pos } from '../terraform/hcl/ast.js'
import { keyPolicyFix } from './fix.js'
import { evaluate } from './intrinsics.js'
import { isRecord, keyPos } from './source.js'
import { resourceName, type Resource, type Template } from './template.js'

function unusable(t: Template, key: Resource, uses: KeyUseSite[]): KeyCheck | undefined {
  const p = key.properties
  const setting = (name: string) => {
    const value = evaluate(p[name], t, key.pos)
    return typeof value === 'string' || typeof value === 'boolean' ? value : undefined
  }
  const found = unusableSetting(
    { enabled: setting('Enabled'), usage: setting('KeyUsage'), spec: setting('KeySpec') },
    'Enabled: false'
  )
  const written = {
    enabled: { name: 'Enabled', fix: 'Enabled: true' },
    usage: {
      name: 'KeyUsage',
      fix: 'KeyUsage: ENCRYPT_DECRYPT (a new key: the usage cannot be changed)'
    },
    spec: {
      name: 'KeySpec',
      fix: 'KeySpec: SYMMETRIC_DEFAULT (a new key: the spec cannot be changed)'
    }
  }
  const problem = found && { ...found, ...written[found.setting] }
  if (!problem) return undefined
  const pos = keyPos(p, problem.name, key.pos)
  const name = resourceName(t, key)
  return {
    key: name,
    file: pos.file,
    line: pos.line,
    style: 'KeyPolicy',
    status: 'unusable',
    unusableCause: problem.cause,
    uses,
    decidedBy: [],
    unknowns: [],
    message: `${name} ${problem.text}, so every node launch with a volume encrypted by it will be cancelled with Client.InvalidKMSKey.InvalidState.`,
    fix: problem.fix
  }
}

/**
 * CloudFormation has no grant resource (AWS_KMS.html lists Alias, Key and ReplicaKey only): a
 * custom resource given the key that speaks of grants (its type, or its properties: CDK's
 * AwsCustomResource writes the KMS call `CreateGrant` there) may create one, which nothing here
 * can read. Other custom resources given the key (a cluster's secrets encryption) grant nothing.
 */
function customGrants(t: Template, key: Resource): Resource[] {
  const ref = new RegExp(`"(Ref|Fn::GetAtt)":(\\["|")${key.id}[".]`)
  return [...t.resources.values()].filter(r => {
    if (!r.type.startsWith('Custom::') && r.type !== 'AWS::CloudFormation::CustomResource')
      return false
    const text = JSON.stringify(r.properties)
    return ref.test(text) && /grant/i.test(`${r.type} ${text}`)
  })
}

function readKeyPolicy(t: Template, key: Resource) {
  const raw = key.properties.KeyPolicy
  if (raw === undefined || raw === null)
    return {
      style: 'KeyPolicy' as const,
      pos: key.pos,
      causes: [],
      statements: [
        {
          value: {
            Sid: 'Enable IAM User Permissions (default policy)',
            Effect: 'Allow',
            Principal: { AWS: `arn:${THIS_PARTITION}:iam::${t.account ?? THIS_ACCOUNT}:root` },
            Action: 'kms:*',
            Resource: '*'
          },
          pos: key.pos
        }
      ]
    }
  const pos: Pos = keyPos(key.properties, 'KeyPolicy', key.pos)
  const value = evaluate(raw, t, pos)
  // JSON text (a string, or Fn::Sub's) in YAML: each statement is placed by its Sid's line, from
  // the line after the key when the text is a block scalar. A JSON file's string is one line.
  const subbed = isRecord(raw) ? raw['Fn::Sub'] : undefined
  const text = typeof raw === 'string' ? raw : Array.isArray(subbed) ? subbed[0] : subbed
  const placed =
    typeof text === 'string' && !/\.json$/i.test(t.file)
      ? { file: pos.file, line: pos.line + (text.includes('\n') ? 1 : 0) }
      : undefined
  const read = documentStatements(value, placed)
  for (const statement of read.statements ?? []) statement.pos ??= pos
  return {
    style: 'KeyPolicy' as const,
    pos,
    statements: read.statements,
    causes: read.causes,
    reason: read.reason
  }
}

export function checkCfnKey(t: Template, key: Resource, uses: KeyUseSite[]): KeyCheck {
  const broken = unusable(t, key, uses)
  if (broken) return broken
  const read = readKeyPolicy(t, key)
  const name = resourceName(t, key)
  const noPolicy = key.properties.KeyPolicy === undefined || key.properties.KeyPolicy === null
  const check = judge({
    address: name,
    read,
    uses,
    grants: [],
    account: t.account,
    fix: (_style, missing, role) =>
      keyPolicyFix(missing, role, { yaml: !/\.json$/i.test(t.file), noPolicy, cdk: !!t.cdk })
  })
  const custom = customGrants(t, key)
  if (check.status !== 'missing' || custom.length === 0) return check
  return {
    ...check,
    status: 'unknown',
    unknowns: custom.map(r => ({
      what: resourceName(t, r),
      pos: r.pos,
      how: 'a custom resource given this key may create a grant for the Auto Scaling role, which is not read before deploy: run verify against the account once deployed, or add the statements to the KeyPolicy'
    })),
    message: `${check.message.replace(/ every node launch .*$/, '')} Unless ${custom.map(r => resourceName(t, r)).join(', ')} creates a grant for it (a custom resource, not read before deploy), every node launch with a volume encrypted by this key will be cancelled with Client.InvalidKMSKey.InvalidState.`
  }
}
