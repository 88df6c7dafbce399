/**
 * Wire formats the real SDK expects: awsJson1_1 (KMS), restJson1 (EKS), awsQuery (Auto Scaling,
 * IAM, STS: XML with <member> lists) and ec2Query (XML with <item> lists and lowerCamel names).
 */
import { randomUUID } from 'node:crypto'

export type Protocol = 'json' | 'rest-json' | 'query' | 'ec2'

export interface WireResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/** An AWS error as a handler raises it; the server renders it in the service's protocol. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly sender = true
  ) {
    super(message)
  }
}

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string
  )
}

/** XML value: arrays become repeated `listTag` children, Dates ISO strings, undefined is omitted. */
export function toXml(value: unknown, listTag: 'member' | 'item'): string {
  if (value === undefined || value === null) return ''
  if (Array.isArray(value))
    return value.map(v => `<${listTag}>${toXml(v, listTag)}</${listTag}>`).join('')
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${toXml(v, listTag)}</${k}>`)
      .join('')
  }
  return escapeXml(String(value))
}

const NAMESPACES: Record<string, string> = {
  autoscaling: 'http://autoscaling.amazonaws.com/doc/2011-01-01/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  ec2: 'http://ec2.amazonaws.com/doc/2016-11-15/'
}

export function querySuccess(service: string, action: string, result: unknown): WireResponse {
  const requestId = randomUUID()
  const body =
    service === 'ec2'
      ? `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${NAMESPACES.ec2}"><requestId>${requestId}</requestId>${toXml(result, 'item')}</${action}Response>`
      : `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${NAMESPACES[service]}"><${action}Result>${toXml(result, 'member')}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body
  }
}

export function jsonSuccess(result: unknown, protocol: 'json' | 'rest-json'): WireResponse {
  return {
    status: 200,
    headers: {
      'content-type': protocol === 'json' ? 'application/x-amz-json-1.1' : 'application/json',
      'x-amzn-requestid': randomUUID()
    },
    body: JSON.stringify(result ?? {})
  }
}

export function errorResponse(service: string, protocol: Protocol, error: AwsError): WireResponse {
  const requestId = randomUUID()
  if (protocol === 'json') {
    return {
      status: error.status,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
      body: JSON.stringify({ __type: error.code, message: error.message })
    }
  }
  if (protocol === 'rest-json') {
    return {
      status: error.status,
      headers: {
        'content-type': 'application/json',
        'x-amzn-errortype': error.code,
        'x-amzn-requestid': requestId
      },
      body: JSON.stringify({ message: error.message })
    }
  }
  if (protocol === 'ec2') {
    return {
      status: error.status,
      headers: { 'content-type': 'text/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`
    }
  }
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${NAMESPACES[service] ?? ''}"><Error><Type>${error.sender ? 'Sender' : 'Receiver'}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  }
}

/** `Prefix.member.N` (awsQuery) or `Prefix.N` (ec2Query) values of a flattened list parameter. */
export function queryList(params: URLSearchParams, prefix: string): string[] {
  const values: { index: number; value: string }[] = []
  for (const [name, value] of params) {
    const match = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(?:member\\.)?(\\d+)$`).exec(name)
    if (match) values.push({ index: Number(match[1]), value })
  }
  return values.sort((a, b) => a.index - b.index).map(v => v.value)
}

/** Filters.member.N.Name / Filters.member.N.Values.member.M (awsQuery). */
export function queryFilters(params: URLSearchParams): Map<string, string[]> {
  const filters = new Map<string, string[]>()
  for (const [name, value] of params) {
    const match = /^Filters\.member\.(\d+)\.Name$/.exec(name)
    if (match) filters.set(value, queryList(params, `Filters.member.${match[1]}.Values`))
  }
  return filters
}

export function epochSeconds(ms: number): number {
  return Math.round(ms) / 1000
}
