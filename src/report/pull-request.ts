/**
 * Which pull request a run reports on when the event does not say: a push or a manual run finds
 * its branch's open pull request, so its comment lands where the change is reviewed.
 */
import type { CommentApi } from './comment.js'

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
