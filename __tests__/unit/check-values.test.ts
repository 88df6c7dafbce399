/**
 * The values check's evaluator computes, as a Terraform user would see them: how operators convert
 * and compare, what an unknown value says (and keeps), how values from resources are read in full,
 * the messages of type errors, and the limits that keep hostile input from exhausting the stack.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Pos } from '../../src/terraform/hcl/ast.js'
import { hclParser, parseExpression, parseTemplateText } from '../../src/terraform/hcl/parse.js'
import { evaluate, guardedEvaluation, type Scope } from '../../src/terraform/eval/evaluate.js'
import { convert } from '../../src/terraform/eval/types.js'
import {
  EvalError,
  JsonDoc,
  LazyObject,
  positions,
  Unknown,
  type Value
} from '../../src/terraform/eval/values.js'
import { Attributes } from '../support/attributes.js'

/** An object whose attribute is itself: forcing it must stop somewhere. */
class Loop extends LazyObject {
  get(): Value {
    return this
  }
  keys(): string[] {
    return ['me']
  }
}

const DEPTH = 100_000
const unknown = (what: string, pos?: Pos) =>
  new Unknown([{ what, pos, how: `give ${what} a value` }])

function scope(): Scope {
  return {
    root: (name, pos): Value => {
      if (name === 'var')
        return {
          region: unknown('var.region', pos),
          zone: unknown('var.zone', pos),
          key: new Unknown([{ what: 'aws_kms_key.ebs.arn', how: 'known after apply' }], undefined, {
            module: '',
            address: 'aws_kms_key.ebs',
            type: 'aws_kms_key',
            attribute: 'arn'
          }),
          res: new Attributes({ id: 'i-1', arn: 'arn:aws:ec2:i-1' }),
          loop: new Loop(),
          deep_list: '['.repeat(DEPTH) + ']'.repeat(DEPTH),
          deep_map: '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH)
        }
      throw new EvalError(`"${name}" is not declared`, pos)
    },
    readFile: path => (path === 'a.txt' ? 'hello' : undefined),
    parseTemplate: (text, file) => parseTemplateText(text, file)
  }
}

async function run(source: string): Promise<Value> {
  return evaluate(await parseExpression(source, 'main.tf'), scope())
}

const causes = (value: Value) => (value as Unknown).causes.map(c => c.what)

beforeAll(async () => {
  await hclParser()
})

// developer.hashicorp.com/terraform/language/expressions/operators
describe('operators: numbers, booleans and equality as Terraform computes them', () => {
  it.each<[string, Value]>([
    ['2 <= 1', false],
    ['2 >= 2', true],
    ['3 >= 2', true],
    ['false || false', false],
    ['true && true', true],
    // "a == b returns true if a and b both have the same type and the same value"
    ['{a = 1, b = 2} == {b = 2, a = 1}', true],
    ['{a = 1} == {a = 1, b = 2}', false],
    ['{a = 1, b = 2} == {a = 1, c = 2}', false],
    ['[1, 2] == [1]', false],
    ['[[1], {x = [2]}] == [[1], {x = [2]}]', true],
    ['1 == "1"', false],
    ['jsonencode({a = 1}) == "{\\"a\\":1}"', true],
    // types: strings holding a decimal number convert where a number is needed
    ['"1.5" * 2', 3],
    ['"-2" + 1', -1],
    ['"1e3" + 0', 1000],
    ['-"3"', -3]
  ])('%s is %j', async (source, expected) => {
    expect(await run(source)).toEqual(expected)
  })

  // The arithmetic and comparison operators "all expect number values"; a value that does not
  // convert is an error, null included, even beside an unknown (hclsyntax converts each operand
  // before it computes: "Invalid operand").
  it.each<[string, string]>([
    ['null + 1', '+ needs numbers, not null'],
    ['1 < null', '< needs numbers, not null'],
    ['var.region + null', '+ needs numbers, not null'],
    ['"abc" < var.region', '< needs numbers, not "abc"'],
    ['true + 1', '+ needs numbers, not a bool'],
    ['[5] + 1', '+ needs numbers, not a list'],
    ['{a = 1} * 2', '* needs numbers, not an object'],
    ['"" < 1', '< needs numbers, not ""'],
    ['" 1" + 1', '+ needs numbers, not " 1"'],
    ['"0x10" + 1', '+ needs numbers, not "0x10"'],
    ['-true', '- needs numbers, not a bool']
  ])('%s is an error: %s', async (source, message) => {
    await expect(run(source)).rejects.toThrow(message)
  })
})

// developer.hashicorp.com/terraform/language/expressions/types ("null", "Type Conversion") and
// github.com/hashicorp/hcl hclsyntax/spec.md: an operation on an unknown value is unknown.
describe('unknown values: what they say and what is known about them', () => {
  it('equality with an unknown is unknown, unless null is compared with what cannot be null', async () => {
    expect(causes(await run('var.key == "x"'))).toEqual(['aws_kms_key.ebs.arn'])
    expect(causes(await run('var.region.id == null'))).toEqual(['var.region'])
    expect(await run('null == var.key')).toBe(false)
    expect(await run('null != var.key')).toBe(true)
    // A template is never null, even when its interpolation is not known yet.
    expect(await run('"arn:${var.region}" == null')).toBe(false)
    expect(await run('null != "arn:${var.region}"')).toBe(true)
  })

  it('a list or object that holds an unknown compares as unknown, but is not null', async () => {
    expect(causes(await run('[var.region] == [1]'))).toEqual(['var.region'])
    expect(causes(await run('{a = var.zone} != {a = 1}'))).toEqual(['var.zone'])
    expect(causes(await run('jsonencode([var.region]) == "x"'))).toEqual(['var.region'])
    expect(await run('[var.region] == null')).toBe(false)
    expect(await run('null != {a = var.region}')).toBe(true)
  })

  it('an unknown result names each cause once, with or without a position', async () => {
    expect(causes(await run('var.region + var.zone'))).toEqual(['var.region', 'var.zone'])
    expect(causes(await run('var.region * var.region'))).toEqual(['var.region'])
    expect(causes(await run('var.key + 1'))).toEqual(['aws_kms_key.ebs.arn'])
  })

  it('prints the known text around its holes', async () => {
    expect(((await run('"ec2.${var.region}.amazonaws.com"')) as Unknown).text()).toBe(
      'ec2.${…}.amazonaws.com'
    )
    expect(((await run('var.region')) as Unknown).text()).toBe('${…}')
  })

  it('offers no values it may be unless it is a conditional', async () => {
    expect(((await run('var.region + 1')) as Unknown).candidates).toEqual([])
    expect(((await run('var.region ? "a" : "b"')) as Unknown).candidates).toEqual(['a', 'b'])
  })

  // developer.hashicorp.com/terraform/language/functions/jsonencode: jsonencode of an unknown
  // value is a string not known yet, so a template around it is too.
  it('a template around jsonencode of an unknown is unknown, keeping its text', async () => {
    const value = (await run('"policy: ${jsonencode({a = var.region})}"')) as Unknown
    expect(value).toBeInstanceOf(Unknown)
    expect(value.causes.map(c => c.what)).toEqual(['var.region'])
    expect(value.text()).toBe('policy: ${…}')
    expect(await run('"policy: ${jsonencode({a = 1})}"')).toBe('policy: {"a":1}')
  })

  it('a JSON document with unknown parts is never printed as text', async () => {
    const value = await run('join(",", [jsonencode(var.region)])').catch((error: Error) => error)
    expect(typeof value).not.toBe('string')
  })

  it('so is a key or index made of it', async () => {
    for (const source of [
      '{(jsonencode(var.region)) = 1}',
      '{a = 1}[jsonencode(var.region)]',
      '{for s in ["a"] : jsonencode(var.region) => s}'
    ])
      expect(causes(await run(source))).toEqual(['var.region'])
  })
})

// developer.hashicorp.com/terraform/language/expressions/conditionals ("The condition can be any
// expression that resolves to a boolean value") and .../expressions/types ("false converts to
// "false", and vice-versa").
describe('conditions and the type names in error messages', () => {
  it.each<[string, Value]>([
    ['"true" ? 1 : 2', 1],
    ['"false" ? 1 : 2', 2],
    ['!"false"', true]
  ])('%s is %j', async (source, expected) => {
    expect(await run(source)).toEqual(expected)
  })

  it.each<[string, string]>([
    ['null ? 1 : 2', 'a null value cannot be used as a condition'],
    ['1 ? 1 : 2', 'a number value cannot be used as a condition'],
    ['{a = 1} ? 1 : 2', 'an object value cannot be used as a condition'],
    ['"yes" ? 1 : 2', 'a string value cannot be used as a condition'],
    ['{(null) = 1}', 'a null value cannot be used as a string'],
    ['jsonencode({a = 1}).a', 'a string value has no attribute "a"'],
    ['(1).x', 'a number value has no attribute "x"'],
    ['[for x in true : x]', 'cannot iterate over a bool value']
  ])('%s is an error: %s', async (source, message) => {
    await expect(run(source)).rejects.toThrow(message)
  })

  it('an expression that did not parse (Terraform JSON syntax) is an error where it is used', () => {
    const pos = { file: 'main.tf.json', line: 4 }
    const message = '"${a +}" does not parse as a string template'
    expect(() => evaluate({ kind: 'invalid', message, pos }, scope())).toThrow(
      expect.objectContaining({ message, pos })
    )
  })
})

// developer.hashicorp.com/terraform/language/expressions/types ("Indices and Attributes": "must be
// a whole number for list and tuple values")
describe('indexes and attributes', () => {
  it.each<[string, string]>([
    ['[1, 2][-1]', 'index -1 is out of range for a list of 2'],
    ['[1, 2][2]', 'index 2 is out of range for a list of 2'],
    ['[1, 2][true]', 'a list index must be a whole number'],
    ['[1, 2][null]', 'a list index must be a whole number']
  ])('%s is an error: %s', async (source, message) => {
    await expect(run(source)).rejects.toThrow(message)
  })

  it('iterates over a resource’s attributes in key order', async () => {
    expect(await run('[for k, v in var.res : "${k}=${v}"]')).toEqual([
      'arn=arn:aws:ec2:i-1',
      'id=i-1'
    ])
  })

  it('a for expression still reads files (file() in its body)', async () => {
    expect(await run('[for f in ["a.txt"] : file(f)]')).toEqual(['hello'])
  })
})

// developer.hashicorp.com/terraform/language/functions/jsonencode and .../expressions/operators
describe('values from resources are read in full', () => {
  it('compares and encodes a resource’s attributes, in lists and objects', async () => {
    expect(await run('var.res == {id = "i-1", arn = "arn:aws:ec2:i-1"}')).toBe(true)
    expect(await run('[var.res] == [{id = "i-1", arn = "arn:aws:ec2:i-1"}]')).toBe(true)
    expect(await run('"=${jsonencode([var.res])}"')).toBe('=[{"id":"i-1","arn":"arn:aws:ec2:i-1"}]')
    expect(await run('"=${jsonencode({r = var.res})}"')).toBe(
      '={"r":{"id":"i-1","arn":"arn:aws:ec2:i-1"}}'
    )
  })

  it('a statement inside jsonencode keeps the line it was written on (findings name it)', async () => {
    const doc = (await run('jsonencode({\n  Statement = [\n    { Sid = "A" }\n  ]\n})')) as JsonDoc
    const statement = (doc.value as { Statement: object[] }).Statement[0]
    expect(positions.get(statement)).toMatchObject({ file: 'main.tf', line: 3 })
  })
})

// Hostile input: jsondecode of text nested 100,000 deep, an object that contains itself. The
// evaluator answers (or says it cannot tell) instead of exhausting the stack.
describe('deeply nested values do not exhaust the stack', () => {
  it.each<[string, Value]>([
    ['jsondecode(var.deep_list) == [1]', false],
    ['jsondecode(var.deep_map) == {a = 1}', false],
    ['length(jsondecode(var.deep_list))', 1]
  ])('%s is %j', async (source, expected) => {
    expect(await run(source)).toEqual(expected)
  })

  it('two values too deep to compare are unknown, and say why', async () => {
    const value = await run('jsondecode(var.deep_list) == jsondecode(var.deep_list)')
    expect(causes(value)).toEqual(['values nested more than 64 deep'])
  })

  it('a document too deep to write is an error, not a crash', async () => {
    await expect(run('"=${jsonencode(jsondecode(var.deep_map))}"')).rejects.toThrow(
      'a JSON document nested too deep'
    )
  })

  it('an object that contains itself is read to a bounded depth', async () => {
    const doc = (await run('jsonencode(var.loop)')) as JsonDoc
    let depth = 0
    for (let v = doc.value; v && typeof v === 'object' && 'me' in v; v = v.me as Value) depth++
    expect(depth).toBeGreaterThan(10)
    expect(depth).toBeLessThan(40)
  })
})

// check stops at timeout-minutes: a long evaluation consults the deadline every few thousand steps.
describe('the deadline is consulted during a long evaluation', () => {
  const LONG = '[for i in range(200) : [for j in range(100) : j]]'

  it('a few times, not at every step, and stops the evaluation when it says so', async () => {
    const expr = await parseExpression(LONG, 'main.tf')
    let calls = 0
    guardedEvaluation(
      () => calls++,
      () => evaluate(expr, scope())
    )
    expect(calls).toBeGreaterThanOrEqual(3)
    expect(calls).toBeLessThanOrEqual(6)
    const timeout = () => {
      throw new Error('timeout-minutes reached')
    }
    expect(() => guardedEvaluation(timeout, () => evaluate(expr, scope()))).toThrow(
      'timeout-minutes reached'
    )
  })

  it('only while its evaluation runs', async () => {
    const expr = await parseExpression(LONG, 'main.tf')
    let calls = 0
    guardedEvaluation(
      () => calls++,
      () => 0
    )
    expect((evaluate(expr, scope()) as Value[]).length).toBe(200)
    expect(calls).toBe(0)
  })
})

// developer.hashicorp.com/terraform/language/expressions/type-constraints ("Conversion of
// Primitive Types", "Optional Object Type Attributes")
describe('type constraints convert only what Terraform converts', () => {
  const typed = async (type: string, value: Value) => convert(value, await parseExpression(type))

  it.each<[string, Value, Value]>([
    ['string', '5', '5'],
    ['string', 'true', 'true'],
    ['string', [1, 2], [1, 2]],
    ['number', '0x10', '0x10'],
    ['number', ' 1', ' 1'],
    ['number', '-1.5', -1.5],
    ['bool', '5', '5'],
    ['bool', 1, 1],
    // A malformed constraint (Terraform rejects it) leaves the value as it is.
    ['tuple()', [1], [1]],
    ['tuple(string)', [1], [1]],
    ['object()', { a: 1 }, { a: 1 }],
    ['object(string)', { a: 1 }, { a: 1 }]
  ])('%s keeps %j as %j', async (type, value, expected) => {
    expect(await typed(type, value)).toEqual(expected)
  })

  it('a resource or module output passes through as it is', async () => {
    const res = new Attributes({ id: 'i-1' })
    expect(await typed('object({ id = string })', res)).toBe(res)
    expect(await typed('string', res)).toBe(res)
  })
})
