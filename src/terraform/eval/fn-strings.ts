/** Terraform's string functions (developer.hashicorp.com/terraform/language/functions). */
import { regexAll, regexFirst, replaceAll } from './regex.js'
import { list, str, type Fn } from './fn-args.js'
import { hasUnknown, unknownFrom } from './values.js'
import { format } from './fn-format.js'
import { graphemes } from './graphemes.js'

export const STRING_FUNCTIONS: Record<string, Fn> = {
  // cty's format needs every value wholly known: a list or map with an unknown inside makes the
  // whole result unknown, never the text of the placeholder.
  format: ([f, ...rest], pos) =>
    rest.some(hasUnknown) ? unknownFrom(...rest) : format(str(f, pos), rest, pos),
  replace: ([s, search, replacement], pos) => {
    const text = str(s, pos)
    const pattern = str(search, pos)
    const to = str(replacement, pos)
    // "/…/" is a pattern (RE2, linear time), anything else a plain substring.
    const regex = /^\/(.*)\/$/s.exec(pattern)
    if (regex) return replaceAll(text, regex[1], to, pos)
    return text.split(pattern).join(to)
  },
  // An element known only after apply makes the joined text unknown (cty's join), not an error.
  join: ([sep, ...lists], pos) => {
    const items = lists.flatMap(l => list(l, pos))
    if (items.some(hasUnknown)) return unknownFrom(...items)
    return items.map(v => str(v, pos)).join(str(sep, pos))
  },
  split: ([sep, s], pos) => str(s, pos).split(str(sep, pos)),
  lower: ([s], pos) => str(s, pos).toLowerCase(),
  upper: ([s], pos) => str(s, pos).toUpperCase(),
  trimspace: ([s], pos) => str(s, pos).trim(),
  trimprefix: ([s, p], pos) => {
    const text = str(s, pos)
    const prefix = str(p, pos)
    return text.startsWith(prefix) ? text.slice(prefix.length) : text
  },
  trimsuffix: ([s, p], pos) => {
    const text = str(s, pos)
    const suffix = str(p, pos)
    return suffix && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text
  },
  startswith: ([s, p], pos) => str(s, pos).startsWith(str(p, pos)),
  endswith: ([s, p], pos) => str(s, pos).endsWith(str(p, pos)),
  substr: ([s, o, l], pos) => {
    const chars = graphemes(str(s, pos))
    const offset = Number(o)
    const length = Number(l)
    return chars.slice(offset, length < 0 ? undefined : offset + length).join('')
  },
  regex: ([p, s], pos) => regexFirst(str(p, pos), str(s, pos), pos),
  regexall: ([p, s], pos) => regexAll(str(p, pos), str(s, pos), pos)
}
