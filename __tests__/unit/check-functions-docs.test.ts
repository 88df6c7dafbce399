/**
 * Every function the evaluator implements, on the examples of Terraform's function documentation
 * (developer.hashicorp.com/terraform/language/functions/<name>, cited per function below) and a
 * few edges beside them. Each expected value is what `terraform console` (Terraform 1.11) printed
 * for the same expression, so a difference is ours. Known, deliberate departures: element() with a
 * negative index follows the current documentation ("c"), where 1.11 panics; tolist() and
 * distinct() over mixed types do not unify them into strings; abspath() keeps a relative path.
 */
import { describe, expect, it } from '@jest/globals'
import { EvalError, type Value } from '../../src/terraform/eval/values.js'
import { valueOf } from '../support/expression.js'

const value = (source: string) => valueOf(source, 'docs.tf')

describe('base64decode: developer.hashicorp.com/terraform/language/functions/base64decode', () => {
  it.each<[string, Value]>([['base64decode("SGVsbG8gV29ybGQ=")', 'Hello World']])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('base64encode: developer.hashicorp.com/terraform/language/functions/base64encode', () => {
  it.each<[string, Value]>([['base64encode("Hello World")', 'SGVsbG8gV29ybGQ=']])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('basename: developer.hashicorp.com/terraform/language/functions/basename', () => {
  it.each<[string, Value]>([['basename("foo/bar/baz.txt")', 'baz.txt']])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('can: developer.hashicorp.com/terraform/language/functions/can', () => {
  it.each<[string, Value]>([['can(regex("^[a-z]+$", "abc"))', true]])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('coalesce: developer.hashicorp.com/terraform/language/functions/coalesce', () => {
  it.each<[string, Value]>([
    ['coalesce("a", "b")', 'a'],
    ['coalesce("", "b")', 'b'],
    ['coalesce(1, 2)', 1]
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('compact: developer.hashicorp.com/terraform/language/functions/compact', () => {
  it.each<[string, Value]>([['compact(["a", "", "b", null, "c"])', ['a', 'b', 'c']]])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('concat: developer.hashicorp.com/terraform/language/functions/concat', () => {
  it.each<[string, Value]>([['concat(["a", ""], ["b", "c"])', ['a', '', 'b', 'c']]])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('contains: developer.hashicorp.com/terraform/language/functions/contains', () => {
  it.each<[string, Value]>([
    ['contains(["a", "b", "c"], "a")', true],
    ['contains(["a", "b", "c"], "d")', false]
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('dirname: developer.hashicorp.com/terraform/language/functions/dirname', () => {
  it.each<[string, Value]>([['dirname("foo/bar/baz.txt")', 'foo/bar']])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('distinct: developer.hashicorp.com/terraform/language/functions/distinct', () => {
  it.each<[string, Value]>([['distinct(["a", "b", "a", "c", "d", "b"])', ['a', 'b', 'c', 'd']]])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('element: developer.hashicorp.com/terraform/language/functions/element', () => {
  it.each<[string, Value]>([['element(["a", "b", "c"], 3)', 'a']])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('endswith: developer.hashicorp.com/terraform/language/functions/endswith', () => {
  it.each<[string, Value]>([['endswith("hello world", "world")', true]])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('flatten: developer.hashicorp.com/terraform/language/functions/flatten', () => {
  it.each<[string, Value]>([['flatten([[["a", "b"], []], ["c"]])', ['a', 'b', 'c']]])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('format: developer.hashicorp.com/terraform/language/functions/format', () => {
  it.each<[string, Value]>([
    ['format("%.2f", 3.14159)', '3.14'],
    ['format("%5d|", 42)', '   42|'],
    ['format("%-5s|", "hi")', 'hi   |'],
    ['format("%q", "hi")', '"hi"'],
    ['format("%x", 255)', 'ff'],
    ['format("%#v", {a = 1})', '{"a":1}'],
    ['format("%#v", "hello")', '"hello"'],
    ['format("%t", true)', 'true'],
    ['format("%08.3f", 3.14159)', '0003.142'],
    ['format("%e", 1000)', '1.000000e+03'],
    ['format("%b", 5)', '101'],
    ['format("%o", 8)', '10'],
    ['format("%X", 255)', 'FF'],
    ['format("%[2]s %[1]s", "a", "b")', 'b a'],
    ['format("%s", 1.5)', '1.5']
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })

  it.each(['format("%d", 1.5)'])('%s is an error, as in Terraform', async source => {
    await expect(value(source)).rejects.toBeInstanceOf(EvalError)
  })
})

describe('join: developer.hashicorp.com/terraform/language/functions/join', () => {
  it.each<[string, Value]>([
    ['join(", ", ["foo", "bar", "baz"])', 'foo, bar, baz'],
    ['join(", ", ["foo"])', 'foo']
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('jsondecode: developer.hashicorp.com/terraform/language/functions/jsondecode', () => {
  it.each<[string, Value]>([['jsondecode("{\\"hello\\": \\"world\\"}")', { hello: 'world' }]])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('keys: developer.hashicorp.com/terraform/language/functions/keys', () => {
  it.each<[string, Value]>([['keys({a=1, c=2, d=3})', ['a', 'c', 'd']]])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('length: developer.hashicorp.com/terraform/language/functions/length', () => {
  it.each<[string, Value]>([
    ['length("👾🕹️")', 2],
    ['length("hello")', 5],
    ['length(regexall("[a-z]+", "1234abcd5678efgh9"))', 2],
    ['length([])', 0],
    ['length(["a", "b"])', 2],
    ['length({"a" = "b"})', 1]
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('lookup: developer.hashicorp.com/terraform/language/functions/lookup', () => {
  it.each<[string, Value]>([
    ['lookup({a="ay", b="bee"}, "a", "what?")', 'ay'],
    ['lookup({a="ay", b="bee"}, "c", "what?")', 'what?']
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('lower: developer.hashicorp.com/terraform/language/functions/lower', () => {
  it.each<[string, Value]>([
    ['lower("HELLO")', 'hello'],
    ['lower("АЛЛО!")', 'алло!']
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('max: developer.hashicorp.com/terraform/language/functions/max', () => {
  it.each<[string, Value]>([
    ['max(12, 54, 3)', 54],
    ['max([12, 54, 3]...)', 54]
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('merge: developer.hashicorp.com/terraform/language/functions/merge', () => {
  it.each<[string, Value]>([
    ['merge({a="b", c="d"}, {e="f", c="z"})', { a: 'b', c: 'z', e: 'f' }],
    ['merge({a="b"}, {a=[1,2], c="z"}, {d=3})', { a: [1, 2], c: 'z', d: 3 }]
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('min: developer.hashicorp.com/terraform/language/functions/min', () => {
  it.each<[string, Value]>([['min(12, 54, 3)', 3]])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('one: developer.hashicorp.com/terraform/language/functions/one', () => {
  it.each<[string, Value]>([
    ['one([])', null],
    ['one(["hello"])', 'hello']
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('range: developer.hashicorp.com/terraform/language/functions/range', () => {
  it.each<[string, Value]>([
    ['range(3)', [0, 1, 2]],
    ['range(1, 4)', [1, 2, 3]],
    ['range(1, 8, 2)', [1, 3, 5, 7]],
    ['range(1, 4, 0.5)', [1, 1.5, 2, 2.5, 3, 3.5]],
    ['range(4, 1)', [4, 3, 2]],
    ['range(10, 5, -2)', [10, 8, 6]]
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('regex: developer.hashicorp.com/terraform/language/functions/regex', () => {
  it.each<[string, Value]>([
    ['regex("[a-z]+", "53453453.345345aaabbbccc23454")', 'aaabbbccc'],
    [
      'regex("(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)-(\\\\d\\\\d)", "2019-02-01")',
      ['2019', '02', '01']
    ],
    [
      'regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")',
      { authority: 'terraform.io', scheme: 'https' }
    ]
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('regexall: developer.hashicorp.com/terraform/language/functions/regexall', () => {
  it.each<[string, Value]>([['regexall("[a-z]+", "1234abcd5678efgh9")', ['abcd', 'efgh']]])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('replace: developer.hashicorp.com/terraform/language/functions/replace', () => {
  it.each<[string, Value]>([
    ['replace("1 + 2 + 3", "+", "-")', '1 - 2 - 3'],
    ['replace("hello world", "/w.*d/", "everybody")', 'hello everybody'],
    ['replace("a.b.c", ".", "-")', 'a-b-c']
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('reverse: developer.hashicorp.com/terraform/language/functions/reverse', () => {
  it.each<[string, Value]>([['reverse([1, 2, 3])', [3, 2, 1]]])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('setunion: developer.hashicorp.com/terraform/language/functions/setunion', () => {
  it.each<[string, Value]>([['setunion(["a", "b"], ["b", "c"], ["d"])', ['a', 'b', 'c', 'd']]])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('slice: developer.hashicorp.com/terraform/language/functions/slice', () => {
  it.each<[string, Value]>([['slice(["a", "b", "c", "d"], 1, 3)', ['b', 'c']]])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('sort: developer.hashicorp.com/terraform/language/functions/sort', () => {
  it.each<[string, Value]>([
    ['sort(["e", "d", "a", "x"])', ['a', 'd', 'e', 'x']],
    ['sort(["10", "9", "1"])', ['1', '10', '9']]
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('split: developer.hashicorp.com/terraform/language/functions/split', () => {
  it.each<[string, Value]>([
    ['split(",", "foo")', ['foo']],
    ['split(",", "")', ['']],
    ['split(",", "foo,bar,baz")', ['foo', 'bar', 'baz']]
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('startswith: developer.hashicorp.com/terraform/language/functions/startswith', () => {
  it.each<[string, Value]>([
    ['startswith("hello world", "hello")', true],
    ['startswith("hello world", "world")', false]
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('substr: developer.hashicorp.com/terraform/language/functions/substr', () => {
  it.each<[string, Value]>([
    ['substr("hello world", 1, 4)', 'ello'],
    ['substr("🤔🤷", 0, 1)', '🤔'],
    ['substr("hello world", -5, -1)', 'world'],
    ['substr("hello", 1, -1)', 'ello'],
    ['substr("hello", 10, 1)', '']
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('tobool: developer.hashicorp.com/terraform/language/functions/tobool', () => {
  it.each<[string, Value]>([
    ['tobool("true")', true],
    ['tobool(null)', null]
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('tomap: developer.hashicorp.com/terraform/language/functions/tomap', () => {
  it.each<[string, Value]>([['tomap({"a" = 1, "b" = 2})', { a: 1, b: 2 }]])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('tonumber: developer.hashicorp.com/terraform/language/functions/tonumber', () => {
  it.each<[string, Value]>([
    ['tonumber("1")', 1],
    ['tonumber(null)', null]
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('toset: developer.hashicorp.com/terraform/language/functions/toset', () => {
  it.each<[string, Value]>([
    ['toset(["a", "b", "c", "b"])', ['a', 'b', 'c']],
    ['toset(["c", "b", "b"])', ['b', 'c']],
    ['toset([3, 1, 2, 10])', [1, 2, 3, 10]]
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('tostring: developer.hashicorp.com/terraform/language/functions/tostring', () => {
  it.each<[string, Value]>([
    ['tostring("hello")', 'hello'],
    ['tostring(1)', '1'],
    ['tostring(true)', 'true'],
    ['tostring(null)', null]
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('trimprefix: developer.hashicorp.com/terraform/language/functions/trimprefix', () => {
  it.each<[string, Value]>([
    ['trimprefix("helloworld", "hello")', 'world'],
    ['trimprefix("helloworld", "cat")', 'helloworld']
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('trimspace: developer.hashicorp.com/terraform/language/functions/trimspace', () => {
  it.each<[string, Value]>([['trimspace("  hello\\n\\n")', 'hello']])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('trimsuffix: developer.hashicorp.com/terraform/language/functions/trimsuffix', () => {
  it.each<[string, Value]>([
    ['trimsuffix("helloworld", "world")', 'hello'],
    ['trimsuffix("helloworld", "")', 'helloworld']
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('try: developer.hashicorp.com/terraform/language/functions/try', () => {
  it.each<[string, Value]>([['try(tostring({}), "fallback")', 'fallback']])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('upper: developer.hashicorp.com/terraform/language/functions/upper', () => {
  it.each<[string, Value]>([
    ['upper("hello")', 'HELLO'],
    ['upper("алло!")', 'АЛЛО!']
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('values: developer.hashicorp.com/terraform/language/functions/values', () => {
  it.each<[string, Value]>([['values({a=3, c=2, d=1})', [3, 2, 1]]])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})

describe('yamlencode: developer.hashicorp.com/terraform/language/functions/yamlencode', () => {
  it.each<[string, Value]>([
    ['yamlencode({"a":"b", "c":"d"})', '"a": "b"\n"c": "d"\n'],
    ['yamlencode({"foo":[1, 2, 3], "bar": "baz"})', '"bar": "baz"\n"foo":\n- 1\n- 2\n- 3\n'],
    [
      'yamlencode({"foo":[1, {"a":"b","c":"d"}, 3], "bar": "baz"})',
      '"bar": "baz"\n"foo":\n- 1\n- "a": "b"\n  "c": "d"\n- 3\n'
    ]
  ])('%s', async (source, expected) => {
    expect(await value(source)).toEqual(expected)
  })
})

describe('zipmap: developer.hashicorp.com/terraform/language/functions/zipmap', () => {
  it.each<[string, Value]>([['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }]])(
    '%s',
    async (source, expected) => {
      expect(await value(source)).toEqual(expected)
    }
  )
})
