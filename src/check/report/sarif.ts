/**
 * The findings as SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif):
 * workflow annotations are capped per step, code scanning alerts are not. Pure.
 */
import type { Log, Result } from 'sarif'
import type { CheckOutcome, KeyCheck } from '../../model/check.js'
import { RULES, ruleOf, SARIF_RULES, type Rule } from './rules.js'

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

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

const ruleIndex = (rule: Rule) => SARIF_RULES.findIndex(r => r.id === rule.id)

function resultOf(key: KeyCheck): Result | undefined {
  const rule = ruleOf(key)
  if (!rule) return undefined
  return {
    ruleId: rule.id,
    ruleIndex: ruleIndex(rule),
    level: rule.level,
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
    partialFingerprints: { 'eksKmsGuard/key/v1': `${rule.id}:${key.key}` }
  }
}

export function toSarif(outcome: CheckOutcome, version: string): Log {
  const results: Result[] = outcome.keys.map(resultOf).filter((r): r is Result => !!r)
  for (const error of outcome.errors ?? [])
    results.push({
      ruleId: RULES.configurationError.id,
      ruleIndex: ruleIndex(RULES.configurationError),
      level: RULES.configurationError.level,
      message: { text: sarifText(error.message) },
      locations: location(error.path, error.line)
    })
  for (const caution of outcome.cautions ?? [])
    results.push({
      ruleId: RULES[caution.rule].id,
      ruleIndex: ruleIndex(RULES[caution.rule]),
      level: RULES[caution.rule].level,
      message: { text: sarifText(caution.message) },
      locations: location(caution.file, caution.line)
    })
  for (const problem of outcome.problems)
    results.push({
      ruleId: RULES.notParsed.id,
      ruleIndex: ruleIndex(RULES.notParsed),
      level: RULES.notParsed.level,
      message: { text: sarifText(`Not all of this was checked: ${problem.message}`) },
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
            rules: SARIF_RULES
          }
        },
        results,
        columnKind: 'utf16CodeUnits'
      }
    ]
  }
}
