/**
 * Terraform expressions as far as they can be known statically: `jsonencode({...})`, string
 * templates and literals are evaluated; any other reference stays as a "${...}" string, which the
 * policy check treats as unknown (never as granted).
 */
import { parser } from './parse.js'

interface AstNode {
  type: string
  children?: AstNode[]
  meta?: {
    name?: string
    value?: string
    fullAccessor?: string
    type?: string
    items?: Record<string, string>
  }
}

/** Account and partition references every policy uses; they stand for "this account". */
export const PLACEHOLDER_ACCOUNT = '000000000000'

export function isUnresolved(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${')
}

/** Strips the `${` `}` around a whole-attribute expression. */
export function expressionOf(value: string): string | undefined {
  return value.startsWith('${') && value.endsWith('}') ? value.slice(2, -1) : undefined
}

async function evalSource(source: string): Promise<unknown> {
  const { getExpressionAst } = await parser()
  return evalNode((await getExpressionAst('expression.tf', source)) as AstNode)
}

async function evalNode(node: AstNode | undefined): Promise<unknown> {
  if (!node) return null
  switch (node.type) {
    case 'function': {
      const name = node.meta?.name
      const args = (node.children ?? []).filter(c => c.type !== '')
      if (name === 'jsonencode' || name === 'tolist' || name === 'toset') return evalNode(args[0])
      if (name === 'concat') {
        const lists = await Promise.all(args.map(evalNode))
        return lists.every(Array.isArray)
          ? (lists as unknown[][]).flat()
          : `\${${node.meta?.value ?? name}}`
      }
      return `\${${node.meta?.value ?? name}}`
    }
    case 'object': {
      const result: Record<string, unknown> = {}
      for (const [key, source] of Object.entries(node.meta?.items ?? {}))
        result[key.replace(/^"|"$/g, '')] = await evalSource(source)
      return result
    }
    case 'tuple':
      return Promise.all((node.children ?? []).filter(c => c.type !== '').map(evalNode))
    case 'template': {
      const parts = await Promise.all((node.children ?? []).map(evalNode))
      return parts.length === 1
        ? parts[0]
        : parts.map(p => (typeof p === 'string' ? p : JSON.stringify(p))).join('')
    }
    case 'literalValue': {
      const { type, value } = node.meta ?? {}
      if (type === 'bool') return value === 'true'
      if (type === 'number') return Number(value)
      return value ?? null
    }
    case 'scopeTraversal':
      return `\${${node.meta?.fullAccessor ?? node.meta?.value}}`
    default:
      return `\${${node.meta?.value ?? node.type}}`
  }
}

/** Evaluates an attribute value from the parser: "${expr}" strings are expressions, the rest literal. */
export async function evaluate(value: unknown): Promise<unknown> {
  if (typeof value !== 'string') return value
  const expression = expressionOf(value)
  if (!expression) return value
  try {
    return await evalSource(expression)
  } catch {
    return value
  }
}

/**
 * Replaces the references that only name "this account" or "this partition" with stand-ins, so
 * a principal such as `arn:${partition}:iam::${account_id}:role/…` can be compared.
 */
export function resolveSymbols(value: unknown): unknown {
  if (typeof value === 'string') {
    return value
      .replace(/\$\{data\.aws_partition\.[\w-]+\.partition\}/g, 'aws')
      .replace(
        /\$\{(?:data\.aws_caller_identity\.[\w-]+\.account_id|(?:local|var)\.[\w-]*account_id)\}/g,
        PLACEHOLDER_ACCOUNT
      )
  }
  if (Array.isArray(value)) return value.map(resolveSymbols)
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveSymbols(v)]))
  return value
}
