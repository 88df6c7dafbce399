/**
 * The one verdict, rule by rule: what a user reads in `result`, `root-cause` and `failure-code`
 * for each situation the watch can observe. Pure data in, so every rule is tested where it is written.
 */
import { describe, expect, it } from '@jest/globals'
import { isSettled, newNodegroupState, type RootCause } from '../../src/model/index.js'
import { decideVerdict, keyCause } from '../../src/verdict/decide.js'
import { historyReason, kmsFatalFrom, transientRuns } from '../../src/verdict/history.js'
import { classifyMessage } from '../../src/model/index.js'
import {
  activity,
  CAPACITY,
  key,
  KMS,
  nodegroup,
  observe,
  OLD_KMS,
  T0
} from '../support/verdict-fixtures.js'

describe('launch failures', () => {
  it('a KMS launch failure names the key’s own cause, not a generic one', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [nodegroup('CREATING', [activity(KMS, 10_000)])],
        keys: [key(['kms-policy-missing-autoscaling-role'])]
      })
    )
    expect(verdict).toMatchObject({
      result: 'failure',
      rootCause: 'kms-policy-missing-autoscaling-role',
      failureCode: 'Client.InvalidKMSKey.InvalidState',
      nodegroup: 'ng',
      keyId: 'arn:aws:kms:us-east-1:111122223333:key/k1'
    })
    expect(verdict?.message).toContain('launch cancelled')
  })

  it('the older wording of the incident is just as fatal', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [nodegroup('CREATING', [activity(OLD_KMS, 10_000, 'Failed')])],
        keys: [key(['kms-policy-missing-autoscaling-role'])]
      })
    )
    expect(verdict).toMatchObject({
      rootCause: 'kms-policy-missing-autoscaling-role',
      failureCode: 'Client.InternalError'
    })
  })

  it('EC2’s "inaccessible AWS KMS key" wording (Auto Mode, Karpenter) is a fatal KMS failure', () => {
    const message =
      'Instance failed to launch: One or more of the attached Amazon EBS volumes are encrypted with an inaccessible AWS KMS key.'
    expect(classifyMessage(message)).toMatchObject({
      pattern: { id: 'kms-inaccessible-key', kind: 'fatal' },
      code: 'InaccessibleKMSKey'
    })
    const verdict = decideVerdict(
      observe({
        nodegroups: [nodegroup('CREATING', [activity(message, 10_000, 'Failed')])],
        keys: [key(['kms-policy-missing-autoscaling-role'])]
      })
    )
    expect(verdict?.rootCause).toBe('kms-policy-missing-autoscaling-role')
  })

  it('of two causes on one key, the one to fix first wins (pending deletion before the grant)', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [nodegroup('CREATING', [activity(KMS, 10_000)])],
        keys: [key(['kms-policy-missing-autoscaling-role', 'kms-key-pending-deletion'])]
      })
    )
    expect(verdict?.rootCause).toBe('kms-key-pending-deletion')
  })

  it('with a cause already known, a read-only run decides while re-checks run; a writing run waits', () => {
    const observation = observe({
      nodegroups: [nodegroup('CREATING', [activity(KMS, 10_000)])],
      keys: [key(['kms-policy-missing-autoscaling-role'])],
      keyWorkPending: ['ng']
    })
    expect(decideVerdict(observation)?.rootCause).toBe('kms-policy-missing-autoscaling-role')
    expect(decideVerdict({ ...observation, keyWorkMayWrite: true })).toBeUndefined()
  })

  it('waits a poll while the key checks for that node group are still running', () => {
    const observation = observe({
      nodegroups: [nodegroup('CREATING', [activity(KMS, 10_000)])],
      keyWorkPending: ['ng']
    })
    expect(decideVerdict(observation)).toBeUndefined()
  })

  it('a KMS failure no key check explains is unknown, not a guess', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [nodegroup('CREATING', [activity(KMS, 10_000)])],
        keys: [key([], { assessment: { ...key([]).assessment, openQuestions: ['?'] } })]
      })
    )
    expect(verdict?.rootCause).toBe('unknown')
  })

  it('a launch template error is fatal with its own cause', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [
          nodegroup('CREATING', [
            activity("The image ID 'ami-0123' does not exist", 10_000, 'Failed')
          ])
        ]
      })
    )
    expect(verdict).toMatchObject({
      rootCause: 'launch-template-invalid',
      failureCode: 'InvalidAMIID.NotFound'
    })
  })
})

describe('history: failures that must not decide', () => {
  it('a failure from before the operation being watched is history (a minute of slack)', () => {
    const state = nodegroup('CREATING', [activity(KMS, -60_000 - 61_000)])
    const o = observe({ nodegroups: [state], keys: [key(['kms-policy-missing-autoscaling-role'])] })
    expect(decideVerdict(o)).toBeUndefined()
    expect(historyReason(o, state, [...state.activities.values()][0])).toMatch(
      /before the node group operation/
    )
    const within = nodegroup('CREATING', [activity(KMS, -60_000 - 59_000)])
    expect(decideVerdict({ ...o, nodegroups: [within] })?.rootCause).toBe(
      'kms-policy-missing-autoscaling-role'
    )
  })

  it('failures before this run’s patch plus the grace are history; after it they decide', () => {
    const patched = key([], { patchedAt: T0 + 30_000 })
    expect(kmsFatalFrom(observe({ keys: [patched] }), 'ng')).toBe(T0 + 90_000)
    const early = observe({
      nodegroups: [nodegroup('CREATING', [activity(KMS, 89_000)])],
      keys: [patched]
    })
    expect(decideVerdict(early)).toBeUndefined()
    const late = observe({
      nodegroups: [nodegroup('CREATING', [activity(KMS, 90_000)])],
      keys: [patched]
    })
    // Fixed in this run and still failing after the grace: the grant is what it was about.
    expect(decideVerdict(late)).toMatchObject({
      rootCause: 'kms-policy-missing-autoscaling-role',
      keyId: patched.id
    })
  })

  it('when every key check passes, KMS failures within the grace after the start are history', () => {
    const o = observe({ keys: [key([])] })
    expect(kmsFatalFrom(o, 'ng')).toBe(T0 + 60_000)
    expect(kmsFatalFrom(observe({ keys: [key(['kms-key-disabled'])] }), 'ng')).toBeUndefined()
  })

  it('a KMS failure before the run counts only while the key still shows a problem', () => {
    const before = (causes: RootCause[]) =>
      decideVerdict(
        observe({
          nodegroups: [nodegroup('CREATING', [activity(KMS, -30_000)])],
          keys: [key(causes, { assessment: { ...key(causes).assessment, openQuestions: ['?'] } })]
        })
      )
    expect(before([])).toBeUndefined()
    expect(before(['kms-key-disabled'])?.rootCause).toBe('kms-key-disabled')
  })
})

describe('transient failures', () => {
  const capacity = (n: number, start = 10_000) =>
    Array.from({ length: n }, (_, i) => activity(CAPACITY, start + i * 1000, 'Failed'))

  it('capacity errors fail the run only at the threshold (12 in a row)', () => {
    expect(
      decideVerdict(observe({ nodegroups: [nodegroup('CREATING', capacity(11))] }))
    ).toBeUndefined()
    const verdict = decideVerdict(observe({ nodegroups: [nodegroup('CREATING', capacity(12))] }))
    expect(verdict).toMatchObject({
      rootCause: 'capacity-unavailable',
      failureCode: 'InsufficientInstanceCapacity'
    })
    expect(verdict?.message).toContain('12 launches in a row failed this way')
  })

  it('a successful launch starts the count again', () => {
    const list = [...capacity(6), activity('ok', 20_000, 'Successful'), ...capacity(6, 30_000)]
    const state = nodegroup('CREATING', list)
    expect(transientRuns(observe(), state)[0].count).toBe(6)
    expect(decideVerdict(observe({ nodegroups: [state] }))).toBeUndefined()
  })

  it('counts each Auto Scaling group on its own', () => {
    const list = [
      ...capacity(6),
      ...Array.from({ length: 6 }, (_, i) => activity(CAPACITY, 50_000 + i, 'Failed', 'asg-2'))
    ]
    expect(decideVerdict(observe({ nodegroups: [nodegroup('CREATING', list)] }))).toBeUndefined()
  })

  it('unrecognised Failed activities fail the run after three, as unknown', () => {
    const odd = (i: number) => {
      const a = activity('Something new went wrong', 10_000 + i * 1000, 'Failed')
      return {
        ...a,
        pattern: {
          ...classifyMessage('x')?.pattern,
          id: 'unrecognised',
          pattern: /.*/,
          kind: 'transient' as const,
          threshold: 3,
          rootCause: 'unknown' as const,
          remedy: ''
        },
        code: 'Unrecognised'
      }
    }
    expect(
      decideVerdict(observe({ nodegroups: [nodegroup('CREATING', [odd(1), odd(2)])] }))
    ).toBeUndefined()
    expect(
      decideVerdict(observe({ nodegroups: [nodegroup('CREATING', [odd(1), odd(2), odd(3)])] }))
        ?.rootCause
    ).toBe('unknown')
  })
})

describe('node group health and terminal states', () => {
  it('a node group already CREATE_FAILED when first seen is reported as such, with the key’s cause', () => {
    const state = nodegroup('CREATE_FAILED', [], {
      firstSeenStatus: 'CREATE_FAILED',
      healthIssues: [{ code: 'AsgInstanceLaunchFailures', message: KMS, resourceIds: ['asg-1'] }]
    })
    const verdict = decideVerdict(
      observe({ nodegroups: [state], keys: [key(['kms-policy-missing-autoscaling-role'])] })
    )
    expect(verdict).toMatchObject({
      result: 'failure',
      rootCause: 'kms-policy-missing-autoscaling-role',
      alreadyFailed: 'CREATE_FAILED',
      failureCode: 'Client.InvalidKMSKey.InvalidState'
    })
  })

  it('a CREATE_FAILED this run saw happen is not "already failed"', () => {
    const state = nodegroup('CREATE_FAILED', [])
    const verdict = decideVerdict(observe({ nodegroups: [state] }))
    expect(verdict).toMatchObject({
      rootCause: 'nodegroup-create-failed',
      failureCode: 'CREATE_FAILED'
    })
    expect(verdict?.alreadyFailed).toBeUndefined()
  })

  it('a DEGRADED group whose key was just fixed gets the grace; after it, it fails', () => {
    const fixed = key([], { patchedAt: T0 + 60_000 })
    const degraded = nodegroup('DEGRADED', [], {
      healthIssues: [{ code: 'AsgInstanceLaunchFailures', message: KMS }]
    })
    expect(
      decideVerdict(observe({ now: T0 + 100_000, nodegroups: [degraded], keys: [fixed] }))
    ).toBeUndefined()
    expect(
      decideVerdict(observe({ now: T0 + 130_000, nodegroups: [degraded], keys: [fixed] }))?.result
    ).toBe('failure')
  })

  it('health issue codes map to their causes', () => {
    const state = nodegroup('DEGRADED', [], {
      healthIssues: [{ code: 'Ec2SubnetNotFound', message: 'subnet-1 does not exist' }]
    })
    expect(decideVerdict(observe({ nodegroups: [state] }))?.rootCause).toBe(
      'launch-template-invalid'
    )
  })

  it('an ACTIVE node group with health issues is a failure', () => {
    const state = nodegroup('ACTIVE', [], {
      healthIssues: [{ code: 'InstanceLimitExceeded', message: 'limit' }]
    })
    expect(decideVerdict(observe({ nodegroups: [state] }))?.rootCause).toBe(
      'instance-quota-exceeded'
    )
  })
})

describe('names, the cluster and the command', () => {
  it('a cluster that does not exist is a failure in every mode', () => {
    expect(decideVerdict(observe({ cluster: 'missing' }))).toMatchObject({
      result: 'failure',
      rootCause: 'cluster-not-found'
    })
  })

  it('while the deploy command runs, a cluster that does not exist yet is waited for', () => {
    const running = { running: true, interrupted: false }
    expect(decideVerdict(observe({ cluster: 'missing', command: running }))).toBeUndefined()
    const done = { running: false, interrupted: false, exit: { code: 0, signal: null } }
    expect(decideVerdict(observe({ cluster: 'missing', command: done }))?.rootCause).toBe(
      'cluster-not-found'
    )
  })

  it('a misspelt node group fails after two polls, listing the node groups that exist', () => {
    const missing = (polls: number) => ({
      ...newNodegroupState('ng-3', true),
      missingPolls: polls
    })
    expect(
      decideVerdict(observe({ nodegroups: [missing(1)], existingNodegroups: ['ng-2'] }))
    ).toBeUndefined()
    const verdict = decideVerdict(
      observe({ nodegroups: [missing(2)], existingNodegroups: ['ng', 'ng-2'] })
    )
    expect(verdict).toMatchObject({ rootCause: 'nodegroup-not-found', candidates: ['ng', 'ng-2'] })
    expect(verdict?.message).toContain('(did you mean ng-2?)')
    expect(verdict?.message).toContain('ng, ng-2')
    expect(
      decideVerdict(
        observe({ nodegroups: [missing(5)], command: { running: true, interrupted: false } })
      )
    ).toBeUndefined()
  })

  it('a command that fails on its own is the verdict; one we interrupted is not', () => {
    const failed = { running: false, interrupted: false, exit: { code: 2, signal: null } }
    expect(
      decideVerdict(observe({ nodegroups: [nodegroup('CREATING')], command: failed }))
    ).toMatchObject({
      rootCause: 'command-failed',
      failureCode: 'exit code 2'
    })
    const killed = { running: false, interrupted: false, exit: { code: null, signal: 'SIGKILL' } }
    expect(decideVerdict(observe({ command: killed }))?.failureCode).toBe('signal SIGKILL')
    const ours = { running: false, interrupted: true, exit: { code: 130, signal: null } }
    expect(
      decideVerdict(observe({ nodegroups: [nodegroup('CREATING')], command: ours }))
    ).toBeUndefined()
  })

  it('a launch failure explains more than the command’s exit, so it wins', () => {
    const failed = { running: false, interrupted: false, exit: { code: 1, signal: null } }
    const verdict = decideVerdict(
      observe({
        nodegroups: [nodegroup('CREATING', [activity(KMS, 10_000)])],
        keys: [key(['kms-key-disabled'])],
        command: failed
      })
    )
    expect(verdict?.rootCause).toBe('kms-key-disabled')
  })
})

describe('success, and what must come before it', () => {
  const active = () => nodegroup('ACTIVE')

  it('every node group ACTIVE with its instances in service is success, with no root cause', () => {
    expect(isSettled(active())).toBe(true)
    const verdict = decideVerdict(observe({ nodegroups: [active()], keys: [key([])] }))
    expect(verdict).toMatchObject({ result: 'success' })
    expect(verdict?.rootCause).toBeUndefined()
  })

  it('instances still pending are not success', () => {
    const pending = nodegroup('ACTIVE')
    pending.asgs.get('asg-1')!.Instances![1].LifecycleState = 'Pending'
    expect(isSettled(pending)).toBe(false)
    expect(decideVerdict(observe({ nodegroups: [pending] }))).toBeUndefined()
  })

  it('a settled node group whose key would fail the next launch is a failure', () => {
    const verdict = decideVerdict(
      observe({ nodegroups: [active()], keys: [key(['kms-key-disabled'])] })
    )
    expect(verdict).toMatchObject({
      result: 'failure',
      rootCause: 'kms-key-disabled',
      nodegroup: 'ng'
    })
  })

  it('a broken key named in kms-key-ids fails even with no node group', () => {
    const input = key(['kms-key-pending-deletion'], {
      uses: [{ nodegroup: '(input)', reference: 'alias/x', source: 'input', why: 'input' }]
    })
    expect(decideVerdict(observe({ keys: [input] }))?.rootCause).toBe('kms-key-pending-deletion')
  })

  it('no success while key checks run, the command runs, or the cluster is not known', () => {
    expect(
      decideVerdict(observe({ nodegroups: [active()], keyWorkPending: ['ng'] }))
    ).toBeUndefined()
    expect(
      decideVerdict(
        observe({ nodegroups: [active()], command: { running: true, interrupted: false } })
      )
    ).toBeUndefined()
    expect(decideVerdict(observe({ cluster: 'unknown' }))).toBeUndefined()
  })

  it('a cluster with no node groups is a success that says so', () => {
    expect(decideVerdict(observe())?.message).toContain(
      'has no node groups or self-managed Auto Scaling groups to watch'
    )
  })
})

describe('ends: errors, cancellation, deadline, the post step', () => {
  it('AccessDenied is its own cause, naming the action', () => {
    const verdict = decideVerdict(
      observe({
        error: {
          kind: 'permission',
          message: 'Access denied for kms:DescribeKey',
          action: 'kms:DescribeKey'
        }
      })
    )
    expect(verdict).toMatchObject({
      result: 'failure',
      rootCause: 'permission-denied',
      failureCode: 'kms:DescribeKey'
    })
  })

  it('expired credentials and unexpected errors have causes of their own', () => {
    expect(
      decideVerdict(observe({ error: { kind: 'credentials', message: 'expired' } }))?.rootCause
    ).toBe('aws-credentials-expired')
    expect(
      decideVerdict(observe({ error: { kind: 'unexpected', message: 'boom' } }))?.rootCause
    ).toBe('unknown')
  })

  it('a cancelled run is a timeout marked cancelled', () => {
    const verdict = decideVerdict(observe({ nodegroups: [nodegroup('CREATING')], cancelled: true }))
    expect(verdict).toMatchObject({ result: 'timeout', cancelled: true })
    expect(verdict?.message).toContain('ng (CREATING)')
  })

  it('the deadline names what is pending; a missing named node group is the cause', () => {
    const verdict = decideVerdict(
      observe({ nodegroups: [nodegroup('CREATING')], deadlineReached: true, timeoutMs: 30_000 })
    )
    expect(verdict).toMatchObject({ result: 'timeout' })
    expect(verdict?.rootCause).toBeUndefined()
    expect(verdict?.message).toBe('No verdict after 30 seconds; still pending: ng (CREATING).')
    const missing = decideVerdict(
      observe({
        nodegroups: [newNodegroupState('never', true)],
        deadlineReached: true,
        timeoutMs: 600_000
      })
    )
    // Nothing else pending: it does not exist, and the run says what does.
    expect(missing).toMatchObject({ result: 'failure', rootCause: 'nodegroup-not-found' })
    expect(missing?.message).toBe(
      'Node group never did not appear in cluster prod; it has no node groups.'
    )
    // Something else still pending: a timeout naming both.
    const both = decideVerdict(
      observe({
        nodegroups: [nodegroup('CREATING'), newNodegroupState('never', true)],
        deadlineReached: true,
        timeoutMs: 600_000
      })
    )
    expect(both).toMatchObject({ result: 'timeout', rootCause: 'nodegroup-not-found' })
    expect(both?.message).toContain('10 minutes')
    expect(both?.message).toContain(
      'never (not created yet; waited for while node group ng is being created)'
    )
  })

  it('at the deadline, a key that would fail is a better answer than "timeout"', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [nodegroup('CREATING')],
        keys: [key(['kms-key-disabled'])],
        deadlineReached: true
      })
    )
    expect(verdict).toMatchObject({ result: 'failure', rootCause: 'kms-key-disabled' })
  })

  it('the post step’s verdict says the guard was stopped', () => {
    expect(decideVerdict(observe({ stoppedBeforeReport: true }))).toMatchObject({
      result: 'timeout',
      cancelled: true
    })
  })

  it('keyCause follows the precedence across keys', () => {
    const a = key(['kms-policy-missing-autoscaling-role'], { id: 'a' })
    const b = key(['kms-key-not-found'], { id: 'b' })
    expect(keyCause([a, b])).toMatchObject({ cause: 'kms-key-not-found', key: { id: 'b' } })
    expect(keyCause([key([])])).toBeUndefined()
  })
})

const ROLE_MISSING: RootCause[] = ['kms-policy-missing-autoscaling-role']
const LT_INVALID = "The image ID 'ami-0123' does not exist"
const keyOf = (causes: RootCause[], id: string, nodegroups: string[], extra = {}) =>
  key(causes, {
    id,
    uses: nodegroups.map(n => ({
      nodegroup: n,
      reference: id,
      source: 'launch-template' as const,
      why: 'test'
    })),
    ...extra
  })
const named = (name: string, state: ReturnType<typeof nodegroup>) => ({ ...state, name })

describe('which keys explain a node group’s launches', () => {
  it('a key only another node group uses does not explain this one’s KMS failure', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [nodegroup('CREATING', [activity(KMS, 10_000)])],
        keys: [keyOf(['kms-key-disabled'], 'other-key', ['other'])]
      })
    )
    expect(verdict).toMatchObject({ rootCause: 'unknown', nodegroup: 'ng' })
    expect(verdict?.keyId).toBeUndefined()
  })

  it('a key shared by two node groups explains the failure of either', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [nodegroup('CREATING', [activity(KMS, 10_000)])],
        keys: [keyOf(['kms-key-disabled'], 'shared', ['other', 'ng'])]
      })
    )
    expect(verdict).toMatchObject({ rootCause: 'kms-key-disabled', keyId: 'shared' })
  })

  it('with two keys patched in this run, the grace runs from the later patch', () => {
    const keys = [
      keyOf([], 'root-volume', ['ng'], { patchedAt: T0 + 10_000 }),
      keyOf([], 'data-volume', ['ng'], { patchedAt: T0 + 40_000 })
    ]
    const at = (offset: number) =>
      decideVerdict(observe({ nodegroups: [nodegroup('CREATING', [activity(KMS, offset)])], keys }))
    expect(at(80_000)).toBeUndefined()
    expect(at(100_000)?.rootCause).toBe('kms-policy-missing-autoscaling-role')
  })

  it('right after the start, a KMS failure counts when one of the keys cannot be cleared', () => {
    const keys = [
      keyOf([], 'clean', ['ng']),
      keyOf([], 'open', ['ng'], { assessment: { ...key([]).assessment, openQuestions: ['SCP?'] } })
    ]
    const verdict = decideVerdict(
      observe({ nodegroups: [nodegroup('CREATING', [activity(KMS, 10_000)])], keys })
    )
    expect(verdict).toMatchObject({ result: 'failure', rootCause: 'unknown' })
  })

  it('a KMS failure before the run counts when any of the node group’s keys shows a problem', () => {
    const keys = [keyOf([], 'clean', ['ng']), keyOf(['kms-key-disabled'], 'disabled', ['ng'])]
    const verdict = decideVerdict(
      observe({ nodegroups: [nodegroup('CREATING', [activity(KMS, -30_000)])], keys })
    )
    expect(verdict).toMatchObject({ rootCause: 'kms-key-disabled', keyId: 'disabled' })
  })

  it('a KMS failure at the very start of the run is not "before this run"', () => {
    const open = key([], { assessment: { ...key([]).assessment, openQuestions: ['?'] } })
    const verdict = decideVerdict(
      observe({ nodegroups: [nodegroup('CREATING', [activity(KMS, 0)])], keys: [open] })
    )
    expect(verdict?.rootCause).toBe('unknown')
  })
})

describe('which operation a launch belongs to', () => {
  it('a node group that went CREATE_FAILED in this run is decided by its launches, timed from its creation', () => {
    const ng = nodegroup('CREATE_FAILED', [activity(KMS, -300_000)], {
      createdAt: new Date(T0 - 600_000)
    })
    const verdict = decideVerdict(observe({ nodegroups: [ng], keys: [key(ROLE_MISSING)] }))
    expect(verdict).toMatchObject({
      rootCause: 'kms-policy-missing-autoscaling-role',
      failureCode: 'Client.InvalidKMSKey.InvalidState',
      operation: 'creation',
      operationStartedAt: T0 - 600_000
    })
    expect(verdict?.alreadyFailed).toBeUndefined()
  })

  it('already CREATE_FAILED when first seen: its launches explain it, and it is "already failed"', () => {
    const ng = nodegroup('CREATE_FAILED', [activity(KMS, -30_000)], {
      firstSeenStatus: 'CREATE_FAILED'
    })
    const verdict = decideVerdict(observe({ nodegroups: [ng], keys: [key(ROLE_MISSING)] }))
    expect(verdict).toMatchObject({
      failureCode: 'Client.InvalidKMSKey.InvalidState',
      alreadyFailed: 'CREATE_FAILED'
    })
  })

  it('launches during an update EKS has since ended Failed belong to that update', () => {
    const ng = nodegroup('ACTIVE', [activity(KMS, 60_000)], {
      firstSeenStatus: 'UPDATING',
      updates: [
        {
          id: 'u-9',
          type: 'VersionUpdate',
          status: 'Failed',
          createdAt: new Date(T0 + 30_000),
          params: [{ type: 'LaunchTemplateVersion', value: '7' }],
          errors: [{ errorCode: 'NodeCreationFailure' }],
          watched: true
        }
      ]
    })
    const verdict = decideVerdict(observe({ nodegroups: [ng], keys: [key(ROLE_MISSING)] }))
    expect(verdict).toMatchObject({
      rootCause: 'kms-policy-missing-autoscaling-role',
      failureCode: 'Client.InvalidKMSKey.InvalidState',
      operation: 'update',
      operationStartedAt: T0 + 30_000,
      update: { id: 'u-9' }
    })
    expect(verdict?.message).toContain(
      'launch cancelled during VersionUpdate u-9 to launch template version 7'
    )
  })

  it('exactly a minute before the operation is still within the slack', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [nodegroup('CREATING', [activity(KMS, -60_000 - 60_000)])],
        keys: [key(ROLE_MISSING)]
      })
    )
    expect(verdict?.rootCause).toBe('kms-policy-missing-autoscaling-role')
  })

  it('a patch’s propagation grace holds back KMS failures only', () => {
    const ng = nodegroup('CREATING', [activity(LT_INVALID, 40_000, 'Failed')])
    const o = observe({ nodegroups: [ng], keys: [key([], { patchedAt: T0 + 30_000 })] })
    expect(decideVerdict(o)?.rootCause).toBe('launch-template-invalid')
    const kms = nodegroup('CREATING', [activity(KMS, 40_000)])
    expect(historyReason(o, kms, [...kms.activities.values()][0])).toBe(
      'started before this run’s key policy patch had propagated'
    )
    const before = nodegroup('CREATING', [activity(KMS, -30_000)])
    const clean = observe({
      keys: [key([], { assessment: { ...key([]).assessment, openQuestions: ['?'] } })]
    })
    expect(historyReason(clean, before, [...before.activities.values()][0])).toBe(
      'started before this run, and the key now passes every check (fixed since?)'
    )
  })

  it('the first failure AWS recorded decides, whatever order the activities were listed in', () => {
    // DescribeScalingActivities lists the newest first.
    const ng = nodegroup('CREATING', [
      activity(KMS, 50_000),
      activity(LT_INVALID, 20_000, 'Failed')
    ])
    expect(decideVerdict(observe({ nodegroups: [ng], keys: [key(ROLE_MISSING)] }))).toMatchObject({
      rootCause: 'launch-template-invalid'
    })
  })
})

describe('transient failures over time', () => {
  const capacity = (n: number, start: number) =>
    Array.from({ length: n }, (_, i) => activity(CAPACITY, start + i * 1000, 'Failed'))

  it('a successful launch after the failures ends the run, though listed first (newest first)', () => {
    const list = [activity('ok', 40_000, 'Successful'), ...capacity(12, 10_000)]
    const state = nodegroup('CREATING', list)
    expect(decideVerdict(observe({ nodegroups: [state] }))).toBeUndefined()
  })

  it('capacity failures from before the scale-out being watched do not count', () => {
    const state = nodegroup('ACTIVE', capacity(12, -600_000), { firstSeenStatus: 'ACTIVE' })
    expect(decideVerdict(observe({ nodegroups: [state] }))?.result).toBe('success')
  })

  it('failures of different kinds are counted apart', () => {
    const quota = (i: number) =>
      activity(
        'VcpuLimitExceeded: You have requested more vCPU capacity',
        10_500 + i * 1000,
        'Failed'
      )
    const list = [...capacity(6, 10_000), ...Array.from({ length: 5 }, (_, i) => quota(i + 6))]
    const state = nodegroup('CREATING', list)
    expect(transientRuns(observe(), state)).toEqual([
      expect.objectContaining({ asg: 'asg-1', count: 5 })
    ])
    expect(decideVerdict(observe({ nodegroups: [state] }))).toBeUndefined()
  })
})

describe('node group health, rule by rule', () => {
  const withIssue = (status: string, code: string, message: string, extra = {}) =>
    nodegroup(status, [], {
      healthIssues: [{ code: code as never, message, resourceIds: [] }],
      ...extra
    })

  it('CREATE_FAILED without a health issue names itself; it waits for running key checks until the deadline', () => {
    const ng = nodegroup('CREATE_FAILED')
    const pending = observe({ nodegroups: [ng], keyWorkPending: ['ng'] })
    expect(decideVerdict(pending)).toBeUndefined()
    expect(decideVerdict({ ...pending, deadlineReached: true })?.message).toBe(
      'Node group ng is CREATE_FAILED.'
    )
    expect(decideVerdict({ ...pending, cancelled: true })?.rootCause).toBe(
      'nodegroup-create-failed'
    )
  })

  it('a health issue of a kind nobody knows is nodegroup-create-failed, its code the failure code', () => {
    const verdict = decideVerdict(
      observe({ nodegroups: [withIssue('CREATE_FAILED', 'Unknown', 'Something happened')] })
    )
    expect(verdict).toMatchObject({ rootCause: 'nodegroup-create-failed', failureCode: 'Unknown' })
    expect(verdict?.message).toBe('Node group ng is CREATE_FAILED: Unknown: Something happened')
    expect(verdict?.consequences).toBeUndefined()
  })

  it('DEGRADED without any health issue yet is no verdict of its own; other node groups still decide', () => {
    const degraded = named('a', nodegroup('DEGRADED'))
    expect(decideVerdict(observe({ nodegroups: [degraded] }))).toBeUndefined()
    const failing = nodegroup('CREATING', [activity(LT_INVALID, 10_000, 'Failed')])
    expect(decideVerdict(observe({ nodegroups: [degraded, failing] }))).toMatchObject({
      rootCause: 'launch-template-invalid',
      nodegroup: 'ng'
    })
  })

  it('while CREATING, a health issue alone does not decide: the launches do', () => {
    const ng = withIssue('CREATING', 'AsgInstanceLaunchFailures', KMS)
    expect(decideVerdict(observe({ nodegroups: [ng], keys: [key(ROLE_MISSING)] }))).toBeUndefined()
  })

  it('after a patch, only a DEGRADED KMS issue waits out the grace; other issues and terminal states decide', () => {
    const patched = [key([], { patchedAt: T0 + 100_000 })]
    const decide = (ng: ReturnType<typeof nodegroup>, now = T0 + 120_000) =>
      decideVerdict(observe({ nodegroups: [ng], keys: patched, now }))
    expect(decide(withIssue('DEGRADED', 'AsgInstanceLaunchFailures', KMS))).toBeUndefined()
    expect(
      decide(withIssue('DEGRADED', 'AsgInstanceLaunchFailures', KMS), T0 + 160_000)
    ).toMatchObject({ rootCause: 'kms-policy-missing-autoscaling-role' })
    expect(
      decide(withIssue('DEGRADED', 'InsufficientFreeAddresses', 'not enough free addresses'))
    ).toMatchObject({ rootCause: 'capacity-unavailable' })
    expect(decide(withIssue('CREATE_FAILED', 'AsgInstanceLaunchFailures', KMS))).toMatchObject({
      rootCause: 'kms-policy-missing-autoscaling-role',
      failureCode: 'Client.InvalidKMSKey.InvalidState'
    })
  })

  it('a KMS health issue waits for the key checks, until the deadline', () => {
    const o = observe({
      nodegroups: [withIssue('DEGRADED', 'AsgInstanceLaunchFailures', KMS)],
      keyWorkPending: ['ng']
    })
    expect(decideVerdict(o)).toBeUndefined()
    expect(decideVerdict({ ...o, deadlineReached: true })?.result).toBe('failure')
    expect(decideVerdict({ ...o, cancelled: true })?.result).toBe('failure')
  })

  it('running key checks hold back only KMS launch failures and the update’s own end', () => {
    const lt = nodegroup('CREATING', [activity(LT_INVALID, 10_000, 'Failed')])
    expect(decideVerdict(observe({ nodegroups: [lt], keyWorkPending: ['ng'] }))?.rootCause).toBe(
      'launch-template-invalid'
    )
    const updated = nodegroup('ACTIVE', [], {
      updates: [
        {
          id: 'u-1',
          status: 'Failed',
          createdAt: new Date(T0 + 30_000),
          params: [],
          errors: [{ errorCode: 'NodeCreationFailure' }],
          watched: true
        }
      ]
    })
    expect(
      decideVerdict(observe({ nodegroups: [updated], keyWorkPending: ['ng'] }))
    ).toBeUndefined()
  })
})

describe('settled runs and what the messages say', () => {
  const settled = (name: string) =>
    named(name, nodegroup('ACTIVE', [], { firstSeenStatus: 'ACTIVE' }))
  const addon = (name: string, status: string) => ({
    name,
    status,
    healthIssues: [],
    compatibility: []
  })

  it('success names every node group', () => {
    const verdict = decideVerdict(observe({ nodegroups: [settled('system'), settled('workers')] }))
    expect(verdict?.message).toBe(
      'Every node group is ACTIVE with its instances in service: system, workers.'
    )
  })

  it('a broken key used by a watched node group fails the run, naming it; one only others use does not', () => {
    const shared = keyOf(['kms-key-disabled', 'kms-policy-missing-autoscaling-role'], 'k', [
      'unwatched',
      'workers'
    ])
    const verdict = decideVerdict(observe({ nodegroups: [settled('workers')], keys: [shared] }))
    expect(verdict).toMatchObject({ result: 'failure', nodegroup: 'workers', keyId: 'k' })
    expect(verdict?.message).toBe(
      'Key k would fail the next launch of node group workers: kms-key-disabled, kms-policy-missing-autoscaling-role.'
    )
    const others = keyOf(['kms-key-disabled'], 'k', ['unwatched'])
    expect(
      decideVerdict(observe({ nodegroups: [settled('workers')], keys: [others] }))?.result
    ).toBe('success')
  })

  it('a broken key from kms-key-ids names no node group', () => {
    const input = key(['kms-key-disabled'], {
      id: 'k',
      uses: [{ nodegroup: '', reference: 'k', source: 'input', why: 'kms-key-ids' }]
    })
    expect(decideVerdict(observe({ keys: [input] }))?.message).toBe(
      'Key k would fail the next launch: kms-key-disabled.'
    )
  })

  it('ACTIVE add-ons do not hold the run; UPDATING ones do; DEGRADED ones only while nodes run', () => {
    const o = (status: string, nodegroups = [settled('workers')]) =>
      decideVerdict(observe({ nodegroups, addons: [addon('coredns', status)] }))
    expect(o('ACTIVE')?.result).toBe('success')
    expect(o('UPDATING')).toBeUndefined()
    expect(o('DEGRADED')).toBeUndefined()
    // Scaled to zero on purpose: nothing in service, coredns DEGRADED for want of nodes.
    const zero = settled('workers')
    zero.asgs.get('asg-1')!.DesiredCapacity = 0
    zero.asgs.get('asg-1')!.Instances = []
    expect(o('DEGRADED', [zero])?.result).toBe('success')
  })

  it('the timeout says what it still waited for, and why', () => {
    const deadline = { deadlineReached: true, command: { running: true, interrupted: false } }
    const missingCluster = decideVerdict(observe({ ...deadline, cluster: 'missing' }))
    expect(missingCluster).toMatchObject({ result: 'timeout', rootCause: 'cluster-not-found' })
    expect(missingCluster?.message).toContain('still pending: cluster prod (not created yet).')
    expect(decideVerdict(observe(deadline))?.message).toContain(
      'still pending: no node group appeared.'
    )
    expect(
      decideVerdict(
        observe({
          deadlineReached: true,
          nodegroups: [settled('workers')],
          keyWorkPending: ['workers']
        })
      )?.message
    ).toContain('still pending: nothing.')
    expect(
      decideVerdict(
        observe({ deadlineReached: true, nodegroups: [nodegroup('CREATING')], timeoutMs: 120_000 })
      )?.message
    ).toContain('No verdict after 2 minutes;')
    const oneMissing = decideVerdict(
      observe({
        deadlineReached: true,
        nodegroups: [nodegroup('CREATING'), newNodegroupState('never', true)]
      })
    )
    expect(oneMissing?.rootCause).toBe('nodegroup-not-found')
  })

  it('several misspelt node groups are named together, with what exists', () => {
    const missing = (name: string) => ({ ...newNodegroupState(name, true), missingPolls: 2 })
    const verdict = decideVerdict(
      observe({
        nodegroups: [missing('wrokers'), missing('sytem')],
        existingNodegroups: ['workers', 'system']
      })
    )
    expect(verdict?.message).toBe(
      'Node group wrokers does not exist in cluster prod (did you mean workers?); sytem does not exist in cluster prod (did you mean system?); it has workers, system.'
    )
  })

  it('a named node group is declared missing only in a cluster that is known', () => {
    const missing = { ...newNodegroupState('wrokers', true), missingPolls: 3 }
    const existingNodegroups = ['workers']
    expect(
      decideVerdict(observe({ cluster: 'unknown', nodegroups: [missing], existingNodegroups }))
    ).toBeUndefined()
    expect(decideVerdict(observe({ nodegroups: [missing], existingNodegroups }))?.rootCause).toBe(
      'nodegroup-not-found'
    )
  })

  it('the plain failures say what happened', () => {
    expect(decideVerdict(observe({ stoppedBeforeReport: true }))?.message).toContain(
      'stopped before it could report'
    )
    expect(
      decideVerdict(
        observe({
          command: { running: false, interrupted: false, exit: { code: 2, signal: null } }
        })
      )?.message
    ).toBe('The deploy command failed on its own (exit code 2).')
    expect(decideVerdict(observe({ cluster: 'missing' }))).toMatchObject({
      failureCode: 'ResourceNotFoundException',
      message: 'Cluster prod was not found in us-east-1.'
    })
  })
})
