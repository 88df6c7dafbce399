/**
 * Named node groups that do not exist yet, as the report tells them: what the run says it waits
 * for and why, when a near-miss name fails fast, what the deadline says, and a node group deleted
 * while watched.
 */
import { describe, expect, it } from '@jest/globals'
import { newNodegroupState, type NodegroupState } from '../../src/model/index.js'
import { decideVerdict } from '../../src/verdict/decide.js'
import { editDistance, likelyMeant } from '../../src/verdict/late.js'
import { nodegroup, observe, T0 } from '../support/verdict-fixtures.js'

const iso = (t: number) => new Date(t).toISOString()

function missing(name: string, extra: Partial<NodegroupState> = {}, selfManaged = false) {
  return { ...newNodegroupState(name, true, selfManaged), missingPolls: 1, ...extra }
}

const gpu = missing('gpu', { missingSince: T0 + 5_000 })
const active = (name: string) => ({
  ...nodegroup('ACTIVE', [], { firstSeenStatus: 'ACTIVE' }),
  name
})

/** The cancel message: what the run still waited for, and why. */
function cancelled(extra: Parameters<typeof observe>[0]): string | undefined {
  return decideVerdict(observe({ nodegroups: [gpu], cancelled: true, ...extra }))?.message
}

const waitingGpu = `gpu (not created yet; waited for since ${iso(T0 + 5_000)}`

describe('what a missing node group is waited for while', () => {
  it.each([
    [
      'the deploy command runs',
      { command: { running: true, interrupted: false } },
      'the deploy command is running'
    ],
    [
      'the cluster is CREATING',
      { clusterVersion: { status: 'CREATING' } },
      'cluster prod is CREATING'
    ],
    [
      'the cluster is UPDATING',
      { clusterVersion: { status: 'UPDATING' } },
      'cluster prod is UPDATING'
    ],
    [
      'the cluster was created within the timeout',
      { clusterCreatedAt: T0 - 600_000 },
      `cluster prod was created at ${iso(T0 - 600_000)}`
    ],
    [
      'a cluster update started long ago is still in progress',
      {
        clusterVersion: {
          status: 'ACTIVE',
          update: {
            id: 'u',
            createdAt: new Date(T0 - 7_200_000),
            status: 'InProgress',
            params: [],
            errors: [],
            watched: false
          }
        }
      },
      'cluster prod is being updated'
    ],
    [
      'the cluster was updated within the timeout (no update record read)',
      {
        clusterUpdatedAt: T0 - 600_000,
        clusterVersion: {
          status: 'ACTIVE',
          update: { id: 'u', status: 'Successful', params: [], errors: [], watched: false }
        }
      },
      `cluster prod was updated at ${iso(T0 - 600_000)}`
    ],
    [
      'another node group is being created',
      {
        nodegroups: [
          gpu,
          active('workers'),
          { ...nodegroup('CREATING'), name: 'system', createdAt: undefined }
        ]
      },
      'node group system is being created'
    ],
    [
      'an add-on is being created',
      {
        addons: [
          { name: 'vpc-cni', status: 'ACTIVE', healthIssues: [], compatibility: [] },
          { name: 'coredns', status: 'CREATING', healthIssues: [], compatibility: [] }
        ]
      },
      'add-on coredns is being created'
    ]
  ])('%s, and says so', (_, extra, reason) => {
    expect(cancelled(extra as never)).toContain(`${waitingGpu} while ${reason})`)
  })

  it.each([
    ['a node group is ACTIVE', { nodegroups: [gpu, active('workers')] }],
    [
      'an add-on is ACTIVE',
      { addons: [{ name: 'vpc-cni', status: 'ACTIVE', healthIssues: [], compatibility: [] }] }
    ],
    [
      'the cluster was created exactly one timeout before the run',
      { clusterCreatedAt: T0 - 3_600_000 }
    ],
    ['the cluster was updated long ago', { clusterUpdatedAt: T0 - 7_200_000 }]
  ])('gives no reason when nothing is under way: %s', (_, extra) => {
    expect(cancelled(extra as never)).toContain(`${waitingGpu})`)
  })

  it('names no reason while the cluster itself is not there yet', () => {
    expect(cancelled({ cluster: 'missing', command: { running: true, interrupted: false } })).toBe(
      'Cancelled while watching; still pending: gpu (not created yet; waited for since ' +
        `${iso(T0 + 5_000)}).`
    )
  })

  it('says "waited for" without a time when the run never recorded one', () => {
    expect(cancelled({ nodegroups: [missing('gpu')] })).toBe(
      'Cancelled while watching; still pending: gpu (not created yet; waited for).'
    )
  })
})

describe('a near-miss name', () => {
  it('of several existing names suggests the closest, the first among equals, never the name itself', () => {
    expect(likelyMeant('workres', ['worker-x', 'workers'])).toBe('workers')
    expect(likelyMeant('workers', ['workers', 'worker', 'workerz'])).toBe('worker')
    expect(likelyMeant('workers', ['workerz', 'worker'])).toBe('workerz')
  })

  it('that differs only in case is suggested first: EKS and Auto Scaling compare names exactly', () => {
    expect(likelyMeant('Workers', ['workerz', 'workers'])).toBe('workers')
    expect(likelyMeant('GPU', ['gpu'])).toBe('gpu')
    expect(likelyMeant('gpu', ['gpu'])).toBeUndefined()
  })

  it('allows one edit up to four letters, two from five', () => {
    expect(likelyMeant('ng-1', ['ng-2'])).toBe('ng-2')
    expect(likelyMeant('ng-1', ['nx-2'])).toBeUndefined()
    expect(likelyMeant('ng-12', ['nx-22'])).toBe('nx-22')
    expect(likelyMeant('ng-12', ['nx-221'])).toBeUndefined()
  })

  it('counts inserts, deletes, substitutions and neighbour swaps anywhere in the name', () => {
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('abc', '')).toBe(3)
    expect(editDistance('xworkers', 'workers')).toBe(1)
    expect(editDistance('workers', 'xworkers')).toBe(1)
    expect(editDistance('owrkers', 'workers')).toBe(1)
    expect(editDistance('abcd', 'badc')).toBe(2)
    expect(editDistance('abcd', 'xycd')).toBe(2)
    expect(editDistance('ab', 'ba')).toBe(1)
    expect(editDistance('abc', 'bca')).toBe(2)
    expect(editDistance('aab', 'aba')).toBe(1)
    expect(editDistance('ax', 'ya')).toBe(2)
    expect(editDistance('xa', 'ay')).toBe(2)
  })

  it('fails fast for the first launcher kind only, listing each misspelt name of that kind', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [
          missing('workres', { missingPolls: 2 }),
          missing('asg-1x', { missingPolls: 2 }, true),
          missing('sytem', { missingPolls: 2 })
        ],
        existingNodegroups: ['workers', 'system'],
        existingAsgs: ['asg-1']
      })
    )
    expect(verdict).toMatchObject({
      result: 'failure',
      rootCause: 'nodegroup-not-found',
      nodegroup: 'workres',
      candidates: ['workers', 'system']
    })
    expect(verdict?.message).toBe(
      'Node group workres does not exist in cluster prod (did you mean workers?); sytem does not exist in cluster prod (did you mean system?); it has workers, system.'
    )
  })
})

describe('at the deadline, a named node group that never appeared', () => {
  it('is listed with hints and the earliest time the run waited for it', () => {
    const verdict = decideVerdict(
      observe({
        deadlineReached: true,
        clusterCreatedAt: T0 - 600_000,
        nodegroups: [
          active('workers'),
          missing('workres', { missingSince: T0 + 12_000 }),
          missing('gpu'),
          missing('sytem', { missingSince: T0 + 9_000 }),
          missing('asg-x', { missingSince: T0 + 1_000 }, true)
        ],
        existingNodegroups: ['workers', 'system']
      })
    )
    expect(verdict).toMatchObject({ result: 'failure', nodegroup: 'workres' })
    expect(verdict?.message).toBe(
      `Node group workres, gpu, sytem (workres: did you mean workers?) (sytem: did you mean system?) did not appear in cluster prod (waited for since ${iso(T0 + 9_000)}); it has workers, system.`
    )
  })

  it('of the self-managed kind says there are no self-managed groups', () => {
    const verdict = decideVerdict(
      observe({
        deadlineReached: true,
        nodegroups: [missing('asg-x', { missingSince: T0 + 1_000 }, true), missing('gpu')],
        existingNodegroups: ['workers']
      })
    )
    expect(verdict?.message).toBe(
      `Auto Scaling group asg-x did not appear in cluster prod (waited for since ${iso(T0 + 1_000)}); it has no self-managed Auto Scaling groups.`
    )
  })

  it('with no node group at all, says so', () => {
    expect(
      decideVerdict(observe({ deadlineReached: true, nodegroups: [missing('gpu')] }))?.message
    ).toBe('Node group gpu did not appear in cluster prod; it has no node groups.')
  })

  it('is a timeout, not a verdict on the name, while something else is still pending', () => {
    const verdict = decideVerdict(
      observe({
        deadlineReached: true,
        nodegroups: [gpu, { ...nodegroup('CREATING'), name: 'system' }]
      })
    )
    expect(verdict).toMatchObject({ result: 'timeout', rootCause: 'nodegroup-not-found' })
    expect(verdict?.message).toBe(
      `No verdict after 60 minutes; still pending: ${waitingGpu} while node group system is being created), system (CREATING).`
    )
  })

  it('is a timeout while the cluster could not be read', () => {
    expect(
      decideVerdict(observe({ deadlineReached: true, cluster: 'unknown', nodegroups: [gpu] }))
    ).toMatchObject({ result: 'timeout', rootCause: 'nodegroup-not-found' })
  })

  it('times out plainly when only an existing node group is still pending', () => {
    expect(
      decideVerdict(observe({ deadlineReached: true, nodegroups: [nodegroup('CREATING')] }))
    ).toMatchObject({
      result: 'timeout',
      message: 'No verdict after 60 minutes; still pending: ng (CREATING).'
    })
  })
})

describe('a node group deleted while watched', () => {
  const deleted = (extra: Partial<NodegroupState>): NodegroupState => ({
    ...nodegroup('ACTIVE', [], { firstSeenStatus: 'CREATING' }),
    name: 'old',
    named: false,
    ...extra
  })

  it('before it was seen settled fails the run: its launches were never seen to work', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [active('workers')],
        deletedNodegroups: [deleted({ status: 'CREATING', deletedAt: T0 + 90_000 })]
      })
    )
    expect(verdict).toEqual({
      result: 'failure',
      decidedAt: T0 + 120_000,
      rootCause: 'nodegroup-not-found',
      failureCode: 'ResourceNotFoundException',
      nodegroup: 'old',
      message: `Node group old was deleted while this run watched it (last seen CREATING, gone at ${iso(T0 + 90_000)}): it never became ACTIVE with its instances in service, so whether its nodes can launch with their keys was never seen.`
    })
  })

  it('never described says so', () => {
    expect(
      decideVerdict(observe({ deletedNodegroups: [deleted({ status: undefined })] }))?.message
    ).toContain('(last seen not yet described): it never became ACTIVE')
  })

  it('after it was seen settled, or already DELETING when first seen, is only said on a green run', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [active('workers')],
        deletedNodegroups: [
          deleted({ name: 'old', settledAt: T0 + 10_000 }),
          deleted({ name: 'older', firstSeenStatus: 'DELETING', status: 'DELETING' })
        ]
      })
    )
    expect(verdict).toMatchObject({
      result: 'success',
      message:
        'Every node group is ACTIVE with its instances in service: workers. Deleted while watched: old, older.'
    })
  })
})
