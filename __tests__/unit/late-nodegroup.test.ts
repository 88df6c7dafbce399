/** The late-node-group rule: wait while a deployment is under way; fail fast only on a typo. */
import { describe, expect, it } from '@jest/globals'
import { newNodegroupState } from '../../src/model/index.js'
import { decideVerdict } from '../../src/verdict/decide.js'
import { deploymentUnderWay, editDistance, likelyMeant } from '../../src/verdict/late.js'
import { nodegroup, observe, T0 } from '../support/verdict-fixtures.js'

const typo = { ...newNodegroupState('workres', true), missingPolls: 2 }
const existingNodegroups = ['workers', 'system']

describe('a named node group that does not exist yet', () => {
  it('fails fast as a typo on a cluster where nothing is under way', () => {
    const verdict = decideVerdict(observe({ nodegroups: [typo], existingNodegroups }))
    expect(verdict).toMatchObject({ result: 'failure', rootCause: 'nodegroup-not-found' })
    expect(verdict?.message).toContain('did you mean workers?')
  })

  it.each([
    ['the cluster was created within the timeout', { clusterCreatedAt: T0 - 5 * 60_000 }],
    ['the cluster is CREATING', { clusterVersion: { status: 'CREATING' } }],
    ['the cluster is UPDATING', { clusterVersion: { status: 'UPDATING' } }],
    ['the deploy command runs', { command: { running: true, interrupted: false } }],
    [
      'another node group is being created',
      { nodegroups: [typo, { ...nodegroup('CREATING'), name: 'system' }] }
    ],
    [
      'an add-on is being created',
      { addons: [{ name: 'coredns', status: 'CREATING', healthIssues: [], compatibility: [] }] }
    ],
    [
      'the cluster was updated within the timeout',
      {
        clusterVersion: {
          status: 'ACTIVE',
          update: {
            id: 'u',
            createdAt: new Date(T0 - 10 * 60_000),
            status: 'Successful',
            params: [],
            errors: [],
            watched: false
          }
        }
      }
    ]
  ])('is waited for while %s', (_, extra) => {
    const o = observe({ nodegroups: [typo], existingNodegroups, ...extra } as never)
    expect(deploymentUnderWay(o)).toBeDefined()
    expect(decideVerdict(o)).toBeUndefined()
  })

  it('a cluster created before the timeout window says nothing is under way', () => {
    const o = observe({
      nodegroups: [typo],
      existingNodegroups,
      clusterCreatedAt: T0 - 61 * 60_000
    })
    expect(deploymentUnderWay(o)).toBeUndefined()
    expect(decideVerdict(o)?.rootCause).toBe('nodegroup-not-found')
  })

  it('a name that is no near miss is waited for until the deadline, then listed with what exists', () => {
    const other = { ...newNodegroupState('gpu', true), missingPolls: 9, missingSince: T0 + 1_000 }
    expect(decideVerdict(observe({ nodegroups: [other], existingNodegroups }))).toBeUndefined()
    const verdict = decideVerdict(
      observe({ nodegroups: [other], existingNodegroups, deadlineReached: true })
    )
    expect(verdict).toMatchObject({ result: 'failure', rootCause: 'nodegroup-not-found' })
    expect(verdict?.message).toBe(
      `Node group gpu did not appear in cluster prod (waited for since ${new Date(T0 + 1_000).toISOString()}); it has workers, system.`
    )
  })

  it('near misses: one or two edits, a swap counts as one, short names allow one', () => {
    expect(editDistance('wrokers', 'workers')).toBe(1)
    expect(editDistance('Workers', 'workers')).toBe(0)
    expect(likelyMeant('node-group-synthar3e', ['node-group-synthar3eg'])).toBe(
      'node-group-synthar3eg'
    )
    expect(likelyMeant('gpu-workers', existingNodegroups)).toBeUndefined()
    expect(likelyMeant('ng-9', ['ng-1'])).toBe('ng-1')
    expect(likelyMeant('ng', ['abc'])).toBeUndefined()
  })
})
