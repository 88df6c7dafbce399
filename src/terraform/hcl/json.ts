/**
 * Terraform's JSON configuration syntax (`*.tf.json`) → the same AST as native syntax, as
 * https://developer.hashicorp.com/terraform/language/syntax/json defines it: top-level properties
 * are block types, one nested object per label (or an array of them), `"//"` properties of block
 * bodies are comments, strings are string templates (one interpolation alone is that value), and
 * the block-type exceptions (variable type/default, module source, meta-arguments that are
 * references) are taken literally. A string that does not parse is an error at its line and an
 * `invalid` expression, so whatever depends on it is reported, never silently empty. This module
 * maps blocks and bodies; json-expr.ts maps values to expressions.
 */
import type { Attribute, Block, Body, Expr, Pos } from './ast.js'
import { HclSyntaxError } from './convert.js'
import { parseJsonText, JsonTextError, type JsonNode, type JsonProp } from './json-text.js'
import { hclParser } from './parse.js'
import { JsonExpressions } from './json-expr.js'

export interface JsonFile {
  body: Body
  /** The first problem; the readable rest still counts. */
  error?: HclSyntaxError
}

/** Top-level block types and how many labels each has; those check does not read are skipped. */
const TOP_LEVEL: Record<string, number | 'skip'> = {
  resource: 2,
  data: 2,
  variable: 1,
  output: 1,
  module: 1,
  locals: 0,
  terraform: 'skip',
  provider: 'skip',
  moved: 'skip',
  import: 'skip',
  removed: 'skip',
  check: 'skip',
  ephemeral: 'skip'
}

/** Meta-arguments that name objects instead of being templates (doc: resource and data blocks). */
const REFERENCE = new Set(['provider', 'depends_on'])
/** Meta-arguments that are never nested blocks, whatever their JSON shape. */
const ALWAYS_ATTRIBUTE = new Set(['count', 'for_each', 'provider', 'depends_on'])
/** Nested blocks of resources that Terraform itself defines; always blocks. */
const META_BLOCKS: Record<string, number> = {
  lifecycle: 0,
  connection: 0,
  provisioner: 1,
  dynamic: 1,
  precondition: 0,
  postcondition: 0
}

const isObject = (node: JsonNode): node is Extract<JsonNode, { kind: 'object' }> =>
  node.kind === 'object'

function emptyBody(): Body {
  return { attributes: new Map(), blocks: [] }
}

class JsonConverter {
  constructor(readonly values: JsonExpressions) {}

  pos(line: number): Pos {
    return this.values.pos(line)
  }

  error(message: string, line: number): void {
    this.values.error(message, line)
  }

  /** The properties of a body, without `"//"` comments. */
  props(node: JsonNode, what: string): JsonProp[] {
    if (!isObject(node)) {
      this.error(`${what} must be a JSON object`, node.line)
      return []
    }
    return node.props.filter(p => p.name !== '//')
  }

  root(node: JsonNode): Body {
    const body = emptyBody()
    for (const prop of this.props(node, 'the root of a .tf.json file')) {
      const labels = TOP_LEVEL[prop.name]
      if (labels === 'skip') continue
      if (labels === undefined) {
        this.error(`unsupported top-level block type "${prop.name}"`, prop.line)
        continue
      }
      const make = (props: JsonProp[]): Body =>
        prop.name === 'variable'
          ? this.variable(props)
          : prop.name === 'output'
            ? this.literalExcept(props, ['value'])
            : prop.name === 'module'
              ? this.module(props)
              : prop.name === 'locals'
                ? this.attributes(props, 'template')
                : this.resource(props)
      body.blocks.push(...this.blocks(prop.name, prop.value, labels, make, prop.line))
    }
    return body
  }

  /**
   * Blocks of one type: one nested object per label level; at any level an array stands for
   * several (doc: "this pattern of alternating array and object nesting can be used").
   */
  blocks(
    type: string,
    node: JsonNode,
    labels: number,
    make: (props: JsonProp[]) => Body,
    line: number,
    given: string[] = []
  ): Block[] {
    if (node.kind === 'array')
      return node.items.flatMap(item => this.blocks(type, item, labels, make, item.line, given))
    if (given.length === labels)
      return [
        {
          type,
          labels: given,
          body: make(this.props(node, `a ${type} block`)),
          pos: this.pos(line)
        }
      ]
    return this.props(node, `the labels of a ${type} block`).flatMap(p =>
      this.blocks(type, p.value, labels, make, p.line, [...given, p.name])
    )
  }

  attributes(props: JsonProp[], mode: 'template' | 'literal'): Body {
    const body = emptyBody()
    for (const prop of props)
      this.set(
        body,
        prop,
        mode === 'template' ? this.values.expr(prop.value) : this.values.literal(prop.value)
      )
    return body
  }

  set(body: Body, prop: JsonProp, expr: Expr): void {
    if (body.attributes.has(prop.name))
      this.error(`the argument "${prop.name}" is set twice`, prop.line)
    const attribute: Attribute = { name: prop.name, expr, pos: this.pos(prop.line) }
    body.attributes.set(prop.name, attribute)
  }

  /** doc, variable blocks: `type` is a type expression in a string, the rest literal JSON. */
  variable(props: JsonProp[]): Body {
    const body = emptyBody()
    for (const prop of props) {
      if (prop.name === 'type' && prop.value.kind === 'string')
        this.set(body, prop, this.values.parsed(prop.value.value, prop.value.line, 'expression'))
      else if (prop.name === 'validation') continue
      else this.set(body, prop, this.values.literal(prop.value))
    }
    return body
  }

  /** Literal JSON but for the named arguments, which are expressions (output: value). */
  literalExcept(props: JsonProp[], expressions: string[]): Body {
    const body = emptyBody()
    for (const prop of props)
      if (prop.name === 'depends_on') this.set(body, prop, this.values.references(prop.value))
      else if (!['precondition'].includes(prop.name))
        this.set(
          body,
          prop,
          expressions.includes(prop.name)
            ? this.values.expr(prop.value)
            : this.values.literal(prop.value)
        )
    return body
  }

  /** doc, module blocks: source, version and providers are literal; the inputs expressions. */
  module(props: JsonProp[]): Body {
    const body = emptyBody()
    for (const prop of props) {
      if (['source', 'version', 'providers'].includes(prop.name))
        this.set(body, prop, this.values.literal(prop.value))
      else if (prop.name === 'depends_on') this.set(body, prop, this.values.references(prop.value))
      else this.set(body, prop, this.values.expr(prop.value))
    }
    return body
  }

  /**
   * A resource or data body, or a nested block's: without the provider's schema, a property
   * given as an object or an array of objects is kept both as an attribute and as nested blocks
   * (Body.either), and the reader's question decides, as HCL decodes JSON against a schema.
   */
  resource(props: JsonProp[]): Body {
    const body = emptyBody()
    const either = new Set<string>()
    for (const prop of props) {
      const value = prop.value
      const meta = META_BLOCKS[prop.name]
      if (meta !== undefined) {
        const make =
          prop.name === 'dynamic'
            ? (p: JsonProp[]) => this.dynamic(p)
            : (p: JsonProp[]) => this.resource(p)
        body.blocks.push(...this.blocks(prop.name, value, meta, make, prop.line))
        continue
      }
      if (REFERENCE.has(prop.name)) {
        this.set(body, prop, this.values.references(value))
        continue
      }
      const blockShaped =
        isObject(value) ||
        (value.kind === 'array' && value.items.length > 0 && value.items.every(isObject))
      if (blockShaped && !ALWAYS_ATTRIBUTE.has(prop.name)) {
        either.add(prop.name)
        body.blocks.push(...this.blocks(prop.name, value, 0, p => this.resource(p), prop.line))
      }
      this.set(body, prop, this.values.expr(value))
    }
    if (either.size) body.either = either
    return body
  }

  /** `"dynamic": {"ebs": {"for_each": …, "iterator": "name", "content": {…}}}`. */
  dynamic(props: JsonProp[]): Body {
    const body = emptyBody()
    for (const prop of props) {
      if (prop.name === 'content')
        body.blocks.push(...this.blocks('content', prop.value, 0, p => this.resource(p), prop.line))
      else if (prop.name === 'iterator' && prop.value.kind === 'string')
        this.set(body, prop, this.values.parsed(prop.value.value, prop.value.line, 'expression'))
      else this.set(body, prop, this.values.expr(prop.value))
    }
    return body
  }
}

/** Parses one `.tf.json` file. Problems come back with their line; the readable rest counts. */
export async function parseTfJson(source: string, file: string): Promise<JsonFile> {
  await hclParser()
  let root: JsonNode
  try {
    root = parseJsonText(source)
  } catch (error) {
    if (!(error instanceof JsonTextError)) throw error
    return {
      body: emptyBody(),
      error: new HclSyntaxError(`not valid JSON: ${error.message}`, { file, line: error.line })
    }
  }
  const expressions = new JsonExpressions(file, root)
  const body = new JsonConverter(expressions).root(root)
  return { body, error: expressions.errors[0] }
}
