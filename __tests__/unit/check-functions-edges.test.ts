/**
 * The edges of check's Terraform functions that the documentation examples do not reach: files the
 * sandbox refuses, try/can/coalesce with errors and unknowns, yamlencode of a lone value, and a
 * few boundaries (trimsuffix, substr, values, range). Expected values are Terraform's documented
 * behaviour, cited per describe.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { hclParser, parseExpression, parseTemplateText } from '../../src/terraform/hcl/parse.js'
import { evaluate, type Scope } from '../../src/terraform/eval/evaluate.js'
import { EvalError, Unknown, type Value } from '../../src/terraform/eval/values.js'
import { Attributes } from '../support/attributes.js'

const FILES: Record<string, string | { refused: string }> = {
  'hello.txt': 'Hello World',
  'greet.tftpl': 'hello ${name}',
  'outer.tftpl': '[${templatefile("greet.tftpl", { name = who })}]',
  '../../etc/passwd': { refused: 'the path is outside the workspace' },
  'big.bin': { refused: 'it is over the 1 MiB cap' }
}

const scope: Scope = {
  root: (name, pos): Value => {
    if (name === 'var')
      return { region: new Unknown([{ what: 'var.region', pos, how: 'give var.region a value' }]) }
    if (name === 'module') return { names: new Attributes({ name: 'Ana' }) }
    throw new EvalError(`"${name}" is not declared`, pos)
  },
  readFile: path => {
    // A fault of the program, not of the configuration: try() and can() must not hide it.
    if (path === 'boom') throw new TypeError('disk on fire')
    return FILES[path]
  },
  parseTemplate: (text, file) => parseTemplateText(text, file)
}

async function run(source: string): Promise<Value> {
  return evaluate(await parseExpression(source, 'edges.tf'), scope)
}

async function unknown(source: string): Promise<Unknown> {
  const value = await run(source)
  expect(value).toBeInstanceOf(Unknown)
  return value as Unknown
}

beforeAll(async () => {
  await hclParser()
})

// developer.hashicorp.com/terraform/language/functions/file, /filebase64 and /templatefile: the
// file's content. A path check refuses is "cannot tell", with the reason and the call that read it.
describe('files the sandbox refuses', () => {
  it.each([
    ['file("../../etc/passwd")', 'file("../../etc/passwd")'],
    ['filebase64("../../etc/passwd")', 'filebase64("../../etc/passwd")'],
    ['templatefile("../../etc/passwd", {})', 'templatefile("../../etc/passwd")']
  ])('%s outside the workspace is unknown, never read', async (source, what) => {
    const [cause] = (await unknown(source)).causes
    expect(cause.what).toBe(what)
    expect(cause.how).toBe(
      'it reads outside the workspace, which check never does (the path is outside the workspace); keep the file in the repository'
    )
    expect(cause.pos).toEqual({ file: 'edges.tf', line: 1 })
  })

  it('a file refused for another reason says that reason', async () => {
    const [cause] = (await unknown('file("big.bin")')).causes
    expect(cause).toMatchObject({
      what: 'file("big.bin")',
      how: 'check does not read it: it is over the 1 MiB cap'
    })
  })

  it('filebase64 of a workspace file is its content in base64; of an unknown path, unknown', async () => {
    expect(await run('filebase64("hello.txt")')).toBe('SGVsbG8gV29ybGQ=')
    const cause = (await unknown('filebase64(var.region)')).causes[0]
    expect(cause.what).toBe('var.region')
  })

  it('a template may call templatefile itself, and take its variables from a module output', async () => {
    expect(await run('templatefile("outer.tftpl", { who = "Bo" })')).toBe('[hello Bo]')
    expect(await run('templatefile("greet.tftpl", module.names)')).toBe('hello Ana')
  })
})

// developer.hashicorp.com/terraform/language/functions/try and /can: an error in an argument is
// caught; Terraform refuses try() with no argument (hcl's tryfunc: "at least one argument is
// required"). A fault of check itself is never turned into a fallback.
describe('try and can', () => {
  it('a program fault is not caught', async () => {
    await expect(run('try(file("boom"), "fallback")')).rejects.toThrow(TypeError)
    await expect(run('can(file("boom"))')).rejects.toThrow(TypeError)
  })

  it('when every argument fails, the error carries the last reason', async () => {
    await expect(run('try(file("nope"), file("gone"))')).rejects.toThrow(
      'no argument of try() could be evaluated: the file gone is not here'
    )
  })

  it('try() with no argument is an error', async () => {
    await expect(run('try()')).rejects.toThrow(new EvalError('try() needs at least one argument'))
  })
})

// developer.hashicorp.com/terraform/language/functions/coalesce: the first argument that is not
// null or an empty string. An unknown that may be empty cannot be chosen, nor its value guessed.
describe('coalesce with unknown arguments', () => {
  it('a string with known text around an unknown is never empty: it is the result', async () => {
    const result = await unknown('coalesce("${var.region}-x", "d")')
    expect(result.text()).toBe('${…}-x')
  })

  it('a string made only of unknowns may be empty: the result is unknown, not that string', async () => {
    const result = await unknown('coalesce("${var.region}${var.region}", "d")')
    expect(result.parts).toBeUndefined()
    expect(result.causes.map(c => c.what)).toEqual(['var.region'])
  })

  it('a value that may be "" is not offered as the result', async () => {
    const result = await unknown('coalesce(var.region == "x" ? "" : "b", "c")')
    expect(result.candidates).not.toContain('')
  })
})

// developer.hashicorp.com/terraform/language/functions/yamlencode and /jsondecode. A lone null,
// bool or number ends its document with "..." (go-cty-yaml's encoder, which Terraform uses).
describe('yamlencode and jsondecode', () => {
  it.each<[string, string]>([
    ['yamlencode("hello")', '"hello"\n'],
    ['yamlencode("")', '""\n'],
    ['yamlencode(true)', 'true\n...\n'],
    ['yamlencode(0)', '0\n...\n'],
    ['yamlencode(null)', 'null\n...\n'],
    ['yamlencode({})', '{}\n'],
    ['yamlencode([])', '[]\n'],
    ['yamlencode(["b"])', '- "b"\n']
  ])('%s is %j', async (source, expected) => {
    expect(await run(source)).toBe(expected)
  })

  it('jsondecode of text that is not JSON is an error that does not quote the text', async () => {
    const error = await run('jsondecode("{\\"secret\\": 1")').then(
      () => undefined,
      (e: unknown) => e as Error
    )
    expect(error).toEqual(new EvalError('jsondecode() of a text that is not valid JSON'))
  })

  it.each<[string, string]>([
    ['base64decode("SGVsbG8gV29ybGQ=")', 'Hello World'],
    ['base64decode("SGVsbG8g\\nV29ybGQ=")', 'Hello World'],
    ['base64decode("")', ''],
    ['base64decode("4pyT")', '✓'],
    ['base64decode("77u/YQ==")', '\uFEFFa']
  ])('%s is %j', async (source, expected) => {
    expect(await run(source)).toBe(expected)
  })

  it.each<[string, string]>([
    ['base64decode("SGVsbG8")', 'not valid Base64'],
    ['base64decode("SGVs bG8=")', 'not valid Base64'],
    ['base64decode("SGVsbG8_")', 'not valid Base64'],
    ['base64decode("A===")', 'not valid Base64'],
    ['base64decode("/w==")', 'not valid UTF-8']
  ])('%s is an error: %s (RFC 4648 section 4, UTF-8 as the page says)', async (source, why) => {
    await expect(run(source)).rejects.toThrow(why)
  })

  it.each(['urlencode("a b")', 'csvdecode("a,b\\n1,2")', 'base64gzip("x")', 'can_regex("a", "b")'])(
    '%s is not computed by check: unknown, saying so',
    async source => {
      const [cause] = (await unknown(source)).causes
      expect(cause.how).toMatch(/^this action does not evaluate \w+\(\); pass plan-json/)
    }
  )

  it('sha1 and timestamp are not computed: unknown, with no value guessed', async () => {
    expect(await run('sha1("x")')).toEqual(new Unknown([]))
    expect(await run('timestamp()')).toEqual(new Unknown([]))
  })
})

// developer.hashicorp.com/terraform/language/functions/basename ("If the path is empty then the
// result is \".\"") and /dirname, which call Go's filepath.Base and Dir (pkg.go.dev/path/filepath:
// trailing separators are removed before the last element is taken).
describe('basename and dirname', () => {
  it.each<[string, string]>([
    ['basename("foo/bar/baz.txt")', 'baz.txt'],
    ['basename("")', '.'],
    ['basename("foo/bar/")', 'bar'],
    ['basename("/")', '/'],
    ['basename("baz.txt")', 'baz.txt'],
    ['dirname("foo/bar/baz.txt")', 'foo/bar'],
    ['dirname("foo/bar/")', 'foo/bar'],
    ['dirname("")', '.'],
    ['dirname("baz.txt")', '.'],
    ['dirname("/baz.txt")', '/'],
    ['dirname("a//b")', 'a'],
    ['dirname("./a/../b/c")', 'b']
  ])('%s is %j', async (source, expected) => {
    expect(await run(source)).toBe(expected)
  })
})

// developer.hashicorp.com/terraform/language/functions/join, /sort and /contains: an element known
// only after apply makes the result unknown (cty's join, sort and contains), never an error that
// try() would turn into its fallback; contains() is still true when a known element matches.
describe('lists that hold an unknown', () => {
  it.each([
    'join(",", ["a", var.region])',
    'sort(["b", var.region])',
    'contains(["a", var.region], "b")'
  ])('%s is unknown, with its cause', async source => {
    expect((await unknown(source)).causes.map(c => c.what)).toEqual(['var.region'])
  })

  it('a known match is found whatever else the list holds', async () => {
    expect(await run('contains(["a", var.region], "a")')).toBe(true)
    expect(await run('contains(["a", "c"], "b")')).toBe(false)
    expect(await run('try(join(",", [var.region]), "fallback")')).toBeInstanceOf(Unknown)
  })
})

// developer.hashicorp.com/terraform/language/functions/<name> for each.
describe('string and collection boundaries', () => {
  it.each<[string, Value]>([
    ['trimsuffix("abc.txt", ".txt")', 'abc'],
    ['trimsuffix("abc", "")', 'abc'],
    ['substr("hello", 1, 0)', ''],
    ['substr("hello", 1, -1)', 'ello'],
    ['values({b = 1, a = 2})', [2, 1]],
    ['keys({b = 1, a = 2})', ['a', 'b']],
    ['length(range(1024))', 1024],
    ['range(3, 3)', []],
    ['range(3, 1)', [3, 2]]
  ])('%s is %j', async (source, expected) => {
    expect(await run(source)).toEqual(expected)
  })

  it('range() of more than 1024 values is an error, as in Terraform', async () => {
    await expect(run('range(1025)')).rejects.toThrow('range() is too long')
  })
})
