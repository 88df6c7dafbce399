/**
 * JSON values as expressions, by Terraform's "Expression Mapping"
 * (https://developer.hashicorp.com/terraform/language/syntax/json): booleans, numbers and null
 * literal; strings string templates (one interpolation alone is its value, of any type); objects
 * and arrays objects and tuples of the same mapping; or taken literally where a block type says
 * so. A string that does not parse is a problem at its line and an `invalid` expression.
 */
import type { Expr, Pos } from './ast.js'
import { HclSyntaxError } from './convert.js'
import type { JsonNode } from './json-text.js'
import { parseExpressionText, parseTemplateTexts } from './parse.js'

export type JsonString = Extract<JsonNode, { kind: 'string' }>

/** Every string of the file that holds an interpolation or a directive. */
function templateStrings(node: JsonNode, out: JsonString[]): void {
  if (node.kind === 'string' && /[$%]\{/.test(node.value)) out.push(node)
  else if (node.kind === 'array') for (const item of node.items) templateStrings(item, out)
  else if (node.kind === 'object') for (const prop of node.props) templateStrings(prop.value, out)
}

export class JsonExpressions {
  readonly errors: HclSyntaxError[] = []
  /** The file's template strings, parsed together up front (see parseTemplateTexts). */
  private readonly templates = new Map<JsonNode, Expr | HclSyntaxError>()

  constructor(
    readonly file: string,
    root: JsonNode
  ) {
    const strings: JsonString[] = []
    templateStrings(root, strings)
    const parsed = parseTemplateTexts(
      strings.map(n => ({ text: n.value, line: n.line })),
      file
    )
    strings.forEach((node, i) => this.templates.set(node, parsed[i]))
  }

  pos(line: number): Pos {
    return { file: this.file, line }
  }

  error(message: string, line: number): void {
    this.errors.push(new HclSyntaxError(message, this.pos(line)))
  }

  /** depends_on and provider: references written as strings, not templates. */
  references(node: JsonNode): Expr {
    if (node.kind === 'string') return this.parsed(node.value, node.line, 'expression')
    if (node.kind === 'array')
      return {
        kind: 'tuple',
        items: node.items.map(i => this.references(i)),
        pos: this.pos(node.line)
      }
    return this.literal(node)
  }

  /** doc, "Expression Mapping". */
  expr(node: JsonNode): Expr {
    const pos = this.pos(node.line)
    switch (node.kind) {
      case 'string':
        return this.template(node)
      case 'array':
        return { kind: 'tuple', items: node.items.map(i => this.expr(i)), pos }
      case 'object':
        return {
          kind: 'object',
          items: node.props.map(p => ({
            key: { kind: 'literal', value: p.name, pos: this.pos(p.line) },
            value: this.expr(p.value)
          })),
          pos
        }
      default:
        return this.literal(node)
    }
  }

  /** JSON taken literally: strings are not templates. */
  literal(node: JsonNode): Expr {
    const pos = this.pos(node.line)
    switch (node.kind) {
      case 'array':
        return { kind: 'tuple', items: node.items.map(i => this.literal(i)), pos }
      case 'object':
        return {
          kind: 'object',
          items: node.props.map(p => ({
            key: { kind: 'literal', value: p.name, pos: this.pos(p.line) },
            value: this.literal(p.value)
          })),
          pos
        }
      case 'null':
        return { kind: 'literal', value: null, pos }
      default:
        return { kind: 'literal', value: node.value, pos }
    }
  }

  /** A string in expression context: a template (doc, "Expression Mapping"). */
  template(node: JsonString): Expr {
    const pos = this.pos(node.line)
    const expr = this.templates.get(node)
    // No interpolation or directive: the text itself.
    if (!expr) return { kind: 'literal', value: node.value, pos }
    if (expr instanceof HclSyntaxError) return this.invalid(node.value, node.line, 'template', expr)
    if (expr.kind !== 'template') return expr
    // The heredoc that carries the text can leave an empty literal at its end.
    const parts = expr.parts.filter(p => p !== '')
    if (parts.length === 0) return { kind: 'literal', value: '', pos }
    // doc: a template that is one interpolation alone is that value, of any type.
    const [only] = parts
    if (
      parts.length === 1 &&
      typeof only !== 'string' &&
      !('kind' in only && (only.kind === 'tif' || only.kind === 'tfor'))
    )
      return only as Expr
    if (parts.every(p => typeof p === 'string'))
      return { kind: 'literal', value: parts.join(''), pos }
    return { ...expr, parts }
  }

  /** A string that holds an expression (a type, a reference). */
  parsed(text: string, line: number, as: 'expression'): Expr {
    try {
      return parseExpressionText(text, this.file, line)
    } catch (error) {
      return this.invalid(text, line, as, error as Error)
    }
  }

  /** A string that does not parse: reported at its line, and an error wherever it is used. */
  invalid(text: string, line: number, as: 'template' | 'expression', error: Error): Expr {
    const shown = JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)
    const message = `${shown} does not parse as ${as === 'template' ? 'a string template' : 'an expression'}: ${error.message}`
    this.error(message, line)
    return { kind: 'invalid', message, pos: this.pos(line) }
  }
}
