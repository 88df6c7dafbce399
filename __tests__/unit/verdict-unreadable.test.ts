/**
 * KMS launch failures when every key check passes but an AMI's snapshot key could not be read
 * (a shared golden AMI): the verdict does not wait out the propagation grace as for a fix in
 * flight, and names the AMI. Pure, on observations.
 */
import { describe, expect, it } from '@jest/globals'
import { decideVerdict } from '../../src/verdict/decide.js'
import { activity, key, KMS, nodegroup, observe } from '../support/verdict-fixtures.js'

const image = {
  imageId: 'ami-0golden',
  owner: '444455556666',
  snapshots: ['snap-0golden'],
  reason: 'InvalidSnapshot.NotFound'
}

describe('an unreadable AMI snapshot key', () => {
  // Every key check passes, and a launch failed with a KMS error 10 s into the run.
  const seen = (extra = {}) =>
    observe({
      now: 20_000 + Date.parse('2026-11-24T12:00:00Z'),
      nodegroups: [nodegroup('CREATING', [activity(KMS, 10_000)])],
      keys: [key([])],
      ...extra
    })

  it('without one, a KMS failure inside the grace is waited on (a fix may be propagating)', () => {
    expect(decideVerdict(seen())).toBeUndefined()
  })

  it('with one, the same failure decides at once, and the message names the AMI', () => {
    const verdict = decideVerdict(seen({ unreadableImages: [image] }))
    expect(verdict).toMatchObject({ result: 'failure', rootCause: 'unknown' })
    expect(verdict?.message).toContain(
      '(AMI ami-0golden of account 444455556666 has encrypted snapshots whose key this account cannot read; that key is the likely cause)'
    )
  })

  it('a key problem the checks found still explains the failure, not the AMI', () => {
    const verdict = decideVerdict(
      seen({ unreadableImages: [image], keys: [key(['kms-policy-missing-autoscaling-role'])] })
    )
    expect(verdict?.rootCause).toBe('kms-policy-missing-autoscaling-role')
    expect(verdict?.message).not.toContain('ami-0golden')
  })
})
