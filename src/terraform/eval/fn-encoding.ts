/** Terraform's encoding, hashing, time and path functions. */
import { posix } from 'node:path'
import { stringify } from 'yaml'
import type { Pos } from '../hcl/ast.js'
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

/**
 * base64decode (developer.hashicorp.com/terraform/language/functions/base64decode): RFC 4648's
 * standard alphabet, padded, as Go's StdEncoding reads it (line breaks skipped); bytes that are
 * not UTF-8 are an error, not replacement characters. The messages never quote the text.
 */
function base64Decode(text: string, pos: Pos): string {
  const compact = text.replace(/[\r\n]/g, '')
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact))
    throw new EvalError('base64decode() of a text that is not valid Base64', pos)
  try {
    const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
    return utf8.decode(Buffer.from(compact, 'base64'))
  } catch {
    throw new EvalError('base64decode() of bytes that are not valid UTF-8', pos)
  }
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
  base64decode: ([s], pos) => base64Decode(str(s, pos), pos),
  abspath: ([s], pos) => str(s, pos),
  basename: ([s], pos) => goBase(str(s, pos)),
  dirname: ([s], pos) => goDir(str(s, pos)),
  sha1: () => new Unknown([]),
  timestamp: () => new Unknown([])
}
