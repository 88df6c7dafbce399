/**
 * The hidden marker that finds a run's sticky comment again: one per workflow, job, mode and what
 * is checked, so two runs share a comment only when they speak for the same thing.
 */
import { createHash } from 'node:crypto'

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

export const MARKER_V2 = '<!-- eks-kms-guard:v2:'

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
