/**
 * A command line as the report shows it: values that look secret replaced by `***`. The runner
 * masks only the secrets it was told about; a password typed inline (`-var db_password=…`) or a
 * token in an environment assignment would otherwise land in the job summary and the timeline
 * file, which are kept and shared. Pure.
 */

/** Names whose value is a secret: password, secret, token, credential, private key, api key … */
const SECRET_NAME = String.raw`[A-Za-z0-9_.-]*(?:pass(?:word|wd|phrase)?|pwd|secret|token|credential|private[_-]?key|api[_-]?key|access[_-]?key|auth)[A-Za-z0-9_.-]*`
/** One shell word: quoted, or up to the next blank. */
const VALUE = String.raw`(?:'[^']*'|"(?:[^"\\]|\\.)*"|[^\s'"]+)`

const RULES: [RegExp, string][] = [
  // name=value anywhere: -var password=…, -var 'db_password=…', TOKEN=… env, --secret=…
  [new RegExp(String.raw`(\b${SECRET_NAME}=)${VALUE}`, 'gi'), '$1***'],
  // -var='password=…' and "…" forms keep their quotes
  [new RegExp(String.raw`((['"])${SECRET_NAME}=)[^'"]*\2`, 'gi'), '$1***$2'],
  // --secret value, --password value, -token value
  [new RegExp(String.raw`(--?${SECRET_NAME}\s+)(?!-)${VALUE}`, 'gi'), '$1***'],
  // AWS access key ids (AKIA long-term, ASIA temporary)
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '***'],
  // GitHub tokens: personal, installation, OAuth, user-to-server, refresh, fine-grained
  [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, '***']
]

export function redactCommand(command: string): string {
  return RULES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), command)
}
