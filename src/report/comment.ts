/**
 * One sticky pull request comment per workflow, job, mode and what is checked (the cluster and
 * its node group set, or check's paths): found by a hidden
 * marker and the token's own login across all pages, updated in place, previous verdicts kept in
 * a collapsed history. A comment that cannot be written is a warning with the fix, never a failure.
 */
import { createHash } from 'node:crypto'

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

/** GitHub refuses comment bodies over 65,536 characters; stay clear of it. */
export const COMMENT_LIMIT = 65_000
const HISTORY_LIMIT = 15

/** What one sticky comment speaks for: two runs share a comment only when all of it is equal. */
export interface CommentScope {
  workflow: string
  /** The job's id (GITHUB_JOB): two jobs of one workflow never share a comment. */
  job: string
  mode: string
  cluster: string
  nodegroups: string[]
  /** check's terraform-paths and plan-json. */
  paths: string[]
}

const MARKER_V2 = '<!-- eks-kms-guard:v2:'

export function commentMarker(scope: CommentScope): string {
  const key = [
    scope.workflow,
    scope.job,
    scope.mode,
    scope.cluster,
    [...scope.nodegroups].sort().join(','),
    [...scope.paths].sort().join(',')
  ].join('\n')
  const id = createHash('sha256').update(key).digest('hex').slice(0, 16)
  return `${MARKER_V2}${id} -->`
}

/**
 * The marker of earlier versions (workflow, cluster and node group set only): a comment that
 * carries it and no new marker is adopted once, so a re-run after an upgrade edits its comment
 * instead of adding a second one.
 */
export function legacyCommentMarker(
  workflow: string,
  cluster: string,
  nodegroups: string[]
): string {
  const scope = `${workflow}\n${cluster}\n${[...nodegroups].sort().join(',')}`
  const id = createHash('sha256').update(scope).digest('hex').slice(0, 16)
  return `<!-- eks-kms-guard:${id} -->`
}

const HISTORY_START = '<!-- eks-kms-guard:history -->'
const HISTORY_END = '<!-- eks-kms-guard:history-end -->'
const VERDICT_START = '<!-- eks-kms-guard:verdict -->'

function sameLogin(a: string | undefined, b: string): boolean {
  const norm = (s: string) => s.replace(/\[bot\]$/, '').toLowerCase()
  return a !== undefined && norm(a) === norm(b)
}

/** History lines kept in a previous body, newest first. */
export function previousHistory(body: string): string[] {
  const start = body.indexOf(HISTORY_START)
  const end = body.indexOf(HISTORY_END)
  const lines =
    start >= 0 && end > start
      ? body
          .slice(start + HISTORY_START.length, end)
          .split('\n')
          .filter(l => l.startsWith('- '))
      : []
  const verdictAt = body.indexOf(VERDICT_START)
  if (verdictAt >= 0) {
    const line = body
      .slice(verdictAt + VERDICT_START.length)
      .split('\n')
      .find(l => l.trim())
    if (line) lines.unshift(`- ${line.trim()}`)
  }
  return lines.slice(0, HISTORY_LIMIT)
}

/**
 * The full comment body: marker, this run's report, and the history of earlier verdicts. Cut
 * under GitHub's limit, pointing at the job summary for the rest.
 */
export function composeBody(
  marker: string,
  report: string,
  history: string[],
  runUrl?: string,
  stamp = ''
): string {
  const [verdict, ...rest] = report.split('\n')
  const historyBlock = history.length
    ? [
        '',
        `<details><summary>Earlier runs (${history.length})</summary>`,
        '',
        HISTORY_START,
        ...history,
        HISTORY_END,
        '',
        '</details>'
      ]
    : []
  const head = [marker, VERDICT_START, `${verdict}${stamp ? ` — ${stamp}` : ''}`]
  let body = [...head, ...rest, ...historyBlock].join('\n')
  if (body.length > COMMENT_LIMIT) {
    const note = `\n\n_The report was cut to fit a pull request comment; the full report is in the [job summary](${runUrl ?? '#'})._\n`
    const tail = historyBlock.join('\n')
    const room = COMMENT_LIMIT - head.join('\n').length - tail.length - note.length - 1
    body = [...head, rest.join('\n').slice(0, Math.max(0, room))].join('\n') + note + tail
  }
  return body
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

export interface PullRequestContext {
  eventName: string
  payload: { pull_request?: { number?: number }; number?: number }
  ref: string
  owner: string
  repo: string
}

/** The pull request to report on: the event's, the `pr-number` input, or the branch's open one. */
export async function findPullRequest(
  api: CommentApi,
  context: PullRequestContext,
  prNumber?: number
): Promise<number | undefined> {
  if (prNumber) return prNumber
  const fromEvent = context.payload.pull_request?.number
  if (fromEvent) return fromEvent
  if (
    (context.eventName === 'workflow_dispatch' || context.eventName === 'push') &&
    context.ref.startsWith('refs/heads/')
  ) {
    const branch = context.ref.slice('refs/heads/'.length)
    try {
      const response = await api.request('GET /repos/{owner}/{repo}/pulls', {
        owner: context.owner,
        repo: context.repo,
        head: `${context.owner}:${branch}`,
        state: 'open',
        per_page: 1
      })
      return (response.data as { number: number }[])[0]?.number
    } catch {
      return undefined
    }
  }
  return undefined
}
