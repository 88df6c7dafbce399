/**
 * Edges of the verdict and of the write plan, as a user meets them: which cause a KMS launch
 * failure gets when no key check names one, when a key given in kms-key-ids fails a green run,
 * what a green or timed-out run lists, and what this run does to a key (patch, grant, nothing).
 */
import { describe, expect, it } from '@jest/globals'
import { mergeMissing } from '../../src/kms/merge.js'
import { planKeyAction } from '../../src/kms/plan.js'
import { requirements } from '../../src/kms/requirements.js'
import {
  newNodegroupState,
  type KeyRecord,
  type NodegroupState,
  type RequirementStatus,
  type RootCause
} from '../../src/model/index.js'
import { decideVerdict } from '../../src/verdict/decide.js'
import {
  activity,
  CAPACITY,
  key,
  KMS,
  nodegroup,
  observe,
  T0
} from '../support/verdict-fixtures.js'

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/k1'
const settled = (name: string, extra: Partial<NodegroupState> = {}) => ({
  ...nodegroup('ACTIVE', [], { firstSeenStatus: 'ACTIVE' }),
  name,
  ...extra
})
const kmsFailing = (extra: Partial<NodegroupState> = {}) =>
  nodegroup('CREATING', [activity(KMS, 90_000)], extra)

describe('a KMS launch failure no key check names a cause for', () => {
  const foreignKey = (grantsUnknown: boolean) => {
    const record = key([])
    return {
      ...record,
      facts: { ...record.facts, grantsUnknown },
      assessment: { ...record.assessment, crossAccount: true }
    }
  }

  it('on another account’s key whose grants are hidden is that key’s cross-account access', () => {
    const verdict = decideVerdict(
      observe({ nodegroups: [kmsFailing()], keys: [key([], { id: 'other' }), foreignKey(true)] })
    )
    expect(verdict).toMatchObject({ rootCause: 'kms-key-cross-account', keyId: KEY })
  })

  it('on another account’s key with a grant seen is not blamed on the grant', () => {
    const verdict = decideVerdict(
      observe({ nodegroups: [kmsFailing()], keys: [foreignKey(false)] })
    )
    expect(verdict).toMatchObject({ result: 'failure', rootCause: 'unknown' })
  })

  it('on a node group already CREATE_FAILED whose key is usable now, is the failed creation', () => {
    const failed = kmsFailing({ status: 'CREATE_FAILED' })
    expect(decideVerdict(observe({ nodegroups: [failed], keys: [key([])] }))).toMatchObject({
      rootCause: 'nodegroup-create-failed',
      keyId: KEY
    })
    expect(decideVerdict(observe({ nodegroups: [failed] }))).toMatchObject({
      result: 'failure',
      rootCause: 'unknown'
    })
  })
  it('after this run’s grant on another account’s key had propagated is still that key’s access', () => {
    const granted = key([], { patchedAt: T0 + 10_000 })
    granted.assessment = { ...granted.assessment, crossAccount: true }
    expect(decideVerdict(observe({ nodegroups: [kmsFailing()], keys: [granted] }))).toMatchObject({
      rootCause: 'kms-key-cross-account',
      keyId: KEY
    })
  })

  it('with an AMI whose snapshot key cannot be read, names that AMI as the likely cause', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [kmsFailing()],
        unreadableImages: [{ imageId: 'ami-1', snapshots: ['snap-1'], reason: 'AccessDenied' }]
      })
    )
    expect(verdict?.message).toContain(
      '(AMI ami-1 has encrypted snapshots whose key this account cannot read; that key is the likely cause).'
    )
  })

  it('on a key this account could not read is not blamed on the node group’s failed creation', () => {
    const unread = key([], { id: KEY })
    unread.facts = { ...unread.facts, found: false }
    unread.assessment = { ...unread.assessment, openQuestions: ['DescribeKey was refused'] }
    const failed = kmsFailing({ status: 'CREATE_FAILED' })
    expect(decideVerdict(observe({ nodegroups: [failed], keys: [unread] }))).toMatchObject({
      result: 'failure',
      rootCause: 'unknown'
    })
  })

  it('is not explained by another node group’s failed creation', () => {
    const other = { ...nodegroup('CREATE_FAILED'), name: 'old' }
    const verdict = decideVerdict(
      observe({ nodegroups: [other, kmsFailing()], keys: [key([])], keyWorkPending: ['old'] })
    )
    expect(verdict).toMatchObject({ nodegroup: 'ng', rootCause: 'unknown' })
  })

  it('during an update that failed, with the key usable now, is the failed update', () => {
    const updating = nodegroup('ACTIVE', [activity(KMS, 90_000)], {
      firstSeenStatus: 'ACTIVE',
      updates: [
        {
          id: 'u-1',
          type: 'VersionUpdate',
          status: 'Failed',
          createdAt: new Date(T0 + 30_000),
          params: [],
          errors: [],
          watched: true
        }
      ]
    })
    expect(decideVerdict(observe({ nodegroups: [updating], keys: [key([])] }))).toMatchObject({
      rootCause: 'nodegroup-update-failed',
      keyId: KEY,
      operation: 'update'
    })
    const succeeded = { ...updating, updates: [{ ...updating.updates[0], status: 'Successful' }] }
    expect(decideVerdict(observe({ nodegroups: [succeeded], keys: [key([])] }))).toMatchObject({
      rootCause: 'unknown',
      operation: 'update'
    })
  })
})

describe('launches failing for lack of capacity', () => {
  it('fail the run after twelve in a row since the last success, in whatever order they were read', () => {
    const failures = Array.from({ length: 12 }, (_, i) => activity(CAPACITY, 200_000 + i * 10_000))
    const newestFirst = [
      ...failures.reverse(),
      activity('Launched', 150_000, 'Successful'),
      activity(CAPACITY, 100_000)
    ]
    const o = observe({ now: T0 + 400_000, nodegroups: [nodegroup('CREATING', newestFirst)] })
    expect(decideVerdict(o)).toMatchObject({
      result: 'failure',
      rootCause: 'capacity-unavailable'
    })
    expect(decideVerdict(o)?.message).toContain('12 launches in a row failed this way')
  })
})

describe('a failure on a self-managed Auto Scaling group', () => {
  it('is marked self-managed, and a node group’s failure beside one is not', () => {
    const asg = kmsFailing({ name: 'asg-a', selfManaged: true })
    const mixed = decideVerdict(
      observe({ nodegroups: [asg, settled('workers')], keys: [key(['kms-key-disabled'])] })
    )
    expect(mixed).toMatchObject({ nodegroup: 'asg-a', selfManaged: true })
    expect(mixed?.message).toMatch(/^Auto Scaling group asg-a: launch cancelled/)
    const managed = decideVerdict(
      observe({
        nodegroups: [kmsFailing(), settled('asg-b', { selfManaged: true })],
        keys: [key(['kms-key-disabled'])]
      })
    )
    expect(managed).toMatchObject({ nodegroup: 'ng', rootCause: 'kms-key-disabled' })
    expect(managed).not.toHaveProperty('selfManaged')
  })
})

describe('a broken key given in kms-key-ids', () => {
  const inputKey = key(['kms-key-disabled'], {
    uses: [{ nodegroup: '(input)', reference: KEY, source: 'input', why: 'kms-key-ids' }]
  })
  const karpenter = {
    launcher: 'karpenter' as const,
    foundBy: 'test',
    nodePools: [],
    keySources: [],
    keyIds: [],
    pending: false,
    running: 0
  }

  it('fails a settled run that has node groups, or no other launcher', () => {
    const withNodegroups = decideVerdict(
      observe({ nodegroups: [settled('workers')], keys: [inputKey], launchers: [karpenter] })
    )
    expect(withNodegroups).toMatchObject({ result: 'failure', rootCause: 'kms-key-disabled' })
    expect(withNodegroups?.message).toBe(`Key ${KEY} would fail the next launch: kms-key-disabled.`)
    expect(decideVerdict(observe({ keys: [inputKey] }))?.rootCause).toBe('kms-key-disabled')
  })

  it('says nothing of Auto Scaling when Karpenter launches every node', () => {
    expect(decideVerdict(observe({ keys: [inputKey], launchers: [karpenter] }))?.result).toBe(
      'success'
    )
  })
})

describe('what a green run lists', () => {
  it('managed node groups ACTIVE, self-managed groups in service, each in its own sentence', () => {
    const message = (nodegroups: NodegroupState[]) =>
      decideVerdict(observe({ nodegroups }))?.message
    expect(message([settled('workers'), settled('asg-a', { selfManaged: true })])).toBe(
      'Every node group is ACTIVE with its instances in service: workers. Instances in service as desired in Auto Scaling group asg-a.'
    )
    expect(message([settled('asg-a', { selfManaged: true })])).toBe(
      'Instances in service as desired in Auto Scaling group asg-a.'
    )
  })
})

describe('what a cancelled or timed-out run still waits for', () => {
  it('a self-managed group short of instances says so', () => {
    const short = { ...nodegroup('CREATING'), name: 'asg-a', selfManaged: true }
    expect(decideVerdict(observe({ nodegroups: [short], cancelled: true }))?.message).toBe(
      'Cancelled while watching; still pending: Auto Scaling group asg-a (instances not all in service).'
    )
  })

  it.each([
    ['the deploy command still runs', { command: { running: true, interrupted: false } }],
    ['the key checks still run', { keyWorkPending: ['gpu'] }]
  ])('a named node group that never appeared is a timeout, not a verdict, while %s', (_, extra) => {
    const gpu = { ...newNodegroupState('gpu', true), missingPolls: 3 }
    const verdict = decideVerdict(observe({ nodegroups: [gpu], deadlineReached: true, ...extra }))
    expect(verdict).toMatchObject({ result: 'timeout', rootCause: 'nodegroup-not-found' })
  })
})

describe('an add-on DEGRADED', () => {
  const coredns = (extra: object = {}) => ({
    name: 'coredns',
    status: 'DEGRADED',
    healthIssues: [],
    compatibility: [],
    ...extra
  })

  it('while no node is in service waits for the nodes', () => {
    const o = observe({ nodegroups: [nodegroup('CREATING')], addons: [coredns()] })
    expect(decideVerdict(o)).toBeUndefined()
  })

  it('for eight polls with nodes in service fails on its own', () => {
    const o = observe({
      nodegroups: [settled('workers')],
      addons: [coredns({ degradedWithNodesSince: T0 })],
      pollIntervalMs: 15_000
    })
    expect(decideVerdict(o)).toMatchObject({ result: 'failure', rootCause: 'addon-degraded' })
    expect(
      decideVerdict({ ...o, addons: [coredns({ degradedWithNodesSince: T0 + 1_000 })] })
    ).toBeUndefined()
  })
})

describe('what this run does to a key', () => {
  const deploy = { mode: 'deploy' as const, patchPolicy: true, dryRun: false }
  const failing = { kmsLaunchFailures: true }

  function record(
    causes: RootCause[],
    statuses: [RequirementStatus['requirement']['id'], RequirementStatus['status']][] = [],
    facts: Partial<KeyRecord['facts']> = {},
    more: Partial<KeyRecord> = {}
  ): KeyRecord {
    const base = key(causes, { id: KEY, ...more })
    const allFacts = { ...base.facts, manager: 'CUSTOMER', ...facts }
    return {
      ...base,
      ...more,
      facts: allFacts,
      assessment: {
        ...base.assessment,
        facts: allFacts,
        causes,
        crossAccount: causes.includes('kms-key-cross-account') || facts.grantsUnknown === true,
        statuses: statuses.map(([id, status]) => ({
          requirement: { id } as never,
          status,
          statements: [],
          reasons: []
        }))
      }
    }
  }

  it('patches an undecided policy on launch failures only when nothing else is wrong with the key', () => {
    const undecided: [RequirementStatus['requirement']['id'], RequirementStatus['status']][] = [
      ['autoscaling-grants', 'granted'],
      ['autoscaling-use', 'unknown']
    ]
    expect(planKeyAction(record([], undecided), deploy, failing)).toBe('patch-unknown')
    expect(planKeyAction(record(['kms-key-disabled'], undecided), deploy, failing)).toBe('none')
    expect(planKeyAction(record([], [['autoscaling-use', 'granted']]), deploy, failing)).toBe(
      'none'
    )
    expect(planKeyAction(record([], undecided), deploy)).toBe('none')
    // Launch failures say nothing of the cluster role's statement.
    expect(planKeyAction(record([], [['cluster-secrets', 'unknown']]), deploy, failing)).toBe(
      'none'
    )
  })

  it('acting on launch failures, writes the Auto Scaling statements, not the cluster role’s', () => {
    const needed = requirements({
      autoscalingRoleArn: 'arn:aws:iam::111122223333:role/asg',
      clusterRoleArn: 'arn:aws:iam::111122223333:role/cluster',
      region: 'us-east-1',
      account: '111122223333'
    })
    const undecided = needed.map(requirement => ({
      requirement,
      status: 'unknown' as const,
      statements: [],
      reasons: []
    }))
    expect(needed.map(r => r.id)).toContain('cluster-secrets')
    const merged = mergeMissing({ Statement: [] }, undecided, true)
    expect(merged.added.map(s => s.Sid)).toEqual(
      needed.filter(r => r.id !== 'cluster-secrets').map(r => r.statement.Sid)
    )
  })

  it('adds the Auto Scaling statements only when they are all that is missing', () => {
    expect(planKeyAction(record(['kms-policy-missing-autoscaling-role']), deploy)).toBe('patch')
    // A disabled key gains nothing from a policy write.
    expect(
      planKeyAction(record(['kms-policy-missing-autoscaling-role', 'kms-key-disabled']), deploy)
    ).toBe('none')
    expect(
      planKeyAction(
        record(
          [],
          [
            ['autoscaling-use', 'missing'],
            ['cluster-secrets', 'granted']
          ]
        ),
        deploy
      )
    ).toBe('none')
  })

  describe('on another account’s key', () => {
    const foreign = (facts: Partial<KeyRecord['facts']> = {}, more: Partial<KeyRecord> = {}) =>
      record(['kms-key-cross-account'], [], { account: '444455556666', ...facts }, more)

    it('creates a grant when none is seen, or when the owner hides the grants', () => {
      expect(planKeyAction(foreign(), deploy)).toBe('grant')
      expect(
        planKeyAction(
          record([], [], { grantsUnknown: true, ownerRefused: ['kms:ListGrants'] }),
          deploy
        )
      ).toBe('grant')
    })

    it('does nothing once a grant covers the role, or this run already made one', () => {
      const covered = record([], [], { account: '444455556666' })
      covered.assessment.crossAccount = true
      expect(planKeyAction(covered, deploy)).toBe('none')
      expect(planKeyAction(foreign({}, { grant: { id: 'g', name: 'n' } }), deploy)).toBe('none')
    })

    it('does nothing when the key is not there or its ARN is not known', () => {
      expect(planKeyAction(foreign({ found: false }), deploy)).toBe('none')
      expect(planKeyAction(foreign({ arn: undefined }), deploy)).toBe('none')
    })

    it('leaves it to the owner when the owner’s policy refuses DescribeKey or CreateGrant', () => {
      expect(planKeyAction(foreign({ ownerRefused: ['kms:DescribeKey'] }), deploy)).toBe('none')
      expect(planKeyAction(foreign({ ownerRefused: ['kms:CreateGrant'] }), deploy)).toBe('none')
    })
  })
})
