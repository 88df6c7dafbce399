/**
 * Terraform's built-in functions as the evaluator computes them, table-tested against the results
 * Terraform documents (developer.hashicorp.com/terraform/language/functions/<name>), and how an
 * unknown argument (a value known only after apply) flows through each of them.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { hclParser, parseExpression, parseTemplateText } from '../../src/terraform/hcl/parse.js'
import { evaluate, type Scope } from '../../src/terraform/eval/evaluate.js'
import type { Pos } from '../../src/terraform/hcl/ast.js'
import { EvalError, JsonDoc, Unknown, type Value } from '../../src/terraform/eval/values.js'
import { Attributes } from '../support/attributes.js'

const FILES: Record<string, string> = {
  'policy.json': '{"Statement": []}',
  'tpl/outer.tftpl': 'inner=${file("inner.txt")}',
  'tpl/inner.txt': 'from the template directory',
  'names.tftpl': '%{ for n in names ~}${n},%{ endfor ~}',
  'one.tftpl': 'hello ${name}'
}

const region = (pos?: Pos): Unknown =>
  new Unknown([{ what: 'var.region', pos, how: 'give var.region a value' }])

function scope(): Scope {
  return {
    root: (name, pos): Value => {
      if (name === 'var')
        return {
          region: region(pos),
          tags: { b: '2', a: '1' },
          key: new Unknown([{ what: 'aws_kms_key.ebs.arn', how: 'known after apply' }], undefined, {
            module: '',
            address: 'aws_kms_key.ebs',
            type: 'aws_kms_key',
            attribute: 'arn'
          })
        }
      if (name === 'module') return { out: new Attributes({ arn: 'arn:aws:kms:k', id: 'k' }) }
      throw new EvalError(`"${name}" is not declared`, pos)
    },
    readFile: path => FILES[path],
    parseTemplate: (text, file) => parseTemplateText(text, file)
  }
}

async function run(source: string): Promise<Value> {
  return evaluate(await parseExpression(source, 'fn.tf'), scope())
}

/** Runs and expects an unknown whose cause is var.region. */
async function unknownFromRegion(source: string): Promise<Unknown> {
  const value = await run(source)
  expect(value).toBeInstanceOf(Unknown)
  expect((value as Unknown).causes.map(c => c.what)).toContain('var.region')
  return value as Unknown
}

beforeAll(async () => {
  await hclParser()
})

describe('Terraform functions give the documented results', () => {
  it.each<[string, Value]>([
    // collections
    ['length("héllo")', 5],
    ['length([1, 2])', 2],
    ['length({})', 0],
    ['length(module.out)', 2],
    ['length(jsonencode({a = 1}))', 7],
    ['concat(["a", ""], ["b", "c"])', ['a', '', 'b', 'c']],
    ['merge({a = "b", c = "d"}, {e = "f", c = "z"})', { a: 'b', c: 'z', e: 'f' }],
    ['merge({a = "b"}, module.out)', { a: 'b', arn: 'arn:aws:kms:k', id: 'k' }],
    ['flatten([["a", "b"], [], ["c"]])', ['a', 'b', 'c']],
    ['flatten([[["a", "b"], []], ["c"]])', ['a', 'b', 'c']],
    ['element(["a", "b", "c"], 1)', 'b'],
    ['element(["a", "b", "c"], 3)', 'a'],
    ['element(["a", "b", "c"], "1")', 'b'],
    // Terraform's documented example (1.8 on): a negative index counts from the end.
    ['element(["a", "b", "c"], -1)', 'c'],
    ['element(["a", "b", "c"], -4)', 'c'],
    ['keys({a = 1, c = 2, d = 3})', ['a', 'c', 'd']],
    ['keys(var.tags)', ['a', 'b']],
    ['values({a = 3, c = 2, d = 1})', [3, 2, 1]],
    ['contains(["a", "b", "c"], "a")', true],
    ['contains(["a", "b", "c"], "d")', false],
    ['contains([{a = 1}], {a = 1})', true],
    ['distinct(["a", "b", "a", "c", "d", "b"])', ['a', 'b', 'c', 'd']],
    ['compact(["a", "", "b", null, "c"])', ['a', 'b', 'c']],
    ['reverse([1, 2, 3])', [3, 2, 1]],
    ['sort(["e", "d", "a", "x"])', ['a', 'd', 'e', 'x']],
    ['slice(["a", "b", "c", "d"], 1, 3)', ['b', 'c']],
    ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
    ['setunion(["a", "b"], ["b", "c"], ["d"])', ['a', 'b', 'c', 'd']],
    ['one([])', null],
    ['one(["hello"])', 'hello'],
    ['range(3)', [0, 1, 2]],
    ['range(1, 4)', [1, 2, 3]],
    ['range(1, 8, 2)', [1, 3, 5, 7]],
    ['range(1, 4, 0.5)', [1, 1.5, 2, 2.5, 3, 3.5]],
    ['range(4, 1)', [4, 3, 2]],
    ['range(10, 5, -2)', [10, 8, 6]],
    ['max(12, 54, 3)', 54],
    ['min(12, 54, 3)', 3],
    ['max([12, 54, 3]...)', 54],
    // type conversions
    ['tostring("hello")', 'hello'],
    ['tostring(1)', '1'],
    ['tostring(true)', 'true'],
    ['tostring(null)', null],
    ['tonumber(1)', 1],
    ['tonumber("1")', 1],
    ['tonumber(null)', null],
    ['tobool(true)', true],
    ['tobool("false")', false],
    ['tobool(null)', null],
    ['tolist(["a", "b", "c"])', ['a', 'b', 'c']],
    ['tolist(null)', null],
    ['toset(["c", "b", "b"])', ['b', 'c']],
    ['toset([3, 1, 2, 1])', [1, 2, 3]],
    ['toset(null)', null],
    ['tomap({a = 1, b = 2})', { a: 1, b: 2 }],
    ['tomap(null)', null],
    // strings
    ['format("Hello, %s!", "Ander")', 'Hello, Ander!'],
    ['format("There are %d lights", 4)', 'There are 4 lights'],
    ['format("%v and %v", true, [1, 2])', 'true and [1,2]'],
    ['format("%v", "text")', 'text'],
    ['format("100%%")', '100%'],
    ['replace("1 + 2 + 3", "+", "-")', '1 - 2 - 3'],
    ['replace("hello world", "/w.*d/", "everybody")', 'hello everybody'],
    ['replace("hello", "/(l+)/", "[$1]")', 'he[ll]o'],
    ['replace("hello", "/(?P<ls>l+)/", "<$1>")', 'he<ll>o'],
    ['join(", ", ["foo", "bar", "baz"])', 'foo, bar, baz'],
    ['join(", ", ["foo"])', 'foo'],
    ['join("-", ["a"], ["b", 1])', 'a-b-1'],
    ['split(",", "foo,bar,baz")', ['foo', 'bar', 'baz']],
    ['split(",", "foo")', ['foo']],
    ['split(",", "")', ['']],
    ['lower("HELLO")', 'hello'],
    ['upper("hello")', 'HELLO'],
    ['trimspace("  hello\\n\\n")', 'hello'],
    ['trimprefix("helloworld", "hello")', 'world'],
    ['trimprefix("helloworld", "cat")', 'helloworld'],
    ['trimsuffix("helloworld", "world")', 'hello'],
    ['trimsuffix("helloworld", "cat")', 'helloworld'],
    ['trimsuffix("hello", "")', 'hello'],
    ['startswith("hello world", "hello")', true],
    ['endswith("hello world", "world")', true],
    ['endswith("hello world", "hello")', false],
    ['substr("hello world", 1, 4)', 'ello'],
    ['substr("🤔🤷", 0, 1)', '🤔'],
    ['substr("hello world", -5, -1)', 'world'],
    ['regex("[a-z]+", "53453453.345345aaabbbccc23454")', 'aaabbbccc'],
    [
      'regex("(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)-(\\\\d\\\\d)", "2019-02-01")',
      ['2019', '02', '01']
    ],
    [
      'regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")',
      { scheme: 'https', authority: 'terraform.io' }
    ],
    ['jsondecode("{\\"hello\\": \\"world\\"}")', { hello: 'world' }],
    ['jsondecode("true")', true],
    ['base64encode("Hello World")', 'SGVsbG8gV29ybGQ='],
    ['base64decode("SGVsbG8gV29ybGQ=")', 'Hello World'],
    ['basename("foo/bar/baz.txt")', 'baz.txt'],
    ['dirname("foo/bar/baz.txt")', 'foo/bar'],
    ['abspath("policy.json")', 'policy.json'],
    // the ones that look at their arguments one by one
    ['try(module.out.missing, module.out.id)', 'k'],
    ['can(module.out.missing)', false],
    ['can(module.out.id)', true],
    ['can(regex("^ami-", "ami-123"))', true],
    ['can(regex("^ami-", "img-123"))', false],
    ['coalesce("a", "b")', 'a'],
    ['coalesce("", "b")', 'b'],
    ['coalesce(1, 2)', 1],
    ['lookup({a = "ay", b = "bee"}, "a", "what?")', 'ay'],
    ['lookup({a = "ay", b = "bee"}, "c", "what?")', 'what?'],
    ['lookup(module.out, "id", "none")', 'k'],
    ['lookup(module.out, "name", "none")', 'none'],
    ['file("policy.json")', '{"Statement": []}'],
    ['templatefile("names.tftpl", { names = ["a", "b"] })', 'a,b,'],
    ['templatefile("tpl/outer.tftpl", {})', 'inner=from the template directory'],
    ['element(["a", "b"], 2)', 'a'],
    // core:: names the built-in; a provider's function of the same name is not it (check-provider-functions)
    ['core::lower("X")', 'x']
  ])('%s', async (source, expected) => {
    expect(await run(source)).toEqual(expected)
  })

  it('jsondecode(jsonencode(x)) gives x back, unknown parts included', async () => {
    const value = (await run('jsondecode(jsonencode({a = var.region, b = "c"}))')) as Record<
      string,
      Value
    >
    expect(value.b).toBe('c')
    expect(value.a).toBeInstanceOf(Unknown)
  })

  it.each<[string, string]>([
    ['concat("a")', 'expected a list, got string'],
    ['keys("a")', 'expected a map or object, got string'],
    ['upper(null)', 'a null value where a string is needed'],
    ['upper(["a"])', 'a list value cannot be used as a string'],
    ['element([], 0)', 'element() of an empty list'],
    ['tonumber("no")', 'cannot convert "no" to a number'],
    ['tobool("yes")', 'cannot convert to bool'],
    ['range(1, 2, 0)', 'range() step of zero'],
    ['range(0, 100000)', 'range() is too long'],
    ['one(["a", "b"])', 'one() of a list with more than one element'],
    ['regex("^x", "abc")', 'regex() found no match'],
    ['regex("(", "abc")', 'invalid regular expression'],
    ['replace("abc", "/(/", "x")', 'invalid regular expression'],
    ['coalesce(null, "")', 'no non-null, non-empty argument to coalesce()'],
    ['lookup({a = 1}, "b")', 'the map has no key "b"'],
    ['lookup("text", "b", 1)', 'lookup() needs a map, got string'],
    ['try(module.out.x, module.out.y)', 'no argument of try() could be evaluated'],
    ['file("nope.json")', 'the file nope.json is not here'],
    ['templatefile("one.tftpl", {})', 'uses "name", which is not passed to it'],
    ['max("a"...)', 'expected a list, got string']
  ])('%s is an error: %s', async (source, message) => {
    await expect(run(source)).rejects.toThrow(message)
  })

  it('an error inside try() or can() is caught, but not a program error', async () => {
    expect(await run('try(regex("(", "x"), "fallback")')).toBe('fallback')
    expect(await run('can(undeclared.x)')).toBe(false)
  })
})

describe('unknown values flow through functions as Terraform would', () => {
  it.each([
    'length(var.region)',
    'upper(var.region)',
    'format("%s-x", var.region)',
    'replace(var.region, "-", "_")',
    'merge({a = 1}, var.region)',
    'lookup({a = 1}, var.region, 0)',
    'lookup(var.region, "a", 0)',
    'element(var.region, 0)',
    'element(["a"], var.region)',
    'file(var.region)',
    'templatefile(var.region, {})',
    'templatefile("one.tftpl", var.region)',
    'max(var.region...)',
    'upper(jsonencode({a = var.region}))',
    'coalesce(var.region, "x")',
    'can(var.region)'
  ])('%s is unknown, because of var.region', async source => {
    await unknownFromRegion(source)
  })

  it('a list or map that holds an unknown is still known in shape', async () => {
    expect(await run('length(concat([var.region], ["a"]))')).toBe(2)
    expect(await run('keys({a = var.region})')).toEqual(['a'])
    const got = (await run('lookup({a = var.region, b = 1}, "b", 0)')) as Value
    expect(got).toBe(1)
  })

  it('try() does not fall through an unknown: the value may well be valid once known', async () => {
    await unknownFromRegion('try(var.region, "fallback")')
  })

  it('coalesce() keeps a resource attribute (never null) and a partly known string as they are', async () => {
    const key = (await run('coalesce(var.key, "alias/aws/ebs")')) as Unknown
    expect(key.ref).toMatchObject({ address: 'aws_kms_key.ebs', attribute: 'arn' })
    const text = (await run('coalesce("arn:${var.region}:x", "y")')) as Unknown
    expect(text.parts).toEqual(['arn:', ':x'])
  })

  it('one() of an unknown list is that unknown', async () => {
    await unknownFromRegion('one(var.region)')
  })

  it('a function this action does not evaluate is unknown, and says to pass the plan', async () => {
    const value = (await run('cidrsubnet("10.0.0.0/16", 8, 1)')) as Unknown
    expect(value).toBeInstanceOf(Unknown)
    expect(value.causes).toEqual([
      expect.objectContaining({
        what: 'cidrsubnet()',
        pos: { file: 'fn.tf', line: 1 },
        how: expect.stringContaining('plan-json')
      })
    ])
  })

  it('jsonencode keeps the document; a document without unknowns is its text', async () => {
    expect(await run('jsonencode({a = var.region})')).toBeInstanceOf(JsonDoc)
    expect(await run('lower(jsonencode({A = "B"}))')).toBe('{"a":"b"}')
  })
})
