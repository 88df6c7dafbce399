/**
 * One sticky pull request comment per workflow, job, mode and what is checked (the cluster and
 * its node group set, or check's paths): found by a hidden
 * marker and the token's own login across all pages, updated in place, previous verdicts kept in
 * a collapsed history. A comment that cannot be written is a warning with the fix, never a failure.
 */
import { composeBody, previousHistory } from './comment-body.js'
import { MARKER_V2 } from './comment-marker.js'

/** The slice of Octokit this module uses, so tests can hand in a fake. */
export interface CommentApi {
  graphql<T>(query: string): Promise<T>
  request(
    route: string,
    parameters?: Record<string, unknown>
  ): Promise<{ data: unknown; headers: Record<string, string | number | undefined> }>
}

export interface CommentTarget {
  owner: string
  repo: string
  issueNumber: number
}

export interface CommentResult {
  status: 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed'
  url?: string
  message?: string
}

interface Comment {
  id: number
  body?: string
  html_url: string
  user?: { login: string } | null
}

function sameLogin(a: string | undefined, b: string): boolean {
  const norm = (s: string) => s.replace(/\[bot\]$/, '').toLowerCase()
  return a !== undefined && norm(a) === norm(b)
}

async function viewerLogin(api: CommentApi): Promise<string> {
  try {
    const result = await api.graphql<{ viewer: { login: string } }>('query { viewer { login } }')
    return result.viewer.login
  } catch {
    // A GITHUB_TOKEN always acts as github-actions[bot]; other tokens answer GraphQL.
    return 'github-actions[bot]'
  }
}

async function listComments(api: CommentApi, target: CommentTarget): Promise<Comment[]> {
  const all: Comment[] = []
  for (let page = 1; page <= 50; page++) {
    const response = await api.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: target.owner,
      repo: target.repo,
      issue_number: target.issueNumber,
      per_page: 100,
      page
    })
    const batch = response.data as Comment[]
    all.push(...batch)
    if (!/rel="next"/.test(String(response.headers.link ?? ''))) break
  }
  return all
}

function status(error: unknown): number | undefined {
  return (error as { status?: number })?.status
}

export function explainCommentError(error: unknown): string {
  const code = status(error)
  const base = `Could not write the pull request comment (${code ?? 'error'}: ${(error as Error)?.message ?? String(error)}).`
  if (code === 403 || code === 404) {
    return `${base} The token may not write to pull requests: grant \`permissions: pull-requests: write\`. On pull requests from forks the GITHUB_TOKEN is read-only; run the report from a \`workflow_run\` workflow (or \`pull_request_target\`, without checking out untrusted code) and pass \`pr-number\`. The job summary has the full report.`
  }
  if (code === 422)
    return `${base} GitHub rejected the comment body; the job summary has the full report.`
  return `${base} The job summary has the full report.`
}

async function withRetry<T>(
  fn: () => Promise<T>,
  sleep: (ms: number) => Promise<void>
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn()
    } catch (error) {
      const code = status(error) ?? 0
      if (attempt >= 2 || (code !== 0 && code < 500 && code !== 429)) throw error
      await sleep(500 * 2 ** attempt)
    }
  }
}

/** Creates or updates the sticky comment; never throws. */
export async function upsertComment(
  api: CommentApi,
  target: CommentTarget,
  marker: string,
  report: string,
  options: {
    runUrl?: string
    stamp?: string
    sleep?: (ms: number) => Promise<void>
    /** Markers of earlier versions whose comment this run takes over (see legacyCommentMarker). */
    legacyMarker?: string
  } = {}
): Promise<CommentResult> {
  const sleep = options.sleep ?? (ms => new Promise<void>(resolve => setTimeout(resolve, ms)))
  const route = { owner: target.owner, repo: target.repo }
  try {
    const login = await viewerLogin(api)
    const ours = (await withRetry(() => listComments(api, target), sleep))
      .filter(c => sameLogin(c.user?.login, login))
      .sort((a, b) => a.id - b.id)
    const legacy = options.legacyMarker
    const existing =
      ours.find(c => c.body?.includes(marker)) ??
      (legacy ? ours.find(c => c.body?.includes(legacy) && !c.body.includes(MARKER_V2)) : undefined)
    const body = composeBody(
      marker,
      report,
      existing?.body ? previousHistory(existing.body) : [],
      options.runUrl,
      options.stamp
    )
    let result: CommentResult
    if (existing) {
      if (existing.body === body) return { status: 'unchanged', url: existing.html_url }
      const response = await withRetry(
        () =>
          api.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
            ...route,
            comment_id: existing.id,
            body
          }),
        sleep
      )
      result = { status: 'updated', url: (response.data as Comment).html_url }
    } else {
      const response = await withRetry(
        () =>
          api.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
            ...route,
            issue_number: target.issueNumber,
            body
          }),
        sleep
      )
      result = { status: 'created', url: (response.data as Comment).html_url }
    }
    // Two runs racing may both have created a comment: the oldest one stays, the others go.
    const after = (await listComments(api, target))
      .filter(c => c.body?.includes(marker) && sameLogin(c.user?.login, login))
      .sort((a, b) => a.id - b.id)
    if (after.length > 1) {
      const keep = after[0]
      for (const extra of after.slice(1))
        await api.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
          ...route,
          comment_id: extra.id
        })
      if (keep.body !== body)
        await api.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
          ...route,
          comment_id: keep.id,
          body
        })
      result = { status: 'updated', url: keep.html_url }
    }
    return result
  } catch (error) {
    return { status: 'failed', message: explainCommentError(error) }
  }
}
