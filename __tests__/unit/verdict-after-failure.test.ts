/** A node group or update that failed on a KMS error whose key is usable now: its own cause. */
import { describe, expect, it } from '@jest/globals'
import { decideVerdict } from '../../src/verdict/decide.js'
import { activity, key, KMS, nodegroup, observe, T0 } from '../support/verdict-fixtures.js'

describe('after the failure, whatever the key is now', () => {
  const failed = () =>
    nodegroup('CREATE_FAILED', [activity(KMS, -30_000)], {
      firstSeenStatus: 'CREATE_FAILED',
      healthIssues: [{ code: 'AsgInstanceLaunchFailures', message: KMS }]
    })

  it('CREATE_FAILED on the key, key usable now: nodegroup-create-failed naming the key', () => {
    const verdict = decideVerdict(observe({ nodegroups: [failed()], keys: [key([])] }))
    expect(verdict).toMatchObject({
      result: 'failure',
      rootCause: 'nodegroup-create-failed',
      keyId: 'arn:aws:kms:us-east-1:111122223333:key/k1',
      alreadyFailed: 'CREATE_FAILED'
    })
  })

  it('CREATE_FAILED on the key, key still broken: the key cause', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [failed()],
        keys: [key(['kms-policy-missing-autoscaling-role'])]
      })
    )
    expect(verdict?.rootCause).toBe('kms-policy-missing-autoscaling-role')
  })

  it('an update that failed on the key, key usable now: nodegroup-update-failed', () => {
    const update = {
      id: 'u1',
      type: 'VersionUpdate',
      status: 'Failed',
      createdAt: new Date(T0 + 1_000),
      params: [],
      errors: [],
      watched: true
    }
    const state = nodegroup('ACTIVE', [activity(KMS, 10_000)], {
      firstSeenStatus: 'UPDATING',
      updates: [update]
    })
    const verdict = decideVerdict(observe({ nodegroups: [state], keys: [key([])] }))
    expect(verdict?.rootCause).toBe('nodegroup-update-failed')
  })
})
