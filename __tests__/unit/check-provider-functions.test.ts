/**
 * Provider-defined functions (Terraform 1.8 and OpenTofu 1.7 on:
 * developer.hashicorp.com/terraform/language/functions, "Provider-defined Functions"):
 * `provider::<local-name>::<function>(…)` is computed by a provider, which check never runs. The
 * value is unknown with the reason, never a parse failure, a crash, or a built-in of the same
 * name; `core::<name>` is the built-in itself.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hclParser, parseExpression, parseTemplateText } from '../../src/terraform/hcl/parse.js'
import { evaluate, type Scope } from '../../src/terraform/eval/evaluate.js'
import { EvalError, Unknown, type Value } from '../../src/terraform/eval/values.js'
import { runCheck } from '../../src/terraform/check.js'

const scope: Scope = {
  root: (name, pos): Value => {
    if (name === 'var') return { role: 'arn:aws:iam::111122223333:role/nodes' }
    throw new EvalError(`"${name}" is not declared`, pos)
  },
  readFile: () => undefined,
  parseTemplate: (text, file) => parseTemplateText(text, file)
}

const value = async (source: string) => evaluate(await parseExpression(source, 'f.tf'), scope)

beforeAll(async () => {
  await hclParser()
})

describe('a provider-defined function', () => {
  it('is unknown, naming the function, its provider and how to make it known', async () => {
    const result = await value('provider::aws::arn_parse(var.role).account_id')
    expect(result).toBeInstanceOf(Unknown)
    expect((result as Unknown).causes[0]).toMatchObject({
      what: 'provider::aws::arn_parse()',
      pos: { file: 'f.tf', line: 1 },
      how: expect.stringMatching(/arn_parse is a function of the aws provider.*plan-json/)
    })
  })

  it('is never taken for the built-in of the same name', async () => {
    expect(await value('provider::mine::length([1, 2])')).toBeInstanceOf(Unknown)
    expect(await value('core::length([1, 2])')).toBe(2)
  })
})

describe('check on a key policy built with a provider function', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'check-provider-fn-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('cannot tell (the principal is unknown), and says which function made it so', async () => {
    writeFileSync(
      join(dir, 'main.tf'),
      `resource "aws_kms_key" "ebs" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Nodes"
      Effect    = "Allow"
      Principal = { AWS = provider::aws::arn_build("aws", "iam", "", "111122223333", "role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling") }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_launch_template" "nodes" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted  = true
      kms_key_id = aws_kms_key.ebs.arn
    }
  }
}

resource "aws_eks_node_group" "nodes" {
  cluster_name = "c"
  launch_template {
    id      = aws_launch_template.nodes.id
    version = "$Latest"
  }
}
`
    )
    const outcome = await runCheck({ paths: ['.'], cwd: dir })
    expect(outcome.errors).toEqual([])
    expect(outcome.keys).toHaveLength(1)
    expect(outcome.keys[0].status).toBe('unknown')
    expect(JSON.stringify(outcome.keys[0].unknowns)).toContain('provider::aws::arn_build()')
  })
})
