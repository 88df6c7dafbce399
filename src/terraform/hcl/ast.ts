/**
 * The HCL native syntax as plain data: expressions and bodies, each with the file and line it
 * came from, so every finding can point at the expression that decides it. Imports nothing.
 */

export interface Pos {
  /** Path as annotations show it (relative to the working directory). */
  file: string
  /** 1-based. */
  line: number
}

export type TemplatePart = string | Expr | TemplateIf | TemplateFor

export interface TemplateIf {
  kind: 'tif'
  cond: Expr
  then: TemplatePart[]
  else: TemplatePart[]
}

export interface TemplateFor {
  kind: 'tfor'
  keyVar?: string
  valueVar: string
  collection: Expr
  body: TemplatePart[]
}

/** One step after a root: `.name`, `[expr]`. */
export type Step = { attr: string } | { index: Expr }

export type Expr =
  | { kind: 'literal'; value: null | boolean | number | string; pos: Pos }
  | { kind: 'template'; parts: TemplatePart[]; pos: Pos }
  | { kind: 'variable'; name: string; pos: Pos }
  | { kind: 'attr'; target: Expr; name: string; pos: Pos }
  | { kind: 'index'; target: Expr; key: Expr; pos: Pos }
  /** `target[*].steps` / `target.*.steps`. */
  | { kind: 'splat'; target: Expr; steps: Step[]; pos: Pos }
  | { kind: 'tuple'; items: Expr[]; pos: Pos }
  | { kind: 'object'; items: { key: Expr; value: Expr }[]; pos: Pos }
  | { kind: 'call'; name: string; args: Expr[]; expand: boolean; pos: Pos }
  | { kind: 'conditional'; cond: Expr; then: Expr; else: Expr; pos: Pos }
  | { kind: 'unary'; op: '-' | '!'; operand: Expr; pos: Pos }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; pos: Pos }
  | {
      kind: 'for'
      keyVar?: string
      valueVar: string
      collection: Expr
      keyExpr?: Expr
      valueExpr: Expr
      cond?: Expr
      grouping: boolean
      pos: Pos
    }
  /** A JSON-syntax string whose template does not parse: evaluating it is an error, never a value. */
  | { kind: 'invalid'; message: string; pos: Pos }

export interface Attribute {
  name: string
  expr: Expr
  pos: Pos
}

export interface Block {
  type: string
  labels: string[]
  body: Body
  pos: Pos
}

export interface Body {
  attributes: Map<string, Attribute>
  blocks: Block[]
  /**
   * JSON syntax only: names given as an object (or array of objects), which are an attribute or
   * nested blocks as the schema decides. Without the provider's schema the reader decides: they
   * are in both `attributes` and `blocks`, and a reference reads them as blocks.
   */
  either?: Set<string>
}
