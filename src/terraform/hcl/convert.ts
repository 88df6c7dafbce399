/**
 * HCL native syntax (a tree-sitter tree) → our AST (hcl/ast.ts): bodies, blocks, attributes and
 * expressions, each with the file and line it came from.
 */
import type { Node } from 'web-tree-sitter'
import type { Attribute, Block, Body, Expr, Pos, Step } from './ast.js'
import { TemplateReader, unescapeQuoted } from './template.js'

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: Pos
  ) {
    super(message)
  }
}

const POSTFIX = new Set(['get_attr', 'index', 'splat'])

/** The three parts of an `expression` that is a conditional written without parentheses. */
function bareConditional(node: Node): Node[] | undefined {
  const children = node.children.filter(c => c && c.type !== 'comment') as Node[]
  if (node.type !== 'expression' || children.length !== 1 || children[0].type !== 'conditional')
    return undefined
  const parts = children[0].namedChildren.filter(c => c?.type === 'expression') as Node[]
  return parts.length === 3 ? parts : undefined
}

export class Converter {
  readonly errors: HclSyntaxError[] = []
  private readonly templates = new TemplateReader(this)
  constructor(
    readonly file: string,
    readonly source: string,
    readonly lineOffset = 0,
    /** Every position on this line: a template that was one JSON string, on one line of its file. */
    readonly pinnedLine?: number
  ) {}

  pos(node: Node): Pos {
    return {
      file: this.file,
      line: this.pinnedLine ?? node.startPosition.row + 1 + this.lineOffset
    }
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
      // Anything but an attribute, index or splat here is text the expression would lose.
      if (!POSTFIX.has(step.type))
        throw new HclSyntaxError(`unexpected ${step.type} in an expression`, this.pos(step))
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
        return this.conditional(cond, then, () => this.expression(otherwise), pos)
      }
      case 'ERROR':
        throw new HclSyntaxError('cannot parse this expression', pos)
      default:
        throw new HclSyntaxError(`unexpected ${node.type}`, pos)
    }
  }

  /**
   * `cond ? then : otherwise`, right-associative as HCL's: the specification's grammar is
   * `Conditional = Expression "?" Expression ":" Expression` and hclsyntax reads the false result
   * as a whole expression, so `a ? x : b ? y : z` is `a ? x : (b ? y : z)`. The tree-sitter
   * grammar nests it the other way, `(a ? x : b) ? y : z`: an unparenthesised conditional as a
   * predicate is turned back here.
   */
  conditional(cond: Node, then: Node, otherwise: () => Expr, pos: Pos): Expr {
    const inner = bareConditional(cond)
    if (!inner) {
      return {
        kind: 'conditional',
        cond: this.expression(cond),
        then: this.expression(then),
        else: otherwise(),
        pos
      }
    }
    const [innerCond, innerThen, innerElse] = inner
    return this.conditional(
      innerCond,
      innerThen,
      () => this.conditional(innerElse, then, otherwise, pos),
      pos
    )
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
    // The operator is the first anonymous token that is not a parenthesis: tree-sitter flattens
    // a parenthesised left operand into this node as `(` expression `)` followed by its postfix
    // steps, so `(a) || b` reads `(` first (HCL native syntax specification, "Operations":
    // `Operation = unaryOp | binaryOp`, with `"(" Expression ")"` an ExprTerm).
    const at = children.findIndex(c => !c.isNamed && c.type !== '(' && c.type !== ')')
    if (at < 0) throw new HclSyntaxError('an operation without its operator', pos)
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
    return this.templates.template(node)
  }
}
