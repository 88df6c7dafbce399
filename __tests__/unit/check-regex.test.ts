/**
 * regex(), regexall() and replace() with a /pattern/ as Terraform computes them: RE2 syntax, what
 * capture groups return, empty matches as Go's FindAll reports them, and `$n` in a replacement.
 * Expected values are Terraform's documented behaviour (cited per describe) and Go's regexp, which
 * Terraform calls.
 */
import { describe, expect, it } from '@jest/globals'
import { EvalError, type Value } from '../../src/terraform/eval/values.js'
import { valueOf } from '../support/expression.js'

const value = (source: string) => valueOf(source, 'regex.tf')

// developer.hashicorp.com/terraform/language/functions/regex: no group gives the match, unnamed
// groups a list, named groups a map; mixing them is not valid; no match is an error. A group that
// took no part in the match is null (cty's regexPatternResult).
describe('regex capture groups', () => {
  it.each<[string, Value]>([
    ['regex("b+", "abbbc")', 'bbb'],
    ['regex("(x)?(y)", "y")', [null, 'y']],
    ['regex("(?P<x>x)?(?P<y>y)", "y")', { x: null, y: 'y' }],
    ['regex("(?P<word>[a-z]+)-(?P<num>\\\\d+)", "id: key-42")', { word: 'key', num: '42' }],
    ['regex("(?:a)(b)", "ab")', ['b']]
  ])('%s is %j', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })

  it('a pattern with named and unnamed groups is an error, as the page says', async () => {
    await expect(value('regex("(?P<a>x)(y)", "xy")')).rejects.toThrow(
      'cannot mix named and unnamed capture groups'
    )
    await expect(value('regexall("(?P<a>x)(y)", "xy")')).rejects.toThrow('cannot mix')
  })

  it('no match is an error for regex and an empty list for regexall', async () => {
    await expect(value('regex("[a-z]+", "53453453.34534523454")')).rejects.toThrow(
      'regex() found no match for "[a-z]+"'
    )
    expect(await value('regexall("[a-z]+", "53453453.34534523454")')).toEqual([])
  })
})

// developer.hashicorp.com/terraform/language/functions/regex ("Terraform uses the RE2 regular
// expression language … it does not support backreferences"), github.com/google/re2/wiki/Syntax.
describe('RE2 syntax', () => {
  it.each<[string, Value]>([
    ['regex("(?i)ABC", "xabcx")', 'abc'],
    ['regex("[[:digit:]]+", "ab123")', '123'],
    ['regex("\\\\Qa.b\\\\E", "axb a.b")', 'a.b'],
    ['regex("\\\\pN+", "x٣٤")', '٣٤'],
    ['regex("x*?y", "xxy")', 'xxy'],
    ['regex("(?U)x+", "xxx")', 'x'],
    ['regex("(?s)a.b", "a\\nb")', 'a\nb'],
    ['regex("a.b", "a\\nb a-b")', 'a-b'],
    ['regexall("(?m)^\\\\w", "ab\\ncd")', ['a', 'c']]
  ])('%s is %j', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })

  it.each([
    ['regex("(?=a)", "a")', 'lookahead'],
    ['regex("(?<=a)b", "ab")', 'lookbehind'],
    ['regex("(a)\\\\1", "aa")', 'backreference']
  ])('%s is an error naming the pattern and RE2 (%s)', async source => {
    const error = await value(source).then(
      () => undefined,
      (e: unknown) => e as Error
    )
    expect(error).toBeInstanceOf(EvalError)
    // RE2's own reason, without the "error parsing regexp:" it starts with.
    expect(error?.message).toMatch(/^invalid regular expression ".*": invalid /)
    expect(error?.message).toContain("Terraform's patterns are RE2")
    expect(error?.message).not.toContain('error parsing regexp')
  })
})

// developer.hashicorp.com/terraform/language/functions/regexall: every match, left to right; Go's
// FindAll (pkg.go.dev/regexp: "empty matches abutting a preceding match are ignored"), an empty
// match advancing by one character (a surrogate pair is one character).
describe('regexall matches', () => {
  it.each<[string, Value]>([
    ['regexall("a", "aaa")', ['a', 'a', 'a']],
    ['regexall("ab", "ababab")', ['ab', 'ab', 'ab']],
    ['regexall("a*", "baaa")', ['', 'aaa']],
    ['regexall("a*", "baaab")', ['', 'aaa', '']],
    ['regexall("\\\\b", " a")', ['', '']],
    ['regexall("", "ab")', ['', '', '']],
    ['length(regexall("", "😀a"))', 3],
    ['length(regexall("", "a😀"))', 3],
    ['length(regexall("", "ｱb"))', 3],
    ['length(regexall("", "\\U00010000"))', 2],
    ['length(regexall("", "\\U0010FC00"))', 2],
    [
      'regexall("(\\\\w)(\\\\d)", "a1 b2")',
      [
        ['a', '1'],
        ['b', '2']
      ]
    ]
  ])('%s is %j', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

// developer.hashicorp.com/terraform/language/functions/replace: a /pattern/ is a regular expression
// and the replacement may use `$n` or a group's name; Go's Regexp.Expand reads it: `$0` the whole
// match, `$1x` is the group named "1x" (none: empty), a group that did not take part empty, `$$` a
// dollar.
describe('replace with a pattern', () => {
  it.each<[string, string]>([
    ['replace("abc", "/b/", "[$0]")', 'a[b]c'],
    ['replace("ac", "/a(b)?c/", "[$1]")', '[]'],
    ['replace("abc", "/(b)/", "$1x")', 'ac'],
    ['replace("abc", "/(b)/", "$${1}x")', 'abxc'],
    ['replace("a-b", "/(?P<l>a)-(?P<r>b)/", "$r-$l")', 'b-a'],
    ['replace("abc", "/b/", "$nope")', 'ac'],
    ['replace("abc", "/b/", "$$")', 'a$c'],
    ['replace("aaa", "/a/", "b")', 'bbb'],
    ['replace("baaa", "/a*/", "-")', '-b-'],
    ['replace("a.b", ".", "-")', 'a-b']
  ])('%s is %j', async (source, expected) => {
    expect(await value(source)).toBe(expected)
  })
})
