/**
 * A loopback GitHub REST + GraphQL API for the action's pull request comments, reached through
 * GITHUB_API_URL. It keeps comments per issue, paginates them with Link headers as GitHub does,
 * and can refuse writes (403 for fork PRs, 404, 422, 5xx) or never answer, to test how the action
 * copes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeComment {
  id: number
  body: string
  user: { login: string; type: string }
  created_at: string
  updated_at: string
  html_url: string
}

export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  body?: unknown
  status: number
}

export interface FakeGitHubOptions {
  /** The login GraphQL `viewer` answers for the token (a GITHUB_TOKEN is github-actions[bot]). */
  login?: string
  /** Status for comment writes (403 fork PR, 404, 422, 500 …); reads still succeed. */
  writeStatus?: number
  /** Status for every request. */
  allStatus?: number
  /** Open pull requests by head branch, for workflow_dispatch/push lookups. */
  pulls?: { number: number; head: string }[]
  /** Comments present before the run, per issue number. */
  comments?: Record<number, { body: string; login: string }[]>
  /** Accept every connection and read the request, but never answer (a GitHub that hangs). */
  hang?: boolean
  /** Delay every create by this many ms (to expose create/create races). */
  createDelayMs?: number
}

export interface FakeGitHub {
  url: string
  requests: RecordedRequest[]
  comments: Map<number, FakeComment[]>
  options: FakeGitHubOptions
  close(): Promise<void>
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers
  })
  response.end(text)
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise(resolve => {
    const chunks: Buffer[] = []
    request.on('data', c => chunks.push(c as Buffer))
    request.on('end', () => resolve(Buffer.concat(chunks).toString()))
  })
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const login = options.login ?? 'github-actions[bot]'
  const comments = new Map<number, FakeComment[]>()
  let nextId = 1000
  const now = () => new Date().toISOString()
  for (const [issue, list] of Object.entries(options.comments ?? {})) {
    comments.set(
      Number(issue),
      list.map(c => ({
        id: nextId++,
        body: c.body,
        user: { login: c.login, type: c.login.endsWith('[bot]') ? 'Bot' : 'User' },
        created_at: now(),
        updated_at: now(),
        html_url: ''
      }))
    )
  }
  const requests: RecordedRequest[] = []
  let base = ''

  const server = createServer((request, response) => {
    void readBody(request).then(async text => {
      const url = new URL(request.url ?? '/', 'http://localhost')
      const record: RecordedRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: text ? JSON.parse(text) : undefined,
        status: 200
      }
      requests.push(record)
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        record.status = status
        send(response, status, body, headers)
      }
      if (options.hang) return
      if (options.allStatus) return reply(options.allStatus, { message: 'Server Error' })
      const parts = url.pathname.split('/').filter(Boolean)
      if (request.method === 'POST' && url.pathname === '/graphql') {
        return reply(200, { data: { viewer: { login } } })
      }
      if (request.method === 'GET' && url.pathname === '/user') {
        // A GITHUB_TOKEN cannot read /user.
        return reply(403, { message: 'Resource not accessible by integration' })
      }
      // /repos/{owner}/{repo}/issues/{n}/comments
      if (
        parts[0] === 'repos' &&
        parts[3] === 'issues' &&
        parts[5] === 'comments' &&
        parts.length === 6
      ) {
        const issue = Number(parts[4])
        const list = comments.get(issue) ?? []
        if (request.method === 'GET') {
          const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100)
          const page = Number(url.searchParams.get('page') ?? 1)
          const slice = list.slice((page - 1) * perPage, page * perPage)
          const last = Math.max(1, Math.ceil(list.length / perPage))
          const link: Record<string, string> =
            page < last
              ? {
                  link: `<${base}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next", <${base}${url.pathname}?per_page=${perPage}&page=${last}>; rel="last"`
                }
              : {}
          return reply(200, slice, link)
        }
        if (request.method === 'POST') {
          if (options.writeStatus)
            return reply(options.writeStatus, {
              message:
                options.writeStatus === 403
                  ? 'Resource not accessible by integration'
                  : 'Validation Failed'
            })
          if (options.createDelayMs) await new Promise(r => setTimeout(r, options.createDelayMs))
          const body = (record.body as { body?: string })?.body ?? ''
          if (body.length > 65536)
            return reply(422, {
              message: 'Validation Failed',
              errors: [
                {
                  resource: 'IssueComment',
                  code: 'custom',
                  field: 'body',
                  message: 'body is too long (maximum is 65536 characters)'
                }
              ]
            })
          const id = nextId++
          const comment: FakeComment = {
            id,
            body,
            user: { login, type: 'Bot' },
            created_at: now(),
            updated_at: now(),
            html_url: `https://github.com/${parts[1]}/${parts[2]}/pull/${issue}#issuecomment-${id}`
          }
          comments.set(issue, [...list, comment])
          return reply(201, comment)
        }
      }
      // /repos/{owner}/{repo}/issues/comments/{id}
      if (
        parts[0] === 'repos' &&
        parts[3] === 'issues' &&
        parts[4] === 'comments' &&
        parts.length === 6
      ) {
        const id = Number(parts[5])
        const found = [...comments.values()].flat().find(c => c.id === id)
        if (!found) return reply(404, { message: 'Not Found' })
        if (request.method === 'PATCH') {
          if (options.writeStatus)
            return reply(options.writeStatus, { message: 'Resource not accessible by integration' })
          const body = (record.body as { body?: string })?.body ?? ''
          if (body.length > 65536) return reply(422, { message: 'Validation Failed' })
          found.body = body
          found.updated_at = now()
          return reply(200, found)
        }
        if (request.method === 'DELETE') {
          for (const [issue, list] of comments)
            comments.set(
              issue,
              list.filter(c => c.id !== id)
            )
          record.status = 204
          response.writeHead(204)
          return response.end()
        }
        if (request.method === 'GET') return reply(200, found)
      }
      // /repos/{owner}/{repo}/pulls?head=owner:branch&state=open
      if (
        parts[0] === 'repos' &&
        parts[3] === 'pulls' &&
        parts.length === 4 &&
        request.method === 'GET'
      ) {
        const head = url.searchParams.get('head') ?? ''
        const branch = head.includes(':') ? head.split(':')[1] : head
        return reply(
          200,
          (options.pulls ?? [])
            .filter(p => !head || p.head === branch)
            .map(p => ({ number: p.number, state: 'open', head: { ref: p.head } }))
        )
      }
      return reply(404, { message: 'Not Found', path: url.pathname })
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: base,
    requests,
    comments,
    options,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
