/**
 * Issue 28, item 2: Terraform's regular expressions are RE2, linear in the input. A pattern that
 * makes a backtracking engine run for minutes (`^(a+)+$`) is matched in one pass; what RE2 refuses
 * (backreferences, lookaround) is an error naming the pattern, as Terraform's is.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { hclParser, parseExpression } from '../../src/terraform/hcl/parse.js'
import { evaluate, type Scope } from '../../src/terraform/eval/evaluate.js'
import { EvalError, type Value } from '../../src/terraform/eval/values.js'
import { check, keyStack, ROOT_ONLY, workspace } from './workspace.js'

const scope: Scope = {
  root: name => {
    throw new EvalError(`"${name}" is not declared`)
  },
  readFile: () => undefined,
  parseTemplate: () => {
    throw new EvalError('no templates')
  }
}

async function run(source: string): Promise<Value> {
  return evaluate(await parseExpression(source, 'regex.tf'), scope)
}

beforeAll(async () => {
  await hclParser()
})

describe('catastrophic patterns finish', () => {
  // A backtracking engine takes 2^n steps on these; RE2 takes one pass. Sizes, not timings, bound
  // the test: reverted to JavaScript's RegExp it does not finish.
  it.each([
    ['replace(s, "/^(a+)+$/", "x")', 'replace("${"a"}' + 'a'.repeat(40) + 'b", "/^(a+)+$/", "x")'],
    ['regex with nested quantifiers', 'can(regex("^(a|aa)+$", "' + 'a'.repeat(60) + 'b"))'],
    ['regexall of (x+x+)+y', 'length(regexall("(x+x+)+y", "' + 'x'.repeat(50) + '"))']
  ])('%s', async (_, source) => {
    const value = await run(source)
    expect(
      value === false || value === 0 || (typeof value === 'string' && value.endsWith('b'))
    ).toBe(true)
  })

  it('a long input stays linear: 100,000 characters through ^(a+)+$', async () => {
    const long = 'a'.repeat(100_000)
    expect(await run(`replace("${long}", "/^(a+)+$/", "x")`)).toBe('x')
    expect(await run(`replace("${long}b", "/^(a+)+$/", "x")`)).toBe(`${long}b`)
  })
})

describe('what RE2 refuses is an error naming the pattern', () => {
  it.each([
    ['a backreference', '(a)\\\\1'],
    ['a lookahead', 'a(?=b)'],
    ['a lookbehind', '(?<=a)b']
  ])('%s', async (_, pattern) => {
    await expect(run(`regex("${pattern}", "aab")`)).rejects.toThrow(
      `invalid regular expression ${JSON.stringify(pattern.replace(/\\\\/g, '\\'))}`
    )
  })
})

describe('Terraform’s results', () => {
  it.each([
    // developer.hashicorp.com/terraform/language/functions/regex, regexall and replace.
    ['regex("[a-z]+", "53453453.345345aaabbbccc23454")', 'aaabbbccc'],
    [
      'regex("(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)-(\\\\d\\\\d)", "2019-02-01")',
      ['2019', '02', '01']
    ],
    [
      'regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")',
      { scheme: 'https', authority: 'terraform.io' }
    ],
    ['regexall("[a-z]+", "1234abcd5678efgh9")', ['abcd', 'efgh']],
    ['length(regexall("[a-z]+", "123456789")) > 0', false],
    ['replace("hello world", "/w.*d/", "everybody")', 'hello everybody'],
    // Go's Regexp.Expand: $1, ${1}, $name, $$, and the longest name ($1x is ${1x}, empty).
    ['replace("hello", "/(l+)/", "[$1]")', 'he[ll]o'],
    // (In HCL, $${ is a literal ${.)
    ['replace("hello", "/(l+)/", "[$${1}x]")', 'he[llx]o'],
    ['replace("hello", "/(l+)/", "[$1x]")', 'he[]o'],
    ['replace("hello", "/(?P<ls>l+)/", "<$ls>")', 'he<ll>o'],
    ['replace("a1", "/(\\\\d)/", "$$$1")', 'a$1'],
    // Empty matches: between every character, none right after a match.
    ['replace("abc", "/x*/", "-")', '-a-b-c-'],
    ['replace("abc", "/b*/", "-")', '-a-c-']
  ])('%s', async (source, expected) => {
    expect(await run(source)).toEqual(expected)
  })
})

describe('end to end', () => {
  it('a key whose policy goes through a catastrophic replace() is judged, and a failing key still fails', async () => {
    const principal = `replace("${'a'.repeat(60)}!", "/^(a+)+$/", "x")`
    const dir = workspace({
      'slow.tf': keyStack(
        'slow',
        `jsonencode({
    Statement = [{
      Sid = "S", Effect = "Allow", Principal = { AWS = ${principal} }, Action = "kms:*", Resource = "*"
    }]
  })`
      ),
      'main.tf': keyStack('ebs', ROOT_ONLY)
    })
    const run = await check(dir)
    expect(run.outputs).toMatchObject({ result: 'failure', 'keys-missing': '2' })
  })

  it('a backreference in a policy makes that key a cannot-tell naming the pattern', async () => {
    const dir = workspace({
      'main.tf': keyStack(
        'ebs',
        `jsonencode({
    Statement = [{
      Sid = "S", Effect = "Allow", Principal = { AWS = replace("x", "/(x)\\\\1/", "y") }, Action = "kms:*", Resource = "*"
    }]
  })`
      )
    })
    const run = await check(dir)
    expect(run.outputs['keys-cannot-tell']).toBe('1')
    const warning = run.annotations.find(a => a.title === 'Unknown before apply')
    expect(warning?.message).toContain('invalid regular expression "(x)\\\\1"')
    expect(warning?.message).toContain('no backreferences')
  })
})
