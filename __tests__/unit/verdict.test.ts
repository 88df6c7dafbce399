/**
 * The one verdict, rule by rule: what a user reads in `result`, `root-cause` and `failure-code`
 * for each situation the watch can observe. Pure data in, so every rule is tested where it is written.
 */
import { describe, expect, it } from '@jest/globals'
import { isSettled, newNodegroupState, type RootCause } from '../../src/model/index.js'
import { decideVerdict, keyCause } from '../../src/verdict/decide.js'
import { historyReason, kmsFatalFrom, transientRuns } from '../../src/verdict/history.js'
import { classifyMessage } from '../../src/watch/failures.js'
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
      ...newNodegroupState('ng-typo', true),
      missingPolls: polls
    })
    expect(
      decideVerdict(observe({ nodegroups: [missing(1)], existingNodegroups: ['ng'] }))
    ).toBeUndefined()
    const verdict = decideVerdict(
      observe({ nodegroups: [missing(2)], existingNodegroups: ['ng', 'ng-2'] })
    )
    expect(verdict).toMatchObject({ rootCause: 'nodegroup-not-found', candidates: ['ng', 'ng-2'] })
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
    expect(decideVerdict(observe())?.message).toContain('has no node groups to watch')
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
    expect(missing).toMatchObject({ result: 'timeout', rootCause: 'nodegroup-not-found' })
    expect(missing?.message).toContain('10 minutes')
    expect(missing?.message).toContain('never (not created yet)')
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
