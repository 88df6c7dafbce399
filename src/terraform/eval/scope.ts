/** What an expression is evaluated in: the names it may use, the files it may read. */
import type { Expr, Pos } from '../hcl/ast.js'
import type { Value } from './values.js'

export interface Scope {
  /** A root name: var, local, each, count, module, path, data, a resource type, an iterator. */
  root(name: string, pos: Pos): Value
  /**
   * For file() and templatefile(), relative to the working directory or absolute: the text,
   * undefined when there is no such file, or why it was refused (outside the workspace, a cap).
   */
  readFile(path: string): string | { refused: string } | undefined
  /** Parses a template file's text (templatefile). */
  parseTemplate(text: string, file: string): Expr
}

/** A scope with extra names (for-expression variables, dynamic block iterators). */
export function withNames(scope: Scope, names: Record<string, Value>): Scope {
  return {
    root: (name, pos) => (name in names ? names[name] : scope.root(name, pos)),
    readFile: path => scope.readFile(path),
    parseTemplate: (text, file) => scope.parseTemplate(text, file)
  }
}
