/**
 * Templates: quoted strings with interpolations, heredocs (`<<-` strips the indentation), and
 * `%{ if }` / `%{ for }` directives. Literal text is taken from the source between the
 * interpolations, as tree-sitter does not keep the spaces of template literals.
 */
import type { Node } from 'web-tree-sitter'
import type { Expr, Pos, TemplatePart } from './ast.js'

/** What the template reader needs from the expression converter. */
export interface ExpressionReader {
  readonly source: string
  pos(node: Node): Pos
  expression(node: Node): Expr
}

export class TemplateReader {
  constructor(private readonly host: ExpressionReader) {}

  private get source(): string {
    return this.host.source
  }

  private pos(node: Node): Pos {
    return this.host.pos(node)
  }

  private expression(node: Node): Expr {
    return this.host.expression(node)
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

  /**
   * Literal text comes from the source between the interpolations (tree-sitter skips spaces).
   * `stripStart` / `stripEnd`: the sequence just before `start` ends with a strip marker `~}`, the
   * one just after `end` starts with `{~`.
   */
  templateParts(
    nodes: Node[],
    start: number,
    end: number,
    heredoc: boolean,
    stripStart = false,
    stripEnd = false
  ): TemplatePart[] {
    const parts: TemplatePart[] = []
    let at = start
    let trimLeft = stripStart
    // Strip markers (HCL native syntax specification, "Template Literals"): the spaces of the
    // literal next to a `~` are removed, at syntax level — `hello ${~ "world" }` is "helloworld",
    // `%{ if true ~} hello %{~ endif }` is "hello"; hclsyntax trims with unicode.IsSpace, so
    // newlines go too.
    const literal = (to: number, trimRight: boolean) => {
      if (to > at) {
        let text = this.source.slice(at, to)
        if (trimLeft) text = text.replace(/^\s+/u, '')
        if (trimRight) text = text.replace(/\s+$/u, '')
        if (text)
          parts.push(
            heredoc ? text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : unescapeQuoted(text)
          )
      }
    }
    for (const child of nodes) {
      if (child.startIndex < start || child.endIndex > end) continue
      if (child.type === 'template_interpolation') {
        literal(child.startIndex, stripsBefore(child))
        const expr = child.namedChildren.find(c => c?.type === 'expression')
        if (expr) parts.push(this.expression(expr))
        at = child.endIndex
        trimLeft = stripsAfter(child)
      } else if (child.type === 'template_directive') {
        const directive = child.namedChildren[0]!
        const sequences = directive.children.filter(Boolean) as Node[]
        literal(child.startIndex, stripsBefore(sequences[0]))
        parts.push(this.directive(directive, heredoc))
        at = child.endIndex
        trimLeft = stripsAfter(sequences[sequences.length - 1])
      }
    }
    literal(end, stripEnd)
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
          heredoc,
          stripsAfter(intro),
          stripsBefore(elseNode ?? endNode)
        ),
        else: elseNode
          ? this.templateParts(
              children,
              elseNode.endIndex,
              endNode.startIndex,
              heredoc,
              stripsAfter(elseNode),
              stripsBefore(endNode)
            )
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
      body: this.templateParts(
        children,
        startNode.endIndex,
        endNode.startIndex,
        heredoc,
        stripsAfter(startNode),
        stripsBefore(endNode)
      )
    }
  }
}

/** A template sequence (`${…}`, `%{…}`) that opens with a strip marker: `${~`, `%{~`. */
function stripsBefore(sequence: Node): boolean {
  return sequence.children[1]?.type === 'strip_marker'
}

/** A template sequence that closes with a strip marker: `~}`. */
function stripsAfter(sequence: Node): boolean {
  const children = sequence.children
  return children[children.length - 2]?.type === 'strip_marker'
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' }

export function unescapeQuoted(text: string): string {
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
