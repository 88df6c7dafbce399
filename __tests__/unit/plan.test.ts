/** What a run may do to a key: "may this run write?" is decided once, here. */
import { describe, expect, it, jest } from '@jest/globals'
import { KeyWork } from '../../src/guard/key-work.js'
import { mergeMissing } from '../../src/kms/merge.js'
import { planKeyAction, writeMode } from '../../src/kms/plan.js'
import { requirements } from '../../src/kms/requirements.js'
import type { KeyRecord, NodegroupState, RootCause } from '../../src/model/index.js'
import { newNodegroupState } from '../../src/model/index.js'
import { backoffDelay, jittered, retry } from '../../src/retry.js'

const deploy = { mode: 'deploy' as const, patchPolicy: true, dryRun: false }

function record(
  causes: RootCause[],
  extra: Partial<KeyRecord['facts']> = {},
  more: Partial<KeyRecord> = {}
): KeyRecord {
  const facts = {
    reference: 'k',
    found: true,
    arn: 'arn:aws:kms:us-east-1:111122223333:key/k',
    manager: 'CUSTOMER',
    grants: [],
    ...extra
  }
  return {
    id: 'k',
    facts,
    assessment: {
      facts,
      causes,
      statuses: [],
      orphans: [],
      grantCovers: false,
      crossAccount: causes.includes('kms-key-cross-account'),
      ruledOut: [],
      openQuestions: []
    },
    uses: [],
    roleArn: 'role',
    context: {
      callerAccount: '111122223333',
      region: 'us-east-1',
      autoscalingRoleArn: 'role',
      autoscalingRoleExists: true
    },
    secretsKey: false,
    ...more
  }
}

describe('writeMode', () => {
  it('only deploy writes; a deploy dry run only shows; patch-policy false writes nothing', () => {
    expect(writeMode(deploy)).toBe('write')
    expect(writeMode({ ...deploy, dryRun: true })).toBe('dry-run')
    expect(writeMode({ ...deploy, patchPolicy: false })).toBe('none')
    expect(writeMode({ ...deploy, mode: 'verify' })).toBe('none')
    expect(writeMode({ ...deploy, mode: 'verify', dryRun: true })).toBe('none')
  })
})

describe('planKeyAction', () => {
  it('patches a customer key whose only problem is the missing grant', () => {
    expect(planKeyAction(record(['kms-policy-missing-autoscaling-role']), deploy)).toBe('patch')
    expect(
      planKeyAction(record(['kms-policy-missing-autoscaling-role']), { ...deploy, mode: 'verify' })
    ).toBe('none')
  })

  it('does not patch a key that a policy write cannot save', () => {
    for (const other of [
      'kms-key-disabled',
      'kms-key-pending-deletion',
      'kms-key-unusable-spec',
      'kms-key-explicit-deny'
    ] as RootCause[])
      expect(planKeyAction(record(['kms-policy-missing-autoscaling-role', other]), deploy)).toBe(
        'none'
      )
  })

  it('does not patch AWS managed keys, keys without an ARN, or when the role does not exist', () => {
    expect(
      planKeyAction(record(['kms-policy-missing-autoscaling-role'], { manager: 'AWS' }), deploy)
    ).toBe('none')
    expect(
      planKeyAction(record(['kms-policy-missing-autoscaling-role'], { arn: undefined }), deploy)
    ).toBe('none')
    const noRole = record(['kms-policy-missing-autoscaling-role'])
    noRole.context.autoscalingRoleExists = false
    expect(planKeyAction(noRole, deploy)).toBe('none')
  })

  it('another account’s key gets a grant, never a policy write', () => {
    expect(planKeyAction(record(['kms-key-cross-account']), deploy)).toBe('grant')
    expect(planKeyAction(record(['kms-key-cross-account', 'kms-key-disabled']), deploy)).toBe(
      'none'
    )
  })

  it('an undecided grant is patched only on the evidence of KMS launch failures, and only in deploy', () => {
    const r = record([])
    r.assessment.statuses = [
      {
        requirement: { id: 'autoscaling-use' } as never,
        status: 'unknown',
        statements: [],
        reasons: []
      }
    ]
    expect(planKeyAction(r, deploy)).toBe('none')
    expect(planKeyAction(r, deploy, { kmsLaunchFailures: true })).toBe('patch-unknown')
    expect(planKeyAction(r, { ...deploy, mode: 'verify' }, { kmsLaunchFailures: true })).toBe(
      'none'
    )
    r.assessment.statuses[0].requirement = { id: 'cluster-secrets' } as never
    expect(planKeyAction(r, deploy, { kmsLaunchFailures: true })).toBe('none')
  })

  it('merging an undecided requirement adds its statement once, never a second copy', () => {
    const [use] = requirements({ autoscalingRoleArn: 'role', region: 'us-east-1', account: '1' })
    const status = { requirement: use, status: 'unknown' as const, statements: [], reasons: [] }
    const policy = { Statement: [] }
    expect(mergeMissing(policy, [status]).changed).toBe(false)
    const once = mergeMissing(policy, [status], true)
    expect(once.added.map(s => s.Sid)).toEqual(['EksKmsGuardAutoScalingUse'])
    expect(mergeMissing(once.policy, [status], true).changed).toBe(false)
  })

  it('a key with nothing missing is left alone', () => {
    expect(planKeyAction(record([]), deploy)).toBe('none')
  })

  it('a secrets key missing the cluster statement is patched', () => {
    const r = record([])
    r.assessment.statuses = [
      {
        requirement: { id: 'cluster-secrets' } as never,
        status: 'missing',
        statements: [],
        reasons: []
      }
    ]
    expect(planKeyAction(r, deploy)).toBe('patch')
  })
})

describe('retry', () => {
  it('jitters within ±10 % and backs off exponentially up to the cap', () => {
    expect(jittered(1000, () => 0)).toBe(900)
    expect(jittered(1000, () => 1)).toBe(1100)
    const options = { baseMs: 2000, maxMs: 30_000, random: () => 0.5 }
    expect([1, 2, 3, 4, 5].map(a => backoffDelay(a, options))).toEqual([
      2000, 4000, 8000, 16000, 30000
    ])
  })

  it('retries only what may succeed, as often as allowed', async () => {
    const sleep = jest.fn(async () => {})
    let calls = 0
    const flaky = () =>
      ++calls < 3 ? Promise.reject(new Error('invalid principals')) : Promise.resolve('ok')
    await expect(
      retry(flaky, { attempts: 5, baseMs: 10, maxMs: 100, shouldRetry: () => true, sleep })
    ).resolves.toBe('ok')
    expect(calls).toBe(3)
    expect(sleep).toHaveBeenCalledTimes(2)
    calls = 0
    await expect(
      retry(flaky, { attempts: 2, baseMs: 10, maxMs: 100, shouldRetry: () => true, sleep })
    ).rejects.toThrow('invalid principals')
    calls = 0
    await expect(
      retry(flaky, { attempts: 5, baseMs: 10, maxMs: 100, shouldRetry: () => false, sleep })
    ).rejects.toThrow()
    expect(calls).toBe(1)
  })
})

describe('KeyWork', () => {
  const state = (version: string): NodegroupState => ({
    ...newNodegroupState('ng', false),
    exists: true,
    launchTemplate: { id: 'lt-1', version }
  })

  it('runs a node group’s key work once per launch configuration, in order, without blocking', async () => {
    const seen: string[] = []
    let release!: () => void
    const gate = new Promise<void>(resolve => (release = resolve))
    const work = new KeyWork(async s => {
      seen.push(s.launchTemplate!.version!)
      await gate
    })
    work.schedule([state('1')])
    work.schedule([state('1')])
    expect(work.pending()).toEqual(['ng'])
    work.schedule([state('2')])
    release()
    await work.settled()
    expect(seen).toEqual(['1', '2'])
    expect(work.pending()).toEqual([])
  })

  it('throttled work is pending until it is done again at the next poll; the run goes on', async () => {
    let calls = 0
    const work = new KeyWork(
      async () => {
        if (++calls === 1) throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' })
      },
      error => (error as Error).name === 'Throttling'
    )
    work.schedule([state('1')])
    await work.settled()
    expect(work.error()).toBeUndefined()
    expect(work.pending()).toEqual(['ng'])
    work.schedule([state('1')])
    await work.settled()
    expect(calls).toBe(2)
    expect(work.pending()).toEqual([])
  })

  it('keeps the first error and schedules nothing after it', async () => {
    const check = jest.fn(async () => {
      throw new Error('denied')
    })
    const work = new KeyWork(check)
    work.schedule([state('1')])
    await work.settled()
    expect((work.error() as Error).message).toBe('denied')
    work.schedule([state('2')])
    expect(check).toHaveBeenCalledTimes(1)
  })
})
