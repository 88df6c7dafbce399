/**
 * Every expression form of the HCL native syntax specification (hashicorp/hcl,
 * hclsyntax/spec.md), parsed and evaluated: each case is the value Terraform computes, most of them
 * the specification's own examples. A form the parser mishandles must not cost the rest of the
 * file: a launch template after such a line is still checked.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hclParser, parseExpression, parseTemplateText } from '../../src/terraform/hcl/parse.js'
import { evaluate, type Scope } from '../../src/terraform/eval/evaluate.js'
import { EvalError, type Value } from '../../src/terraform/eval/values.js'
import { runCheck } from '../../src/terraform/check.js'

const LOCALS: Record<string, Value> = {
  yes: true,
  no: false,
  n: 4,
  s: 'x',
  l: [1, 2, 3],
  o: { k: { v: 7 } },
  objs: [
    { id: 'a', z: [1] },
    { id: 'b', z: [2] }
  ]
}

const scope: Scope = {
  root: (name, pos): Value => {
    if (name === 'local') return LOCALS
    throw new EvalError(`"${name}" is not declared`, pos)
  },
  readFile: () => undefined,
  parseTemplate: (text, file) => parseTemplateText(text, file)
}

async function value(source: string): Promise<Value> {
  return evaluate(await parseExpression(source, 'forms.tf'), scope)
}

beforeAll(async () => {
  await hclParser()
})

describe('a parenthesised operand followed by an operator (spec: ExprTerm = "(" Expression ")")', () => {
  it.each<[string, Value]>([
    ['(local.yes) || local.no', true],
    ['(local.no) && local.yes', false],
    ['(1) + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['(1) == 1', true],
    ['(1) != 1', false],
    ['(local.n) > 3', true],
    ['(local.n) % 3', 1],
    ['(local.o).k.v', 7],
    ['(local.l)[0]', 1],
    ['(local.l)[*]', [1, 2, 3]],
    ['(local.o.k).v * 2', 14],
    ['((local.n)) - 1', 3],
    ['(local.yes) ? 1 : 2', 1],
    ['(local.n) > 3 ? "y" : "n"', 'y'],
    ['!(local.yes) || local.yes', true],
    ['-(local.n) + 1', -3],
    ['(local.o).k.v == 7 && (local.l)[2] == 3', true]
  ])('%s is %j', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('operators and their precedence (spec: "Operations", levels 6 to 1, left-associative)', () => {
  it.each<[string, Value]>([
    ['1 + 2 * 3 - 4 / 2 % 3', 5],
    ['8 / 2 * 2', 8],
    ['1 < 2 == true', true],
    ['local.yes || local.no && local.no', true],
    ['!local.no == true', true],
    ['-local.n * 2', -8]
  ])('%s is %j', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('conditionals (spec: "Conditional Operator"; the false result is a whole expression)', () => {
  it.each<[string, Value]>([
    ['true ? "a" : false ? "b" : "c"', 'a'],
    ['false ? "a" : true ? "b" : "c"', 'b'],
    ['false ? "a" : false ? "b" : "c"', 'c'],
    ['false ? 1 : false ? 2 : true ? 3 : 4', 3],
    ['(true ? false : true) ? 1 : 2', 2],
    ['false ? 1 : local.no || local.yes ? 2 : 3', 2],
    ['true ? false ? 1 : 2 : 3', 2],
    ['false ? 1 : 2 + 3', 5],
    ['local.n % 3 == 1 ? "a" : local.no ? "b" : "c"', 'a']
  ])('%s is %j', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('for expressions (spec: "For Expressions", its examples)', () => {
  it.each<[string, Value]>([
    ['[for v in ["a", "b"]: v]', ['a', 'b']],
    ['[for i, v in ["a", "b"]: i]', [0, 1]],
    ['{for i, v in ["a", "b"]: v => i}', { a: 0, b: 1 }],
    ['{for i, v in ["a", "a", "b"]: v => i...}', { a: [0, 1], b: [2] }],
    ['[for i, v in ["a", "b", "c"]: v if i < 2]', ['a', 'b']],
    ['[for x in local.l : x * 2 if (x) > 1]', [4, 6]]
  ])('%s is %j', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('splats, index and attribute chains, calls (spec: "Splat Operators", "Index Operator", "Functions and Function Calls")', () => {
  it.each<[string, Value]>([
    ['local.objs[*].id', ['a', 'b']],
    ['local.objs.*.id', ['a', 'b']],
    ['local.objs[*].z[0]', [1, 2]],
    ['local.o["k"]["v"]', 7],
    ['local.o.k["v"]', 7],
    ['local.l.1', 2],
    ['local.n.*', [4]],
    ['max(local.l...)', 3],
    ['max(0, local.l...)', 3],
    ['upper(local.s)', 'X'],
    ['{ (local.s) = 1 }', { x: 1 }]
  ])('%s is %j', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('templates: interpolation, directives, strip markers (spec: "Templates")', () => {
  it.each<[string, Value]>([
    ['"a-${local.s}"', 'a-x'],
    ['"%{ if local.yes }T%{ else }F%{ endif }"', 'T'],
    ['"%{ for x in local.l }${x},%{ endfor }"', '1,2,3,'],
    ['"hello ${~ "world" }"', 'helloworld'],
    ['"%{ if true ~} hello %{~ endif }"', 'hello'],
    ['"${"hello" ~}${" world"}"', 'hello world'],
    ['"%{~ for x in local.l ~} ${x} %{~ endfor ~}"', '123'],
    ['"a %{ if false ~} b %{~ else ~}  c  %{~ endif } d"', 'a c d'],
    ['"$${a} %%{b}"', '${a} %{b}'],
    ['<<-EOT\n    one\n      ${local.s}\n    EOT\n', 'one\n  x\n'],
    ['<<EOT\n%{ for x in local.l ~}\n${x}\n%{ endfor ~}\nEOT\n', '1\n2\n3\n']
  ])('%j is %j', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('a launch template after such a line is still checked', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  // The key lets nobody but the account root use it: the launch template's key is missing the role.
  const REST = `
resource "aws_kms_key" "nodes" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }]
  })
}

resource "aws_launch_template" "nodes" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted  = true
      kms_key_id = aws_kms_key.nodes.arn
    }
  }
}

resource "aws_autoscaling_group" "nodes" {
  max_size = 1
  min_size = 1
  launch_template {
    id = aws_launch_template.nodes.id
  }
}
`

  it.each([
    'x = (var.a) || var.b',
    'x = (var.a) && var.b',
    'x = (var.n) + 1',
    'x = (var.n) == 1',
    'x = (var.n) != 1',
    'x = (var.l)[0]',
    'x = (var.o).k',
    'x = (var.a) ? 1 : 2',
    'x = var.a ? 1 : var.b ? 2 : 3'
  ])('locals { %s }', async line => {
    const dir = mkdtempSync(join(tmpdir(), 'check-forms-'))
    dirs.push(dir)
    writeFileSync(
      join(dir, 'main.tf'),
      `variable "a" { default = true }
variable "b" { default = false }
variable "n" { default = 1 }
variable "l" { default = [1] }
variable "o" { default = { k = 1 } }
locals {
  ${line}
}
${REST}`
    )
    const outcome = await runCheck({ paths: ['.'], cwd: dir })
    expect(outcome.problems).toEqual([])
    expect(outcome.keys.map(k => [k.status, k.uses.map(u => u.via)])).toEqual([
      ['missing', ['aws_launch_template.nodes (/dev/xvda)']]
    ])
    expect(outcome.result).toBe('failure')
  })
})
