/**
 * Terraform's regular expressions: `regex`, `regexall` and `replace` with a `/…/` pattern use Go's
 * RE2 syntax, which matches in time linear in the input and has no backreferences or lookaround
 * (https://developer.hashicorp.com/terraform/language/functions/regex: "the regular expression
 * syntax … is that of RE2"; https://github.com/google/re2/wiki/Syntax). JavaScript's own engine
 * backtracks: `^(a+)+$` on thirty characters runs for minutes. So patterns here run on re2js, a
 * JavaScript port of RE2 (no native code), and a pattern RE2 refuses is an error naming it, as
 * Terraform's is.
 */
import { RE2JS } from 're2js'
import type { Pos } from '../hcl/ast.js'
import { EvalError, type Value } from './values.js'

const compiled = new Map<string, RE2JS>()

/** A pattern compiled by RE2, or an error that names it. */
export function compileRe2(pattern: string, pos: Pos): RE2JS {
  const known = compiled.get(pattern)
  if (known) return known
  try {
    const re = RE2JS.compile(pattern)
    if (compiled.size > 256) compiled.clear()
    compiled.set(pattern, re)
    return re
  } catch (error) {
    const why = (error as Error).message.replace(/^error parsing regexp: /, '')
    throw new EvalError(
      `invalid regular expression ${JSON.stringify(pattern)}: ${why} (Terraform's patterns are RE2: no backreferences, no lookahead or lookbehind)`,
      pos
    )
  }
}

interface Match {
  start: number
  end: number
  groups: (string | null)[]
}

/**
 * Code units of the character at `at` (an empty match advances by one character); one past the
 * end, which ends the search.
 */
function charLength(text: string, at: number): number {
  const code = text.charCodeAt(at)
  return code >= 0xd800 && code <= 0xdbff && at + 1 < text.length ? 2 : 1
}

/**
 * Every match, left to right, as Go's FindAll reports them: an empty match right after the
 * previous match is not one (pkg.go.dev/regexp: "If 'All' is present … empty matches abutting a
 * preceding match are ignored"). At most `limit` matches.
 */
function allMatches(re: RE2JS, text: string, limit = Infinity): Match[] {
  const matcher = re.matcher(text)
  const groups = re.groupCount()
  const out: Match[] = []
  let from = 0
  let previousEnd = -1
  while (from <= text.length && out.length < limit) {
    if (!matcher.find(from)) break
    const start = matcher.start()
    const end = matcher.end()
    if (start === end && start === previousEnd) {
      from = start + charLength(text, start)
      continue
    }
    out.push({
      start,
      end,
      groups: Array.from({ length: groups }, (_, i) => matcher.group(i + 1))
    })
    previousEnd = end
    from = end > start ? end : end + charLength(text, end)
  }
  return out
}

/** One match as Terraform's regex() returns it: the text, a list of groups, or a map of names. */
function result(re: RE2JS, text: string, match: Match, pos: Pos): Value {
  const count = match.groups.length
  if (count === 0) return text.slice(match.start, match.end)
  const named = re.namedGroups() as Record<string, number>
  const names = Object.keys(named)
  if (names.length === 0) return match.groups
  if (names.length !== count)
    throw new EvalError('a regex() pattern cannot mix named and unnamed capture groups', pos)
  return Object.fromEntries(names.map(name => [name, match.groups[named[name] - 1]]))
}

/** regex(pattern, string): the first match; no match is an error, as in Terraform. */
export function regexFirst(pattern: string, text: string, pos: Pos): Value {
  const re = compileRe2(pattern, pos)
  const [match] = allMatches(re, text, 1)
  if (!match) throw new EvalError(`regex() found no match for ${JSON.stringify(pattern)}`, pos)
  return result(re, text, match, pos)
}

/** regexall(pattern, string): every match, each as regex() would return it. */
export function regexAll(pattern: string, text: string, pos: Pos): Value {
  const re = compileRe2(pattern, pos)
  return allMatches(re, text).map(m => result(re, text, m, pos))
}

/**
 * A replacement as Go's Regexp.Expand reads it (Terraform's replace() uses ReplaceAllString):
 * `$1`, `${1}`, `$name`, `${name}`, the name as long as possible (`$1x` is `${1x}`), an unknown
 * group empty, `$$` a dollar.
 */
function expand(template: string, re: RE2JS, text: string, match: Match): string {
  const named = re.namedGroups() as Record<string, number>
  const group = (name: string): string => {
    const index = /^\d+$/.test(name) ? Number(name) : named[name]
    if (index === undefined) return ''
    if (index === 0) return text.slice(match.start, match.end)
    return match.groups[index - 1] ?? ''
  }
  return template.replace(/\$(?:\$|\{(\w+)\}|(\w+))/g, (whole, braced?: string, bare?: string) =>
    whole === '$$' ? '$' : group(braced ?? bare ?? '')
  )
}

/** replace(string, "/pattern/", replacement): every match replaced, `$n` expanded. */
export function replaceAll(text: string, pattern: string, replacement: string, pos: Pos): string {
  const re = compileRe2(pattern, pos)
  let out = ''
  let last = 0
  for (const match of allMatches(re, text)) {
    out += text.slice(last, match.start) + expand(replacement, re, text, match)
    last = match.end
  }
  return out + text.slice(last)
}
