/**
 * Terraform's expression semantics as the evaluator computes them (developer.hashicorp.com/
 * terraform/language/expressions): operators, templates and directives, for expressions, splats,
 * indexing, conditionals; how unknown values flow through each; and variable type constraints.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { hclParser, parseExpression, parseTemplateText } from '../../src/terraform/hcl/parse.js'
import { evaluate, type Scope } from '../../src/terraform/eval/evaluate.js'
import { convert } from '../../src/terraform/eval/types.js'
import { EvalError, Unknown, type Value } from '../../src/terraform/eval/values.js'

function scope(): Scope {
  return {
    root: (name, pos): Value => {
      if (name === 'var')
        return {
          region: new Unknown([{ what: 'var.region', pos, how: 'give it a value' }]),
          key: new Unknown([{ what: 'aws_kms_key.ebs.arn', how: 'known after apply' }], undefined, {
            module: '',
            address: 'aws_kms_key.ebs',
            type: 'aws_kms_key',
            attribute: 'arn'
          }),
          nothing: null,
          str: 'text'
        }
      throw new EvalError(`"${name}" is not declared`, pos)
    },
    readFile: () => undefined,
    parseTemplate: (text, file) => parseTemplateText(text, file)
  }
}

async function run(source: string): Promise<Value> {
  return evaluate(await parseExpression(source, 'expr.tf'), scope())
}

beforeAll(async () => {
  await hclParser()
})

describe('expressions give Terraform’s results', () => {
  it.each<[string, Value]>([
    ['5 % 3', 2],
    ['7 / 2', 3.5],
    ['2 * 3 - 1', 5],
    ['-(3)', -3],
    ['!true', false],
    ['1 <= 1', true],
    ['2 >= 3', false],
    ['2 > 1', true],
    ['"1" + 1', 2],
    ['"a" == "a"', true],
    ['[1] != [2]', true],
    ['{a = 1} == {a = 1}', true],
    ['var.key == null', false],
    ['var.key != null', true],
    ['null == "x"', false],
    ['var.region || true', true],
    ['var.region && false', false],
    ['"a-${"${1}-b"}-c"', 'a-1-b-c'],
    ['"%{ if false }on%{ else }off%{ endif }"', 'off'],
    ['"%{ for k, v in {b = 2, a = 1} }${k}=${v};%{ endfor }"', 'a=1;b=2;'],
    ['"${[1, 2]}"', [1, 2]],
    ['[for k, v in {b = 2, a = 1} : k]', ['a', 'b']],
    ['[for i, v in ["x", "y"] : "${i}${v}"]', ['0x', '1y']],
    ['{for s in ["a", "b"] : s => upper(s)}', { a: 'A', b: 'B' }],
    ['var.nothing[*]', []],
    ['{a = 1}[*].a', [1]],
    ['[[1, 2], [3]][*][0]', [1, 3]],
    ['[1, 2]["1"]', 2],
    ['{a = 1}["a"]', 1],
    ['{("a${1}") = 2}', { a1: 2 }],
    ['var.str', 'text']
  ])('%s', async (source, expected) => {
    expect(await run(source)).toEqual(expected)
  })

  it.each<[string, string]>([
    ['"a" < 1', '< needs numbers'],
    ['"x" && true', 'a string value cannot be used as a condition'],
    ['"a${null}"', 'a null value cannot be interpolated'],
    ['"x${[1]}"', 'a list value cannot be used as a string'],
    ['{for k in ["a", "a"] : k => 1}', 'duplicate key "a" in a for expression'],
    ['[for x in "str" : x]', 'cannot iterate over a string value'],
    ['[1, 2][1.5]', 'a list index must be a whole number'],
    ['[1][5]', 'index 5 is out of range for a list of 1'],
    ['"abc"[0]', 'a string value cannot be indexed'],
    ['var.nothing.x', 'attempt to get attribute "x" from null'],
    ['var.str.x', 'a string value has no attribute "x"'],
    ['{a = 1}.b', 'this object has no attribute "b"']
  ])('%s is an error: %s', async (source, message) => {
    await expect(run(source)).rejects.toThrow(message)
  })
})

describe('unknown values flow as Terraform’s do', () => {
  it.each([
    'var.region == null',
    'var.region + 1',
    '-var.region',
    '!var.region',
    'true && var.region',
    '"%{ if var.region == "x" }a%{ endif }"',
    '"%{ for x in var.region }${x}%{ endfor }"',
    '[for x in var.region : x]',
    '[for x in ["a"] : x if var.region]',
    '{for k in ["a"] : var.region => 1}',
    'var.region[*].id',
    '[1, 2][var.region]',
    'var.region[0]',
    '{(var.region) = 1}'
  ])('%s is unknown, because of var.region', async source => {
    const value = await run(source)
    expect(value).toBeInstanceOf(Unknown)
    expect((value as Unknown).causes.map(c => c.what)).toEqual(['var.region'])
  })

  it('a template with a hole keeps the text around it, through nested templates', async () => {
    const value = (await run('"a-${"${var.region}-b"}-c"')) as Unknown
    expect(value.parts).toEqual(['a-', '-b-c'])
    expect(await run('"${var.region}"')).toBeInstanceOf(Unknown)
  })

  it('an attribute or index of a resource attribute still names the resource', async () => {
    expect(((await run('var.key.id')) as Unknown).ref).toMatchObject({
      address: 'aws_kms_key.ebs',
      attribute: 'id'
    })
    expect(((await run('var.key[0]')) as Unknown).ref).toMatchObject({ attribute: 'arn' })
    expect(((await run('var.key[*]')) as Unknown).ref).toMatchObject({ attribute: 'arn' })
  })

  it('a conditional on an unknown keeps both branches as candidates; a branch that fails is null', async () => {
    const value = (await run('var.region == "x" ? 1 : [1][5]')) as Unknown
    expect(value.candidates).toEqual([1, null])
  })
})

describe('type constraints convert values as Terraform does', () => {
  const typed = async (type: string, value: Value) => convert(value, await parseExpression(type))

  it.each<[string, Value, Value]>([
    ['string', 1, '1'],
    ['string', true, 'true'],
    ['number', '2', 2],
    ['number', ' ', ' '],
    ['number', 'x', 'x'],
    ['bool', 'true', true],
    ['bool', 'false', false],
    ['any', 3, 3],
    ['list(string)', [1, 2], ['1', '2']],
    ['set(number)', ['1'], [1]],
    ['map(number)', { a: '1' }, { a: 1 }],
    ['map(number)', 'not a map', 'not a map'],
    ['list(string)', 'not a list', 'not a list'],
    ['tuple([string, number])', [1, '2'], ['1', 2]],
    ['tuple([string])', 'x', 'x'],
    ['object({ a = string })', 'x', 'x'],
    ['object({ "a-b" = number })', { 'a-b': '5' }, { 'a-b': 5 }],
    ['object({ a = optional(number, 7) })', { a: null }, { a: 7 }],
    ['optional(string)', 4, '4']
  ])('%s converts %j to %j', async (type, value, expected) => {
    expect(await typed(type, value)).toEqual(expected)
  })

  it('null and unknown values are left as they are', async () => {
    expect(await typed('string', null)).toBeNull()
    const unknown = new Unknown([])
    expect(await typed('string', unknown)).toBe(unknown)
    expect(convert('x', undefined)).toBe('x')
  })
})
