/** Text a report writes from untrusted or long input: escaped prose, short names for long ARNs. */
import type { Diagnosis, GuardOutcome, KeyRecord } from '../model/index.js'
import { escapeMarkdown } from '../render/escape.js'

/**
 * Prose from untrusted text: escaped, except `code spans` the text itself wrote (check's
 * messages name resources that way), which stay code spans instead of literal backticks.
 */
export function prose(text: string): string {
  const parts = text.replace(/\r?\n/g, ' ').split(/(`[^`]+`)/)
  return parts.map((part, i) => (i % 2 === 1 ? part : escapeMarkdown(part))).join('')
}

/** Long identifiers and their short forms: a key ARN → its alias or key id, a role ARN → its name. */
export class Names {
  private readonly short = new Map<string, string>()

  constructor(outcome?: GuardOutcome, diagnosis?: Diagnosis) {
    const keys = [...(outcome?.keys ?? []), ...(diagnosis?.key ? [diagnosis.key] : [])]
    for (const key of keys) {
      const name = keyName(key)
      for (const long of [key.facts.arn, key.id])
        if (long && long !== name && long.startsWith('arn:')) this.short.set(long, name)
      if (key.roleArn) this.short.set(key.roleArn, key.roleArn.split('/').pop() ?? key.roleArn)
    }
    const role = outcome?.role?.arn
    if (role) this.short.set(role, role.split('/').pop() ?? role)
  }

  /** The text with every long identifier in its short form. */
  text(text: string): string {
    let result = text
    for (const [long, short] of [...this.short].sort((a, b) => b[0].length - a[0].length))
      result = result.split(long).join(short)
    return result
  }

  prose(text: string): string {
    return prose(this.text(text))
  }
}

/** A key's short name: the alias a launch template names it by, else its key id. */
export function keyName(key: KeyRecord): string {
  const alias = key.uses
    .map(u => u.reference)
    .find(r => /^(arn:[^:]+:kms:[^:]+:\d+:)?alias\//.test(r))
  return (
    alias?.replace(/^arn:[^:]+:kms:[^:]+:\d+:/, '') ??
    key.facts.keyId ??
    (key.facts.arn ?? key.id).split('/').pop() ??
    key.id
  )
}
