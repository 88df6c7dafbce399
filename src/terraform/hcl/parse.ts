/**
 * HCL native syntax → our AST (hcl/ast.ts), with the file and line of every expression. The
 * parser is tree-sitter's HCL grammar (tree-sitter-grammars/tree-sitter-hcl) running on
 * web-tree-sitter: about 300 kB of WASM, error-tolerant, and it keeps every node's position.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Language, Node, Parser } from 'web-tree-sitter'
import type { Attribute, Block, Body, Expr, Pos, Step, TemplatePart } from './ast.js'

let loading: Promise<Parser> | undefined

/** The WASM files: beside the bundle (dist/tree-sitter/), else in node_modules (tests, scripts). */
function wasmPath(file: string, packageDir: string): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const bundled = join(here, 'tree-sitter', file)
  if (existsSync(bundled)) return bundled
  for (let dir = here; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', packageDir, file)
    if (existsSync(candidate)) return candidate
  }
  throw new Error(`${file} was not found beside the action or in node_modules`)
}

/** Loads the parser once; only check mode pays for it. */
export function hclParser(): Promise<Parser> {
  loading ??= (async () => {
    // The CommonJS build: bundled as ESM, web-tree-sitter's own `await import("module")` loses
    // createRequire to the bundler's interop. Its `__dirname` is only a default for locateFile.
    const scope = globalThis as { __dirname?: string }
    scope.__dirname ??= dirname(fileURLToPath(import.meta.url))
    const { Parser: TsParser, Language: TsLanguage } = createRequire(import.meta.url)(
      'web-tree-sitter'
    ) as typeof import('web-tree-sitter')
    await TsParser.init({
      locateFile: () => wasmPath('web-tree-sitter.wasm', 'web-tree-sitter')
    })
    const language: Language = await TsLanguage.load(
      wasmPath('tree-sitter-hcl.wasm', '@tree-sitter-grammars/tree-sitter-hcl')
    )
    const parser = new TsParser()
    parser.setLanguage(language)
    ready = parser
    return parser
  })()
  return loading
}

let ready: Parser | undefined

const TEMPLATE_END = '__EKS_KMS_GUARD_TEMPLATE_END__'

/** A template file's text as a template expression (templatefile); the parser must be loaded. */
export function parseTemplateText(text: string, file: string): Expr {
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

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: Pos
  ) {
    super(message)
  }
}

const POSTFIX = new Set(['get_attr', 'index', 'splat'])

class Converter {
  readonly errors: HclSyntaxError[] = []
  constructor(
    readonly file: string,
    readonly source: string,
    readonly lineOffset = 0
  ) {}

  pos(node: Node): Pos {
    return { file: this.file, line: node.startPosition.row + 1 + this.lineOffset }
  }

  body(node: Node | null): Body {
    const body: Body = { attributes: new Map(), blocks: [] }
    for (const child of node?.namedChildren ?? []) {
      if (!child) continue
      try {
        if (child.type === 'attribute') {
          const attribute = this.attribute(child)
          body.attributes.set(attribute.name, attribute)
        } else if (child.type === 'block') body.blocks.push(this.block(child))
      } catch (error) {
        // Recover like Terraform's own parser would report: this item is lost, the rest counts.
        if (!(error instanceof HclSyntaxError)) throw error
        this.errors.push(error)
      }
    }
    return body
  }

  attribute(node: Node): Attribute {
    const [name, value] = node.namedChildren.filter(c => c && c.type !== 'comment') as Node[]
    return { name: name.text, expr: this.expression(value), pos: this.pos(node) }
  }

  block(node: Node): Block {
    const children = node.namedChildren.filter(c => c && c.type !== 'comment') as Node[]
    const labels: string[] = []
    let body: Node | null = null
    for (const child of children.slice(1)) {
      if (child.type === 'string_lit') labels.push(this.stringLiteral(child))
      else if (child.type === 'identifier') labels.push(child.text)
      else if (child.type === 'body') body = child
    }
    return { type: children[0].text, labels, body: this.body(body), pos: this.pos(node) }
  }

  /** The text between the quotes: tree-sitter's template_literal leaves out trailing spaces. */
  stringLiteral(node: Node): string {
    const open = node.children.find(c => c?.type === 'quoted_template_start')
    const close = node.children.find(c => c?.type === 'quoted_template_end')
    if (!open || !close) return ''
    return unescapeQuoted(this.source.slice(open.endIndex, close.startIndex))
  }

  /** An `expression` node (or any node that is one term). */
  expression(node: Node): Expr {
    if (node.type === 'expression') {
      const children = node.children.filter(c => c && c.type !== 'comment') as Node[]
      return this.sequence(children, node)
    }
    return this.sequence([node], node)
  }

  /** A primary term followed by postfix steps, as tree-sitter flattens them. */
  sequence(nodes: Node[], whole: Node): Expr {
    const first = nodes[0]
    if (!first) throw new HclSyntaxError('empty expression', this.pos(whole))
    const parenthesized = first.type === '('
    let expr: Expr = parenthesized ? this.expression(nodes[1]) : this.primary(first)
    for (let index = parenthesized ? 3 : 1; index < nodes.length; index++) {
      const step = nodes[index]
      if (!POSTFIX.has(step.type)) continue
      expr = this.postfix(expr, step)
    }
    return expr
  }

  postfix(target: Expr, node: Node): Expr {
    const pos = this.pos(node)
    if (node.type === 'get_attr')
      return { kind: 'attr', target, name: node.namedChildren[0]!.text, pos }
    if (node.type === 'index') {
      const inner = node.namedChildren[0]!
      if (inner.type === 'legacy_index') {
        const digits = inner.text.replace(/^\./, '')
        return { kind: 'index', target, key: { kind: 'literal', value: Number(digits), pos }, pos }
      }
      return { kind: 'index', target, key: this.expression(inner.namedChildren[0]!), pos }
    }
    // splat
    const splat = node.namedChildren[0]!
    const steps: Step[] = []
    for (const step of splat.namedChildren) {
      if (!step) continue
      if (step.type === 'get_attr') steps.push({ attr: step.namedChildren[0]!.text })
      else if (step.type === 'index') {
        const inner = step.namedChildren[0]!
        steps.push({
          index:
            inner.type === 'legacy_index'
              ? { kind: 'literal', value: Number(inner.text.replace(/^\./, '')), pos }
              : this.expression(inner.namedChildren[0]!)
        })
      }
    }
    return { kind: 'splat', target, steps, pos }
  }

  primary(node: Node): Expr {
    const pos = this.pos(node)
    const named = node.namedChildren.filter(c => c && c.type !== 'comment') as Node[]
    switch (node.type) {
      case 'expression':
        return this.expression(node)
      case 'literal_value':
        return this.literal(named[0])
      case 'variable_expr':
        return { kind: 'variable', name: named[0].text, pos }
      case 'collection_value':
        return this.primary(named[0])
      case 'tuple':
        return {
          kind: 'tuple',
          items: named.filter(c => c.type === 'expression').map(c => this.expression(c)),
          pos
        }
      case 'object':
        return {
          kind: 'object',
          items: named
            .filter(c => c.type === 'object_elem')
            .map(elem => ({
              key: this.expression(elem.childForFieldName('key')!),
              value: this.expression(elem.childForFieldName('val')!)
            })),
          pos
        }
      case 'template_expr':
        return this.template(named[0])
      case 'function_call': {
        const args = named.find(c => c.type === 'function_arguments')
        const list = (args?.namedChildren ?? []).filter(c => c?.type === 'expression') as Node[]
        return {
          kind: 'call',
          name: named[0].text,
          args: list.map(c => this.expression(c)),
          expand: !!args?.namedChildren.some(c => c?.type === 'ellipsis'),
          pos
        }
      }
      case 'for_expr':
        return this.forExpr(named[0])
      case 'operation':
        return this.operation(named[0])
      case 'conditional': {
        const [cond, then, otherwise] = named.filter(c => c.type === 'expression')
        return {
          kind: 'conditional',
          cond: this.expression(cond),
          then: this.expression(then),
          else: this.expression(otherwise),
          pos
        }
      }
      case 'ERROR':
        throw new HclSyntaxError(`cannot parse ${JSON.stringify(node.text.slice(0, 40))}`, pos)
      default:
        throw new HclSyntaxError(`unexpected ${node.type}`, pos)
    }
  }

  literal(node: Node): Expr {
    const pos = this.pos(node)
    switch (node.type) {
      case 'numeric_lit':
        return { kind: 'literal', value: Number(node.text), pos }
      case 'bool_lit':
        return { kind: 'literal', value: node.text === 'true', pos }
      case 'null_lit':
        return { kind: 'literal', value: null, pos }
      default:
        return { kind: 'literal', value: this.stringLiteral(node), pos }
    }
  }

  operation(node: Node): Expr {
    const pos = this.pos(node)
    const children = node.children.filter(c => c && c.type !== 'comment') as Node[]
    if (node.type === 'unary_operation') {
      return {
        kind: 'unary',
        op: children[0].type as '-' | '!',
        operand: this.sequence(children.slice(1), node),
        pos
      }
    }
    const at = children.findIndex(c => !c.isNamed)
    return {
      kind: 'binary',
      op: children[at].type,
      left: this.sequence(children.slice(0, at), node),
      right: this.sequence(children.slice(at + 1), node),
      pos
    }
  }

  forExpr(node: Node): Expr {
    const pos = this.pos(node)
    const named = node.namedChildren.filter(c => c && c.type !== 'comment') as Node[]
    const intro = named.find(c => c.type === 'for_intro')!
    const names = intro.namedChildren.filter(c => c?.type === 'identifier') as Node[]
    const collection = intro.namedChildren.find(c => c?.type === 'expression')!
    const expressions = named.filter(c => c.type === 'expression')
    const cond = named.find(c => c.type === 'for_cond')
    const condExpr = cond?.namedChildren.find(c => c?.type === 'expression')
    const object = node.type === 'for_object_expr'
    return {
      kind: 'for',
      keyVar: names.length > 1 ? names[0].text : undefined,
      valueVar: names[names.length - 1].text,
      collection: this.expression(collection),
      keyExpr: object ? this.expression(expressions[0]) : undefined,
      valueExpr: this.expression(expressions[object ? 1 : 0]),
      cond: condExpr ? this.expression(condExpr) : undefined,
      grouping: named.some(c => c.type === 'ellipsis'),
      pos
    }
  }

  template(node: Node): Expr {
    const pos = this.pos(node)
    const heredoc = node.type === 'heredoc_template'
    const children = node.children.filter(Boolean) as Node[]
    let start: number
    let end: number
    if (heredoc) {
      const ids = children.filter(c => c.type === 'heredoc_identifier')
      start = this.source.indexOf('\n', ids[0].endIndex) + 1
      end =
        ids.length > 1 ? this.source.lastIndexOf('\n', ids[ids.length - 1].startIndex) + 1 : start
      if (end < start) end = start
    } else {
      start = children[0].endIndex
      end = children[children.length - 1].startIndex
    }
    const parts = this.templateParts(children, start, end, heredoc)
    if (heredoc && children.some(c => c.type === 'heredoc_start' && c.text === '<<-'))
      return { kind: 'template', parts: stripIndent(parts), pos }
    return { kind: 'template', parts, pos }
  }

  /** Literal text comes from the source between the interpolations (tree-sitter skips spaces). */
  templateParts(nodes: Node[], start: number, end: number, heredoc: boolean): TemplatePart[] {
    const parts: TemplatePart[] = []
    let at = start
    const literal = (to: number) => {
      if (to <= at) return
      const text = this.source.slice(at, to)
      parts.push(
        heredoc ? text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : unescapeQuoted(text)
      )
    }
    for (const child of nodes) {
      if (child.startIndex < start || child.endIndex > end) continue
      if (child.type === 'template_interpolation') {
        literal(child.startIndex)
        const expr = child.namedChildren.find(c => c?.type === 'expression')
        if (expr) parts.push(this.expression(expr))
        at = child.endIndex
      } else if (child.type === 'template_directive') {
        literal(child.startIndex)
        parts.push(this.directive(child.namedChildren[0]!, heredoc))
        at = child.endIndex
      }
    }
    literal(end)
    return parts
  }

  directive(node: Node, heredoc: boolean): TemplatePart {
    const children = node.children.filter(Boolean) as Node[]
    if (node.type === 'template_if') {
      const intro = children[0]
      const cond = intro.namedChildren.find(c => c?.type === 'expression')!
      const elseNode = children.find(c => c.type === 'template_else_intro')
      const endNode = children.find(c => c.type === 'template_if_end')!
      return {
        kind: 'tif',
        cond: this.expression(cond),
        then: this.templateParts(
          children,
          intro.endIndex,
          (elseNode ?? endNode).startIndex,
          heredoc
        ),
        else: elseNode
          ? this.templateParts(children, elseNode.endIndex, endNode.startIndex, heredoc)
          : []
      }
    }
    const startNode = children[0]
    const endNode = children[children.length - 1]
    const names = startNode.namedChildren.filter(c => c?.type === 'identifier') as Node[]
    const collection = startNode.namedChildren.find(c => c?.type === 'expression')!
    return {
      kind: 'tfor',
      keyVar: names.length > 1 ? names[0].text : undefined,
      valueVar: names[names.length - 1].text,
      collection: this.expression(collection),
      body: this.templateParts(children, startNode.endIndex, endNode.startIndex, heredoc)
    }
  }
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' }

function unescapeQuoted(text: string): string {
  return text.replace(
    /\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g,
    (match, escape: string | undefined) => {
      if (match === '$${') return '${'
      if (match === '%%{') return '%{'
      if (!escape) return match
      if (escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16))
      return ESCAPES[escape] ?? escape
    }
  )
}

/** `<<-` heredocs: remove the smallest indentation of the literal lines. */
function stripIndent(parts: TemplatePart[]): TemplatePart[] {
  const text = parts.map(p => (typeof p === 'string' ? p : '\u0000')).join('')
  const lines = text.split('\n').filter(l => l.trim().length > 0)
  const indent = Math.min(...lines.map(l => /^[ \t]*/.exec(l)![0].length))
  if (!Number.isFinite(indent) || indent === 0) return parts
  let lineStart = true
  return parts.map(part => {
    if (typeof part !== 'string') {
      lineStart = false
      return part
    }
    const out = part
      .split('\n')
      .map((line, i) =>
        i > 0 || lineStart ? line.slice(Math.min(indent, /^[ \t]*/.exec(line)![0].length)) : line
      )
      .join('\n')
    lineStart = part.endsWith('\n')
    return out
  })
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
