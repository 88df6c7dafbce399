/**
 * JSON text with the line of every value and property, and properties kept in order with their
 * duplicates: JSON.parse keeps neither, and Terraform's JSON syntax needs both (findings point at
 * the property's line; a block type may be given twice in one object).
 */

export type JsonNode =
  | { kind: 'object'; props: JsonProp[]; line: number }
  | { kind: 'array'; items: JsonNode[]; line: number }
  | { kind: 'string'; value: string; line: number }
  | { kind: 'number'; value: number; line: number }
  | { kind: 'bool'; value: boolean; line: number }
  | { kind: 'null'; line: number }

export interface JsonProp {
  name: string
  value: JsonNode
  /** 1-based line of the property name. */
  line: number
}

export class JsonTextError extends Error {
  constructor(
    message: string,
    readonly line: number
  ) {
    super(message)
  }
}

// JSON forbids raw control characters in strings, so the pattern must name them.
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const SPACE = /[ \t\r\n]*/y

class Reader {
  at = 0
  line = 1

  constructor(readonly text: string) {}

  fail(message: string): never {
    throw new JsonTextError(message, this.line)
  }

  skip(): void {
    SPACE.lastIndex = this.at
    const space = SPACE.exec(this.text)![0]
    for (const c of space) if (c === '\n') this.line++
    this.at += space.length
  }

  expect(char: string): void {
    this.skip()
    if (this.text[this.at] !== char) this.fail(`expected ${char} but found ${this.describe()}`)
    this.at++
  }

  describe(): string {
    return this.at >= this.text.length ? 'the end of the file' : JSON.stringify(this.text[this.at])
  }

  token(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.at
    const match = pattern.exec(this.text)?.[0]
    if (match) this.at += match.length
    return match
  }

  string(): string {
    const raw = this.token(STRING)
    if (raw === undefined) this.fail(`expected a string but found ${this.describe()}`)
    return JSON.parse(raw) as string
  }

  value(depth: number): JsonNode {
    if (depth > 500) this.fail('the JSON is nested too deeply')
    this.skip()
    const line = this.line
    const c = this.text[this.at]
    if (c === '{') {
      this.at++
      const props: JsonProp[] = []
      this.skip()
      if (this.text[this.at] === '}') {
        this.at++
        return { kind: 'object', props, line }
      }
      for (;;) {
        this.skip()
        const propLine = this.line
        const name = this.string()
        this.expect(':')
        props.push({ name, value: this.value(depth + 1), line: propLine })
        this.skip()
        if (this.text[this.at] === ',') this.at++
        else if (this.text[this.at] === '}') {
          this.at++
          return { kind: 'object', props, line }
        } else this.fail(`expected , or } but found ${this.describe()}`)
      }
    }
    if (c === '[') {
      this.at++
      const items: JsonNode[] = []
      this.skip()
      if (this.text[this.at] === ']') {
        this.at++
        return { kind: 'array', items, line }
      }
      for (;;) {
        items.push(this.value(depth + 1))
        this.skip()
        if (this.text[this.at] === ',') this.at++
        else if (this.text[this.at] === ']') {
          this.at++
          return { kind: 'array', items, line }
        } else this.fail(`expected , or ] but found ${this.describe()}`)
      }
    }
    if (c === '"') return { kind: 'string', value: this.string(), line }
    for (const [word, node] of [
      ['true', { kind: 'bool', value: true, line }],
      ['false', { kind: 'bool', value: false, line }],
      ['null', { kind: 'null', line }]
    ] as const)
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length
        return node
      }
    const number = this.token(NUMBER)
    if (number !== undefined) return { kind: 'number', value: Number(number), line }
    return this.fail(`unexpected ${this.describe()}`)
  }
}

/** Parses JSON text (a leading byte order mark is allowed); errors carry their line. */
export function parseJsonText(text: string): JsonNode {
  const reader = new Reader(text.replace(/^\uFEFF/, ''))
  const root = reader.value(0)
  reader.skip()
  if (reader.at < reader.text.length) reader.fail(`unexpected ${reader.describe()} after the value`)
  return root
}
