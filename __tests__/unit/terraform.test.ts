/** The HCL parser and the expression evaluator, table-tested: Terraform's semantics, pure. */
import { beforeAll, describe, expect, it } from '@jest/globals'
import {
  parseExpression,
  parseHcl,
  parseTemplateText,
  hclParser
} from '../../src/terraform/hcl/parse.js'
import { evaluate, withNames, type Scope } from '../../src/terraform/eval/evaluate.js'
import { convert } from '../../src/terraform/eval/types.js'
import { EvalError, JsonDoc, Unknown, type Value } from '../../src/terraform/eval/values.js'

const FILES: Record<string, string> = {
  'policy.json': '{"Statement": []}',
  'policy.json.tftpl':
    '{"Principal": "arn:${partition}:iam::${account}:root", "List": ${jsonencode(ids)}}'
}

function scope(names: Record<string, Value> = {}): Scope {
  return {
    root: (name, pos) => {
      if (name in names) return names[name]
      if (name === 'var')
        return {
          known: 'k',
          region: new Unknown([{ what: 'var.region', pos, how: 'give it a value' }])
        }
      throw new EvalError(`"${name}" is not declared`, pos)
    },
    readFile: path => FILES[path],
    parseTemplate: (text, file) => parseTemplateText(text, file)
  }
}

async function run(source: string, names: Record<string, Value> = {}): Promise<Value> {
  return evaluate(await parseExpression(source, 'test.tf'), scope(names))
}

beforeAll(async () => {
  await hclParser()
})

describe('evaluate', () => {
  it.each<[string, Value]>([
    ['"a-${1 + 2}-b"', 'a-3-b'],
    ['[for k, v in {a = 1, b = 2} : "${k}${v}" if v > 1]', ['b2']],
    ['{for s in ["x", "y", "x"] : s => s...}', { x: ['x', 'x'], y: ['y'] }],
    ['[{a = 1}, {a = 2}][*].a', [1, 2]],
    ['[{a = {b = 3}}].*.a.b', [3]],
    ['true ? "yes" : "no"', 'yes'],
    ['!false && (1 < 2 || false)', true],
    ['try({a = 1}.b, "fallback")', 'fallback'],
    ['try([1][3], null)', null],
    ['lookup({a = 1}, "b", "dflt")', 'dflt'],
    ['lookup({a = 1}, "a", "dflt")', 1],
    ['merge({a = 1}, {b = 2}, null)', { a: 1, b: 2 }],
    ['concat([1], [2, 3])', [1, 2, 3]],
    ['coalesce(null, "", "x")', 'x'],
    ['element(["a", "b"], 3)', 'b'],
    ['flatten([[1], [[2]], 3])', [1, 2, 3]],
    ['format("arn:%s:iam::%s:root", "aws", "123")', 'arn:aws:iam::123:root'],
    ['jsondecode("{\\"a\\": [1]}")', { a: [1] }],
    ['replace("a.b.c", ".", "-")', 'a-b-c'],
    ['replace("abc", "/[bc]/", "x")', 'axx'],
    ['tostring(5)', '5'],
    ['tolist(toset(["a", "a", "b"]))', ['a', 'b']],
    ['tomap({a = 1})', { a: 1 }],
    ['length({a = 1, b = 2})', 2],
    ['file("policy.json")', '{"Statement": []}'],
    [
      'templatefile("policy.json.tftpl", { partition = "aws", account = "1", ids = ["x"] })',
      '{"Principal": "arn:aws:iam::1:root", "List": ["x"]}'
    ],
    ['"%{ for x in ["a", "b"] }${x};%{ endfor }"', 'a;b;'],
    ['"%{ if true }on%{ else }off%{ endif }"', 'on']
  ])('%s', async (source, expected) => {
    expect(await run(source)).toEqual(expected)
  })

  it('jsonencode keeps the document (with where each object was written)', async () => {
    const value = await run('jsonencode({ Statement = [{ Sid = "A" }] })')
    expect(value).toBeInstanceOf(JsonDoc)
    expect((value as JsonDoc).value).toEqual({ Statement: [{ Sid: 'A' }] })
  })

  it('an unknown spreads with its cause, and keeps the known text around it', async () => {
    const value = await run('"ec2.${var.region}.amazonaws.com"')
    expect(value).toBeInstanceOf(Unknown)
    expect((value as Unknown).parts).toEqual(['ec2.', '.amazonaws.com'])
    expect((value as Unknown).causes).toEqual([
      { what: 'var.region', pos: { file: 'test.tf', line: 1 }, how: 'give it a value' }
    ])
    const upper = await run('upper(var.region)')
    expect((upper as Unknown).causes[0].what).toBe('var.region')
  })

  it('a known side of && or || decides alone; an unknown condition keeps both branches as candidates', async () => {
    expect(await run('false && var.region')).toBe(false)
    expect(await run('true || var.region')).toBe(true)
    const value = (await run('var.region == "x" ? "a" : "b"')) as Unknown
    expect(value.candidates).toEqual(['a', 'b'])
  })

  it('try() catches errors but not unknowns; an undeclared name is an error', async () => {
    expect(await run('try(var.region, "x")')).toBeInstanceOf(Unknown)
    await expect(run('nope.x')).rejects.toThrow('"nope" is not declared')
  })

  it('for-expression and iterator names shadow outer names', async () => {
    const s = withNames(scope(), { x: 'outer' })
    expect(evaluate(await parseExpression('[for x in ["inner"] : x]'), s)).toEqual(['inner'])
  })
})

describe('type constraints', () => {
  it('object attributes left out become null, or their optional() default', async () => {
    const type = await parseExpression(
      'map(object({ create = optional(bool, true), name = optional(string), ebs = optional(object({ kms_key_id = optional(string) })) }))'
    )
    expect(convert({ a: { name: 'x' } }, type)).toEqual({
      a: { create: true, name: 'x', ebs: null }
    })
    expect(convert({ a: { ebs: {} } }, type)).toEqual({
      a: { create: true, name: null, ebs: { kms_key_id: null } }
    })
  })
})

describe('parse', () => {
  it('gives each block and attribute its line, and keeps heredoc text as written', async () => {
    const { body, error } = await parseHcl(
      'resource "aws_kms_key" "k" {\n  policy = <<-EOT\n    {"a": "${x}"}\n    EOT\n}\n',
      'main.tf'
    )
    expect(error).toBeUndefined()
    const block = body.blocks[0]
    expect(block).toMatchObject({
      type: 'resource',
      labels: ['aws_kms_key', 'k'],
      pos: { file: 'main.tf', line: 1 }
    })
    const policy = block.body.attributes.get('policy')!
    expect(policy.pos.line).toBe(2)
    expect(policy.expr).toMatchObject({
      kind: 'template',
      parts: ['{"a": "', { kind: 'variable', name: 'x' }, '"}\n']
    })
  })

  it('keeps the spaces a quoted string ends with (join(", ", …), labels)', async () => {
    expect(await parseExpression('join(", ", ["a "])')).toMatchObject({
      args: [{ value: ', ' }, { items: [{ value: 'a ' }] }]
    })
    const { body } = await parseHcl('resource "a b" "c " {}\n', 'main.tf')
    expect(body.blocks[0].labels).toEqual(['a b', 'c '])
  })

  it('reports a syntax error with its line, and keeps the blocks it could read', async () => {
    const { body, error } = await parseHcl(
      'locals {\n  a = 1\n}\nresource "x" "y" {\n  b = = 2\n}\n',
      'bad.tf'
    )
    expect(error?.pos.line).toBe(5)
    expect(body.blocks[0].type).toBe('locals')
  })
})
