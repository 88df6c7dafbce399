/**
 * HCL native syntax → our AST (hcl/ast.ts), with the file and line of every expression: whole
 * files (error-tolerant: a syntax error is reported with its line, the readable rest counts),
 * lone expressions, and template files (templatefile).
 */
import type { Node } from 'web-tree-sitter'
import type { Body, Expr } from './ast.js'
import { Converter, HclSyntaxError } from './convert.js'
import { hclParser, loadedParser } from './parser.js'

export { HclSyntaxError, hclParser }

const TEMPLATE_END = '__EKS_KMS_GUARD_TEMPLATE_END__'

/**
 * The expression of the one attribute `x` that `source` declares, converted with positions from
 * `line`; the tree is freed before returning. `strict`: any syntax error is an error, where
 * tree-sitter's recovery would otherwise drop part of the text silently.
 */
function loneAttribute(
  source: string,
  file: string,
  lineOffset: number,
  line: number | undefined,
  strict: boolean,
  accept: (expr: Expr, body: Body) => boolean,
  what: string
): Expr {
  const ready = loadedParser()
  if (!ready) throw new Error('the HCL parser is not loaded')
  const tree = ready.parse(source)
  if (!tree) throw new HclSyntaxError('the parser returned nothing', { file, line: line ?? 1 })
  try {
    const converter = new Converter(file, source, lineOffset, line)
    const errorNode = strict ? firstError(tree.rootNode) : undefined
    if (errorNode) throw new HclSyntaxError('syntax error', converter.pos(errorNode))
    const body = converter.body(tree.rootNode.namedChildren.find(c => c?.type === 'body') ?? null)
    const expr = body.attributes.get('x')?.expr
    if (!expr || !accept(expr, body))
      throw converter.errors[0] ?? new HclSyntaxError(what, { file, line: line ?? 1 })
    return expr
  } finally {
    tree.delete()
  }
}

/** The heredoc adds the newline before its closing marker; the template's text has none. */
function withoutClosingNewline(expr: Expr): Expr {
  if (expr.kind !== 'template') return expr
  const last = expr.parts[expr.parts.length - 1]
  if (typeof last === 'string') expr.parts[expr.parts.length - 1] = last.replace(/\n$/, '')
  return expr
}

/**
 * A template file's text as a template expression (templatefile), or a JSON-syntax string with
 * `line` (all its positions on that line); the parser must be loaded. A JSON string must parse
 * whole.
 */
export function parseTemplateText(text: string, file: string, line?: number): Expr {
  return withoutClosingNewline(
    loneAttribute(
      `x = <<${TEMPLATE_END}\n${text}\n${TEMPLATE_END}\n`,
      file,
      -1,
      line,
      line !== undefined,
      expr => expr.kind === 'template',
      'not a template'
    )
  )
}

/**
 * Many JSON-syntax strings of one file as templates, in one parse: a tree-sitter parse per
 * string costs more than the whole rest of reading a CDKTF file. Each result is as
 * parseTemplateText would give it; when the batch does not parse cleanly, each string is parsed
 * alone, so an error is told at its own string and never spills into its neighbours.
 */
export function parseTemplateTexts(
  items: { text: string; line: number }[],
  file: string
): (Expr | HclSyntaxError)[] {
  const ready = loadedParser()
  if (!ready) throw new Error('the HCL parser is not loaded')
  const alone = () =>
    items.map(item => {
      try {
        return parseTemplateText(item.text, file, item.line)
      } catch (error) {
        if (error instanceof HclSyntaxError) return error
        throw error
      }
    })
  if (items.length < 2) return alone()
  const source = items
    .map((item, i) => `t${i} = <<${TEMPLATE_END}\n${item.text}\n${TEMPLATE_END}\n`)
    .join('')
  const tree = ready.parse(source)
  if (!tree) return alone()
  try {
    if (tree.rootNode.hasError) return alone()
    const body = tree.rootNode.namedChildren.find(c => c?.type === 'body')
    const nodes = (body?.namedChildren ?? []).filter(c => c?.type === 'attribute') as Node[]
    if (nodes.length !== items.length) return alone()
    return nodes.map((node, i) => {
      const converter = new Converter(file, source, 0, items[i].line)
      try {
        const { expr } = converter.attribute(node)
        if (expr.kind !== 'template') return parseTemplateText(items[i].text, file, items[i].line)
        return withoutClosingNewline(expr)
      } catch (error) {
        if (error instanceof HclSyntaxError) return error
        throw error
      }
    })
  } finally {
    tree.delete()
  }
}

/** A lone expression on one line of a file (a JSON-syntax type or reference); parser loaded. */
export function parseExpressionText(text: string, file: string, line: number): Expr {
  return loneAttribute(
    `x = ${text}\n`,
    file,
    0,
    line,
    true,
    (_, body) => body.attributes.size === 1 && body.blocks.length === 0,
    'not one expression'
  )
}

export interface HclFile {
  body: Body
  /** The first syntax error, when tree-sitter had to recover. */
  error?: HclSyntaxError
}

function firstError(node: Node): Node | undefined {
  if (node.type === 'ERROR' || node.isMissing) return node
  if (!node.hasError) return undefined
  for (const child of node.children) {
    const found = child && firstError(child)
    if (found) return found
  }
  return undefined
}

/** Parses one file. A syntax error is returned with its line; the readable rest still counts. */
export async function parseHcl(source: string, file: string): Promise<HclFile> {
  const parser = await hclParser()
  const tree = parser.parse(source)
  if (!tree) throw new HclSyntaxError('the parser returned nothing', { file, line: 1 })
  try {
    const converter = new Converter(file, source)
    const root = tree.rootNode
    const errorNode = firstError(root)
    const error = errorNode
      ? new HclSyntaxError('syntax error', converter.pos(errorNode))
      : undefined
    const bodyNode = root.namedChildren.find(c => c?.type === 'body') ?? null
    const body = converter.body(bodyNode)
    return { body, error: error ?? converter.errors[0] }
  } finally {
    tree.delete()
  }
}

/** Parses a lone expression (a tfvars value, a test's input). */
export async function parseExpression(source: string, file = 'expression'): Promise<Expr> {
  const { body, error } = await parseHcl(`x = ${source}\n`, file)
  const attribute = body.attributes.get('x')
  if (error || !attribute) throw error ?? new HclSyntaxError('not an expression', { file, line: 1 })
  return attribute.expr
}
