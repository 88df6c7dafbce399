/** Checks recorded GitHub requests against GitHub's published OpenAPI description (@octokit/openapi). */
import { Ajv } from 'ajv'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { RecordedRequest } from '../../sim/github.js'

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required?: boolean
  schema?: { type?: string }
}
interface Operation {
  parameters?: Parameter[]
  requestBody?: { required?: boolean; content: Record<string, { schema: object }> }
}

let spec: { paths: Record<string, Record<string, Operation>> } | undefined
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true })

function load() {
  if (!spec) {
    const require = createRequire(import.meta.url)
    const path = require.resolve('@octokit/openapi/generated/api.github.com.deref.json')
    spec = JSON.parse(readFileSync(path, 'utf8'))
  }
  return spec!
}

function match(path: string): { template: string; params: Record<string, string> } | undefined {
  for (const template of Object.keys(load().paths)) {
    const names: string[] = []
    const regex = new RegExp(
      '^' +
        template.replace(/\{([^}]+)\}/g, (_, name: string) => (names.push(name), '([^/]+)')) +
        '$'
    )
    const found = regex.exec(path)
    if (found)
      return {
        template,
        params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(found[i + 1])]))
      }
  }
  return undefined
}

/** Problems with one request: unknown route, missing required parameters, invalid body. */
export function validateRequest(request: RecordedRequest): string[] {
  if (request.path === '/graphql') {
    const query = (request.body as { query?: string })?.query ?? ''
    return /^\s*query\s*\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(query)
      ? []
      : [`unexpected GraphQL query: ${query}`]
  }
  const route = match(request.path)
  if (!route) return [`${request.method} ${request.path}: no such path in GitHub's API`]
  const operation = load().paths[route.template][request.method.toLowerCase()]
  if (!operation) return [`${request.method} ${route.template}: no such operation`]
  const problems: string[] = []
  for (const parameter of operation.parameters ?? []) {
    const value =
      parameter.in === 'path'
        ? route.params[parameter.name]
        : parameter.in === 'query'
          ? request.query[parameter.name]
          : undefined
    if (parameter.required && parameter.in !== 'header' && value === undefined)
      problems.push(`missing required ${parameter.in} parameter ${parameter.name}`)
    if (value !== undefined && parameter.schema?.type === 'integer' && !/^\d+$/.test(value))
      problems.push(`${parameter.name} must be an integer, got ${value}`)
  }
  for (const name of Object.keys(request.query)) {
    if (!(operation.parameters ?? []).some(p => p.in === 'query' && p.name === name))
      problems.push(`unknown query parameter ${name}`)
  }
  const schema = operation.requestBody?.content['application/json']?.schema
  if (operation.requestBody?.required && request.body === undefined)
    problems.push('missing request body')
  if (schema && request.body !== undefined && !ajv.validate(schema, request.body))
    problems.push(`invalid body: ${ajv.errorsText()}`)
  return problems.map(p => `${request.method} ${route.template}: ${p}`)
}
