import { describe, expect, it } from '@jest/globals'
import { COMMENT_LIMIT, composeBody, previousHistory } from '../../src/report/comment-body.js'
import { commentMarker } from '../../src/report/comment-marker.js'

describe('composeBody', () => {
  const scope = {
    workflow: 'deploy',
    job: 'eks',
    mode: 'verify',
    cluster: 'prod',
    nodegroups: ['b', 'a'],
    paths: []
  }
  const marker = commentMarker(scope)

  it('one marker per workflow, job, mode, cluster, node group set and paths (order does not matter)', () => {
    expect(marker).toBe(commentMarker({ ...scope, nodegroups: ['a', 'b'] }))
    expect(marker).not.toBe(commentMarker({ ...scope, cluster: 'staging' }))
    expect(marker).not.toBe(commentMarker({ ...scope, workflow: 'verify' }))
    expect(marker).not.toBe(commentMarker({ ...scope, job: 'other' }))
    expect(marker).not.toBe(commentMarker({ ...scope, mode: 'deploy' }))
    const check = { ...scope, mode: 'check', cluster: '', nodegroups: [] }
    expect(commentMarker({ ...check, paths: ['infra'] })).not.toBe(
      commentMarker({ ...check, paths: ['modules'] })
    )
  })

  it('keeps earlier verdicts in a collapsed history, newest first', () => {
    const first = composeBody(marker, '❌ failed: key policy\nmore', [], undefined, 'run 1')
    const second = composeBody(
      marker,
      '✅ passed\nmore',
      previousHistory(first),
      undefined,
      'run 2'
    )
    const third = composeBody(
      marker,
      '✅ passed again',
      previousHistory(second),
      undefined,
      'run 3'
    )
    expect(previousHistory(third)).toEqual([
      '- ✅ passed again — run 3',
      '- ✅ passed — run 2',
      '- ❌ failed: key policy — run 1'
    ])
    expect(third).toContain('<details><summary>Earlier runs (2)</summary>')
  })

  it('cuts a huge report under the comment limit and points to the job summary', () => {
    const report = '❌ failed\n' + '| row |\n'.repeat(20_000)
    const body = composeBody(marker, report, ['- ✅ old'], 'https://github.com/o/r/actions/runs/1')
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(body).toContain('[job summary](https://github.com/o/r/actions/runs/1)')
    expect(body.startsWith(marker)).toBe(true)
    expect(previousHistory(body)).toContain('- ✅ old')
  })
})
