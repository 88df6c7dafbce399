/**
 * The findings as SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif):
 * workflow annotations are capped per step, code scanning alerts are not. Pure.
 */
import type { Log, Result, ReportingDescriptor } from 'sarif'
import type { CheckOutcome, KeyCheck } from './model.js'

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

const RULES: (ReportingDescriptor & { id: string })[] = [
  {
    id: 'EKSKMS001',
    name: 'KeyPolicyLacksAutoScalingRole',
    shortDescription: { text: 'KMS key policy does not let EC2 Auto Scaling use the key' },
    fullDescription: {
      text: 'A launch template encrypts node volumes with this key, but neither its policy nor a grant lets the EC2 Auto Scaling service-linked role use it: every launch is cancelled with Client.InvalidKMSKey.InvalidState.'
    },
    helpUri:
      'https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html',
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['security', 'reliability', 'terraform', 'kms', 'eks'] }
  },
  {
    id: 'EKSKMS002',
    name: 'KeyPolicyDeniesAutoScalingRole',
    shortDescription: { text: 'KMS key policy denies EC2 Auto Scaling' },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['security', 'reliability', 'terraform', 'kms', 'eks'] }
  },
  {
    id: 'EKSKMS003',
    name: 'KeyUnusableForEbs',
    shortDescription: {
      text: 'KMS key cannot encrypt EBS volumes (disabled, or not a symmetric encryption key)'
    },
    helpUri: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html',
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['reliability', 'terraform', 'kms', 'eks'] }
  },
  {
    id: 'EKSKMS100',
    name: 'KeyAccessCannotBeTold',
    shortDescription: {
      text: 'Whether EC2 Auto Scaling can use the key cannot be told before apply'
    },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['terraform', 'kms', 'eks'] }
  },
  {
    id: 'EKSKMS102',
    name: 'TerraformConfigurationError',
    shortDescription: {
      text: 'The configuration cannot be checked: a module cycle Terraform refuses, or a file check does not read (outside the workspace, not a regular file, over a limit)'
    },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['security', 'terraform'] }
  },
  {
    id: 'EKSKMS101',
    name: 'TerraformNotParsed',
    shortDescription: { text: 'A Terraform file could not be fully parsed' },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['terraform'] }
  }
]

function location(file: string | undefined, line: number | undefined) {
  if (!file) return []
  return [
    {
      physicalLocation: {
        // A URI reference: each segment percent-encoded (a file name may hold `#`, `?`, `%`, spaces).
        artifactLocation: {
          uri: file
            .split(/[\\/]/)
            .map(segment => encodeURIComponent(segment))
            .join('/'),
          uriBaseId: '%SRCROOT%'
        },
        ...(line && line > 0 ? { region: { startLine: line } } : {})
      }
    }
  ]
}

/**
 * Plain text of a SARIF message. Its `[text](target)` is an embedded link (SARIF 2.1.0, §3.11.6
 * "Messages with embedded links"), so a literal `[` or `]` — and the `\` that escapes them — is
 * written with a backslash: a name from the pull request cannot become a link.
 */
export function sarifText(text: string): string {
  return text.replace(/[\\[\]]/g, '\\$&')
}

const rule = (id: string) => RULES.findIndex(r => r.id === id)

function resultOf(key: KeyCheck): Result | undefined {
  const ruleId =
    key.status === 'missing'
      ? 'EKSKMS001'
      : key.status === 'denied'
        ? 'EKSKMS002'
        : key.status === 'unusable'
          ? 'EKSKMS003'
          : key.status === 'granted'
            ? undefined
            : 'EKSKMS100'
  if (!ruleId) return undefined
  return {
    ruleId,
    ruleIndex: rule(ruleId),
    level: ruleId === 'EKSKMS100' ? 'warning' : 'error',
    message: { text: sarifText(key.fix ? `${key.message}\n\nFix:\n${key.fix}` : key.message) },
    locations: location(key.file, key.line),
    relatedLocations: [
      ...key.uses
        .filter(u => u.file)
        .map((u, i) => ({
          id: i + 1,
          message: { text: sarifText(`${u.consumer} launches through ${u.via}`) },
          ...location(u.file, u.line)[0]
        })),
      ...key.unknowns
        .filter(c => c.pos)
        .map((c, i) => ({
          id: key.uses.length + i + 1,
          message: { text: sarifText(`${c.what}: ${c.how}`) },
          ...location(c.pos?.file, c.pos?.line)[0]
        }))
    ],
    partialFingerprints: { 'eksKmsGuard/key/v1': `${ruleId}:${key.key}` }
  }
}

export function toSarif(outcome: CheckOutcome, version: string): Log {
  const results: Result[] = outcome.keys.map(resultOf).filter((r): r is Result => !!r)
  for (const error of outcome.errors ?? [])
    results.push({
      ruleId: 'EKSKMS102',
      ruleIndex: rule('EKSKMS102'),
      level: 'error',
      message: { text: sarifText(error.message) },
      locations: location(error.path, error.line)
    })
  for (const problem of outcome.problems)
    results.push({
      ruleId: 'EKSKMS101',
      ruleIndex: rule('EKSKMS101'),
      level: 'warning',
      message: { text: sarifText(`Could not parse all of this file: ${problem.message}`) },
      locations: location(problem.path, problem.line)
    })
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'eks-kms-guard',
            informationUri: 'https://github.com/features/actions',
            semanticVersion: version,
            rules: RULES
          }
        },
        results,
        columnKind: 'utf16CodeUnits'
      }
    ]
  }
}
