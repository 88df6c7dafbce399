/** Where a report goes besides the log: the pull request comment (shared by the main and post steps). */
import * as core from '@actions/core'
import type { Config } from '../inputs.js'
import { runUrl } from './run-url.js'
import {
  commentMarker,
  findPullRequest,
  legacyCommentMarker,
  upsertComment,
  type CommentApi
} from './comment.js'

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
  const api = github.getOctokit(config.githubToken, {
    baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com'
  }) as unknown as CommentApi
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
    core.warning(result.message ?? 'Could not write the pull request comment.')
    return
  }
  if (result.url) core.setOutput('comment-url', result.url)
  core.info(
    `Pull request #${issueNumber} comment ${result.status}${result.url ? `: ${result.url}` : ''}.`
  )
}
