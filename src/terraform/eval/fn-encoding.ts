/** Terraform's encoding, hashing, time and path functions. */
import { posix } from 'node:path'
import { stringify } from 'yaml'
import { EvalError, forceDeep, Unknown, type Value } from './values.js'
import { str, type Fn } from './fn-args.js'

const YAML_STYLE = {
  defaultStringType: 'QUOTE_DOUBLE',
  defaultKeyType: 'QUOTE_DOUBLE',
  sortMapEntries: true,
  indentSeq: false,
  lineWidth: 0
} as const

/**
 * Go's filepath.Base and Dir, which Terraform's basename and dirname call (pkg.go.dev/path/filepath:
 * trailing separators are removed before taking the last element; an empty path is "."): unlike
 * Node's, basename("") is "." and dirname("a/b/") is "a/b".
 */
function goBase(path: string): string {
  if (path === '') return '.'
  const trimmed = path.replace(/\/+$/, '')
  return trimmed === '' ? '/' : trimmed.slice(trimmed.lastIndexOf('/') + 1)
}

function goDir(path: string): string {
  const cleaned = posix.normalize(path.slice(0, path.lastIndexOf('/') + 1))
  return cleaned.length > 1 ? cleaned.replace(/\/$/, '') : cleaned
}

export const ENCODING_FUNCTIONS: Record<string, Fn> = {
  jsondecode: ([s], pos) => {
    try {
      return JSON.parse(str(s, pos)) as Value
    } catch {
      // Node's message quotes the text; the text may be a file's: say where, not what.
      throw new EvalError('jsondecode() of a text that is not valid JSON', pos)
    }
  },
  // Terraform's YAML 1.2 (developer.hashicorp.com/terraform/language/functions/yamlencode): keys
  // and strings double-quoted, maps sorted, block style; a lone null, bool or number ends the
  // document with "...".
  yamlencode: ([v], pos) => {
    const value = forceDeep(v, pos)
    const text = stringify(value, YAML_STYLE)
    return value === null || typeof value !== 'object'
      ? typeof value === 'string'
        ? text
        : `${text}...\n`
      : text
  },
  base64encode: ([s], pos) => Buffer.from(str(s, pos)).toString('base64'),
  base64decode: ([s], pos) => Buffer.from(str(s, pos), 'base64').toString('utf8'),
  abspath: ([s], pos) => str(s, pos),
  basename: ([s], pos) => goBase(str(s, pos)),
  dirname: ([s], pos) => goDir(str(s, pos)),
  sha1: () => new Unknown([]),
  timestamp: () => new Unknown([])
}
