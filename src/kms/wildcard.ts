/** IAM's wildcard patterns, for actions, resources and the String/ArnLike condition operators. */

/** IAM wildcard match (`*`, `?`), case-insensitive as IAM compares action names. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = true): boolean {
  const source = pattern
    .split('')
    .map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(value)
}
