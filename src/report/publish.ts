/** Where a report goes besides the log: the pull request comment (shared by the main and post steps). */
import * as core from '@actions/core'
import type { Config } from '../inputs.js'
import { runUrl } from './run-url.js'
import { upsertComment, type CommentApi } from './comment.js'
import { commentMarker, legacyCommentMarker } from './comment-marker.js'
import { findPullRequest } from './pull-request.js'

/**
 * How long GitHub gets: each request, and the comment as a whole (every retry included). A GitHub
 * that accepts the connection and never answers must not hold the step; tests shorten it through
 * the environment.
 */
export function githubTimeouts(env: NodeJS.ProcessEnv = process.env): {
  requestMs: number
  totalMs: number
} {
  const value = Number(env.EKS_KMS_GUARD_GITHUB_TIMEOUT_SECONDS)
  const requestMs = Number.isFinite(value) && value > 0 ? value * 1000 : 20_000
  return { requestMs, totalMs: requestMs * 3 }
}

/** The sticky pull request comment; any problem is a warning, never the step's failure. */
export async function publishComment(config: Config, markdown: string): Promise<void> {
  if (!config.prComment) return
  if (!config.githubToken) {
    core.info('No github-token: the pull request comment is skipped.')
    return
  }
  // Octokit is loaded only when there is a comment to write.
  const github = await import('@actions/github')
  const { context } = github
  // The toolkit reads GITHUB_API_URL once, when it loads; read it when the comment is written.
  const octokit = github.getOctokit(config.githubToken, {
    baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com'
  })
  // Octokit sends no timeout of its own: it hands request.signal to fetch
  // (`request.signal` of @octokit/types RequestRequestOptions:
  // https://octokit.github.io/types.ts/interfaces/RequestRequestOptions.html), so every request,
  // the GraphQL one included, gets its own deadline and the whole comment one more.
  const limits = githubTimeouts()
  const overall = AbortSignal.timeout(limits.totalMs)
  let unanswered = 0
  octokit.hook.before('request', options => {
    const signal = AbortSignal.any([AbortSignal.timeout(limits.requestMs), overall])
    signal.addEventListener('abort', () => unanswered++, { once: true })
    options.request = { ...options.request, signal }
  })
  const api = octokit as unknown as CommentApi
  const { owner, repo } = context.repo
  const issueNumber = await findPullRequest(
    api,
    { eventName: context.eventName, payload: context.payload, ref: context.ref, owner, repo },
    config.prNumber
  )
  if (!issueNumber) {
    core.info(
      'No pull request is known for this run (pass pr-number for workflow_dispatch): only the job summary was written.'
    )
    return
  }
  const marker = commentMarker({
    workflow: context.workflow,
    job: context.job,
    mode: config.mode,
    cluster: config.clusterName,
    nodegroups: config.nodegroupNames,
    paths: config.mode === 'check' ? [...config.terraformPaths, config.planJson ?? ''] : []
  })
  const legacyMarker = legacyCommentMarker(
    context.workflow,
    config.clusterName,
    config.nodegroupNames
  )
  const url = runUrl()
  const stamp = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${url ? `, [run ${context.runId}](${url})` : ''}`
  const result = await upsertComment(api, { owner, repo, issueNumber }, marker, markdown, {
    runUrl: url,
    stamp,
    legacyMarker
  })
  if (result.status === 'failed') {
    const silence =
      unanswered > 0
        ? ` GitHub did not answer ${unanswered} request${unanswered > 1 ? 's' : ''} within ${limits.requestMs / 1000}s each (${limits.totalMs / 1000}s for the whole comment); gave up on the comment.`
        : ''
    core.warning(`${result.message ?? 'Could not write the pull request comment.'}${silence}`)
    return
  }
  if (result.url) core.setOutput('comment-url', result.url)
  core.info(
    `Pull request #${issueNumber} comment ${result.status}${result.url ? `: ${result.url}` : ''}.`
  )
}
