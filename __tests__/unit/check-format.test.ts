/**
 * format() as Terraform computes it: verbs, flags, widths, precisions and argument indexes. The
 * expected values are Terraform's documented behaviour (the format page, cited per describe) and,
 * where the page defers to Go's printf, what cty's format function (which Terraform calls) gives.
 */
import { describe, expect, it } from '@jest/globals'
import { EvalError, Unknown } from '../../src/terraform/eval/values.js'
import { scopeOf, valueOf } from '../support/expression.js'

const scope = scopeOf({
  var: pos => ({
    region: new Unknown([{ what: 'var.region', pos, how: 'give var.region a value' }])
  })
})

const value = (source: string) => valueOf(source, 'format.tf', scope)

// developer.hashicorp.com/terraform/language/functions/format ("Verbs", "Default Format Verbs")
describe('format verbs', () => {
  it.each<[string, string]>([
    ['format("%d", "42")', '42'],
    ['format("%.1f", "1.06")', '1.1'],
    ['format("%f", 10)', '10.000000'],
    ['format("%x", -255)', '-ff'],
    ['format("%e", -1234.5678)', '-1.234568e+03'],
    ['format("%E", 1234.5678)', '1.234568E+03'],
    ['format("%.2e", 1234.5678)', '1.23e+03'],
    ['format("%.0e", 1234)', '1e+03'],
    ['format("%t", "true")', 'true'],
    ['format("%t", "false")', 'false'],
    ['format("%t", false)', 'false'],
    ['format("%q", "Hello\\nWorld")', '"Hello\\nWorld"'],
    ['format("%s", true)', 'true'],
    ['format("%v", true)', 'true'],
    ['format("%v", {a = "b"})', '{"a":"b"}'],
    ['format("%v", ["a", 1])', '["a",1]'],
    ['format("%#v", 2)', '2'],
    ['format("%%%v", 2)', '%2']
  ])('%s is %j', async (source, expected) => {
    expect(await value(source)).toBe(expected)
  })

  it('null is "null" for %v and %#v, as the page says, and an error for other verbs', async () => {
    expect(await value('format("%v", null)')).toBe('null')
    expect(await value('format("%#v", null)')).toBe('null')
    await expect(value('format("%s", null)')).rejects.toThrow(EvalError)
    await expect(value('format("%d", null)')).rejects.toThrow(EvalError)
  })
})

// developer.hashicorp.com/terraform/language/functions/format: "%g: Like %e for large exponents
// or like %f otherwise", and a number's %v is %g. Go's rule: %e when the exponent is below -4 or
// at least the precision (6 for the shortest digits); trailing zeros dropped. Terraform printed
// 12345678 this way in github.com/hashicorp/terraform/issues/27438.
describe('format %g, and %v of a number', () => {
  it.each<[string, string]>([
    ['format("%g", 1000)', '1000'],
    ['format("%G", 1000)', '1000'],
    ['format("%g", 100000)', '100000'],
    ['format("%g", 1000000)', '1e+06'],
    ['format("%g", -2.5)', '-2.5'],
    ['format("%g", 0)', '0'],
    ['format("%g", 0.0001)', '0.0001'],
    ['format("%g", 0.5)', '0.5'],
    ['format("%g", 123.456)', '123.456'],
    ['format("%g", 0.00001)', '1e-05'],
    ['format("%G", "0.00000000000000000000001")', '1E-23'],
    ['format("%.3g", 1234.5678)', '1.23e+03'],
    ['format("%.2G", 1234)', '1.2E+03'],
    ['format("%.3g", 1)', '1'],
    ['format("%.3g", 100)', '100'],
    ['format("%.3g", 0.0001234)', '0.000123'],
    ['format("%.3g", 2.5)', '2.5'],
    ['format("%.3g", 1.23456)', '1.23'],
    ['format("%.0g", 7)', '7'],
    ['format("%v", 2)', '2'],
    ['format("%v", 1.5)', '1.5'],
    ['format("%v", 12345678)', '1.2345678e+07']
  ])('%s is %j', async (source, expected) => {
    expect(await value(source)).toBe(expected)
  })
})

// developer.hashicorp.com/terraform/language/functions/format ("Width Modifier", "Additional
// Format Options"): space, + and 0 for numbers; - pads on the right; flags a verb does not take
// are ignored; width counts characters (grapheme clusters).
describe('format widths, precisions and flags', () => {
  it.each<[string, string]>([
    ['format("%5.2f|", 3.14159)', ' 3.14|'],
    ['format("%9.2f|", -3.14159)', '    -3.14|'],
    ['format("%-8s|", "abc")', 'abc     |'],
    ['format("%3s|", "abc")', 'abc|'],
    ['format("%2d|", 123)', '123|'],
    ['format("%+d", 5)', '+5'],
    ['format("%+d", -5)', '-5'],
    ['format("% d", 5)', ' 5'],
    ['format("% d", -5)', '-5'],
    ['format("%+.1f", 2.5)', '+2.5'],
    ['format("%+5d|", 42)', '  +42|'],
    ['format("%05d", -42)', '-0042'],
    ['format("%+05d", 42)', '+0042'],
    ['format("% 05d", 42)', ' 0042'],
    ['format("%-5d|", 42)', '42   |'],
    ['format("%-05d|", 42)', '42   |'],
    ['format("%+s", "a")', 'a'],
    ['format("% s", "a")', 'a'],
    ['format("%+5s|", "a")', '    a|'],
    ['format("%05s", "ab")', '000ab'],
    ['format("%6v|", "ab")', '    ab|'],
    ['format("%05v", 42)', '00042'],
    ['format("%.2s", "hello")', 'he'],
    ['format("%.2q", "hello")', '"he"'],
    ['format("%4.2s|", "hello")', '  he|'],
    ['format("%-4.2s|", "hello")', 'he  |'],
    ['format("%.5s", "日本語日本語")', '日本語日本'],
    ['format("%.9s", "short")', 'short'],
    ['format("%6q", "💃🏿")', '   "💃🏿"'],
    ['format("%-6q|", "💃🏿")', '"💃🏿"   |']
  ])('%s is %j', async (source, expected) => {
    expect(await value(source)).toBe(expected)
  })
})

// developer.hashicorp.com/terraform/language/functions/format ("Specification Syntax"): `[n]`
// picks an argument and later verbs go on from n+1; an error for an impossible conversion, for
// more arguments asked than given, and for an unsupported verb.
describe('format arguments and errors', () => {
  it.each<[string, string]>([
    ['format("%[2]s", "a", "b")', 'b'],
    ['format("%[2]s %s", "a", "b", "c")', 'b c'],
    ['format("%[1]s %[1]s", "a")', 'a a'],
    ['format("%[3]s %[1]s %s", "a", "b", "c")', 'c a b'],
    ['format("100%%")', '100%']
  ])('%s is %j', async (source, expected) => {
    expect(await value(source)).toBe(expected)
  })

  it.each<[string, string]>([
    ['format("%s %s", "a")', 'not enough arguments for "%s"'],
    ['format("%[3]s", "a", "b")', 'not enough arguments for "%[3]s"'],
    ['format("%[2]s", "a")', 'not enough arguments'],
    ['format("%[0]v", "a")', '"%[0]v" has no argument 0'],
    ['format("%s", "a", "b")', 'too many arguments; only 1 used'],
    ['format("%[1]s", "a", "b")', 'too many arguments; only 1 used'],
    ['format("plain", "a")', 'too many arguments; only 0 used'],
    ['format("%z", 1)', 'unsupported verb %z'],
    ['format("%F", 1.5)', 'unsupported verb %F'],
    ['format("%d", 1.5)', '%d needs a whole number, not 1.5'],
    ['format("%x", 2.5)', '%x needs a whole number'],
    ['format("%d", "4x")', '%d needs a number'],
    ['format("%d", "")', '%d needs a number'],
    ['format("%d", "  ")', '%d needs a number'],
    ['format("%d", " 42")', '%d needs a number'],
    ['format("%x", "0x10")', '%x needs a number'],
    ['format("%d", true)', '%d needs a number'],
    ['format("%e", true)', '%e needs a number'],
    ['format("%x", "hello")', '%x needs a number'],
    ['format("%g", "many")', '%g needs a number'],
    ['format("%t", 1)', '%t needs a bool'],
    ['format("%t", "yes")', '%t needs a bool'],
    ['format("%s", [1])', 'cannot be used as a string']
  ])('%s is an error: %s', async (source, message) => {
    await expect(value(source)).rejects.toThrow(message)
  })
})

// developer.hashicorp.com/terraform/language/functions/format ("%v … Accepts all types"): a value
// with an unknown inside, formatted by %v or %#v, is text not known until apply (cty's format
// returns unknown unless every argument is wholly known).
describe('format of a value that holds an unknown', () => {
  it.each([
    'format("%v", [var.region])',
    'format("%#v", {a = var.region})',
    'format("%s-%v", "x", [1, var.region])'
  ])("%s is unknown, with the unknown's cause", async source => {
    const result = await value(source)
    expect(result).toBeInstanceOf(Unknown)
    expect((result as Unknown).causes.map(c => c.what)).toEqual(['var.region'])
  })
})

// developer.hashicorp.com/terraform/language/functions/formatlist: not computed by check; the
// result is unknown with a reason, never a guess.
describe('formatlist', () => {
  it('is unknown, and says check does not evaluate it', async () => {
    const result = await value('formatlist("%s", ["a", "b"])')
    expect(result).toBeInstanceOf(Unknown)
    expect((result as Unknown).causes[0].how).toMatch(/does not evaluate formatlist\(\)/)
  })
})
