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

/** A template file's text as a template expression (templatefile); the parser must be loaded. */
export function parseTemplateText(text: string, file: string): Expr {
  const ready = loadedParser()
  if (!ready) throw new Error('the HCL parser is not loaded')
  const source = `x = <<${TEMPLATE_END}\n${text}\n${TEMPLATE_END}\n`
  const tree = ready.parse(source)
  if (!tree) throw new HclSyntaxError('the parser returned nothing', { file, line: 1 })
  try {
    const converter = new Converter(file, source, -1)
    const body = converter.body(tree.rootNode.namedChildren.find(c => c?.type === 'body') ?? null)
    const expr = body.attributes.get('x')?.expr
    if (!expr || expr.kind !== 'template')
      throw converter.errors[0] ?? new HclSyntaxError('not a template', { file, line: 1 })
    // The heredoc adds the newline before its closing marker.
    const last = expr.parts[expr.parts.length - 1]
    if (typeof last === 'string') expr.parts[expr.parts.length - 1] = last.replace(/\n$/, '')
    return expr
  } finally {
    tree.delete()
  }
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
      ? new HclSyntaxError(
          `syntax error near ${JSON.stringify(errorNode.text.slice(0, 40))}`,
          converter.pos(errorNode)
        )
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
