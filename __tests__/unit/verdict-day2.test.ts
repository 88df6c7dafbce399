/**
 * Day 2 (issue 16): the one verdict's rules for node group updates, scale-outs, add-ons and add-on
 * versions, over the same plain-data builders as verdict.test.ts.
 */
import { describe, expect, it } from '@jest/globals'
import { type AddonState, type UpdateRecord } from '../../src/model/index.js'
import { decideVerdict } from '../../src/verdict/decide.js'
import { historyReason, operationStart } from '../../src/verdict/history.js'
import { ADDON_DEGRADED_POLLS } from '../../src/verdict/day2.js'
import { activity, key, KMS, nodegroup, observe, T0 } from '../support/verdict-fixtures.js'

function update(extra: Partial<UpdateRecord> = {}): UpdateRecord {
  return {
    id: 'u-1',
    type: 'VersionUpdate',
    status: 'InProgress',
    createdAt: new Date(T0 + 30_000),
    params: [
      { type: 'LaunchTemplateName', value: 'lt' },
      { type: 'LaunchTemplateVersion', value: '2' }
    ],
    errors: [],
    watched: true,
    ...extra
  }
}

function addon(name: string, status: string, extra: Partial<AddonState> = {}): AddonState {
  return {
    name,
    status,
    version: 'v1.0.0-eksbuild.1',
    healthIssues: [],
    compatibility: [],
    ...extra
  }
}

const ACTIVE_NG = () => nodegroup('ACTIVE', [], { firstSeenStatus: 'ACTIVE' })

describe('node group updates', () => {
  it('a failed surge launch during an update is the verdict with the key’s cause, timed from the update', () => {
    const ng = nodegroup('UPDATING', [activity(KMS, 60_000)], {
      firstSeenStatus: 'UPDATING',
      createdAt: new Date(T0 - 86_400_000),
      updates: [update()]
    })
    const verdict = decideVerdict(
      observe({ nodegroups: [ng], keys: [key(['kms-policy-missing-autoscaling-role'])] })
    )
    expect(verdict).toMatchObject({
      rootCause: 'kms-policy-missing-autoscaling-role',
      failureCode: 'Client.InvalidKMSKey.InvalidState',
      operation: 'update',
      operationStartedAt: T0 + 30_000
    })
    expect(verdict?.message).toContain('during VersionUpdate u-1 to launch template version 2')
    expect(verdict?.alreadyFailed).toBeUndefined()
  })

  it('while the key work for the new version runs, the verdict waits', () => {
    const ng = nodegroup('UPDATING', [activity(KMS, 60_000)], { updates: [update()] })
    expect(
      decideVerdict(observe({ nodegroups: [ng], keys: [], keyWorkPending: ['ng'] }))
    ).toBeUndefined()
  })

  it('an update failing since before the run: its launches decide, and the message says how long', () => {
    const ng = nodegroup('UPDATING', [activity(KMS, -1_100_000)], {
      firstSeenStatus: 'UPDATING',
      updates: [update({ createdAt: new Date(T0 - 1_200_000) })]
    })
    const o = observe({ nodegroups: [ng], keys: [key(['kms-policy-missing-autoscaling-role'])] })
    expect(historyReason(o, ng, [...ng.activities.values()][0])).toBeUndefined()
    const verdict = decideVerdict(o)
    expect(verdict?.rootCause).toBe('kms-policy-missing-autoscaling-role')
    expect(verdict?.message).toContain('had been in progress for 20 minutes when this run started')
    expect(verdict?.alreadyFailed).toBeDefined()
  })

  it('launches before the update started are history', () => {
    const ng = nodegroup('UPDATING', [activity(KMS, -600_000)], { updates: [update()] })
    const o = observe({ nodegroups: [ng], keys: [key(['kms-policy-missing-autoscaling-role'])] })
    expect(operationStart(o, ng)).toEqual({ at: T0 + 30_000, operation: 'update' })
    expect(historyReason(o, ng, [...ng.activities.values()][0])).toContain(
      'before the node group operation'
    )
  })

  it('an update EKS ended Failed, no launch failure explaining it: nodegroup-update-failed with the rollback', () => {
    const ng = nodegroup('ACTIVE', [], {
      firstSeenStatus: 'UPDATING',
      updates: [
        update({
          status: 'Failed',
          errors: [
            {
              errorCode: 'PodEvictionFailure',
              errorMessage: 'Reached max retries while trying to evict pods'
            }
          ]
        })
      ]
    })
    const verdict = decideVerdict(observe({ nodegroups: [ng] }))
    expect(verdict).toMatchObject({
      result: 'failure',
      rootCause: 'nodegroup-update-failed',
      failureCode: 'PodEvictionFailure'
    })
    expect(verdict?.message).toContain('rolls the node group back')
    expect(verdict?.fix).toContain('PodDisruptionBudget')
  })

  it('a failed update whose key the checks found broken names the key', () => {
    const ng = nodegroup('ACTIVE', [], {
      updates: [update({ status: 'Failed', errors: [{ errorCode: 'NodeCreationFailure' }] })]
    })
    const verdict = decideVerdict(observe({ nodegroups: [ng], keys: [key(['kms-key-disabled'])] }))
    expect(verdict).toMatchObject({
      rootCause: 'kms-key-disabled',
      failureCode: 'NodeCreationFailure'
    })
  })

  it('an old failed update this run did not watch is history', () => {
    const ng = nodegroup('ACTIVE', [], {
      updates: [
        update({ status: 'Failed', watched: false, errors: [{ errorCode: 'NodeCreationFailure' }] })
      ]
    })
    expect(decideVerdict(observe({ nodegroups: [ng] }))?.result).toBe('success')
  })
})

describe('scale-outs and DEGRADED', () => {
  it('a failed launch on an ACTIVE node group after the run started is a failure (a scale-out)', () => {
    const ng = nodegroup('ACTIVE', [activity(KMS, 20_000)], { firstSeenStatus: 'ACTIVE' })
    const verdict = decideVerdict(
      observe({ nodegroups: [ng], keys: [key(['kms-policy-missing-autoscaling-role'])] })
    )
    expect(verdict).toMatchObject({
      rootCause: 'kms-policy-missing-autoscaling-role',
      operation: 'scale-out'
    })
  })

  it('DEGRADED is explained with what clears it', () => {
    const ng = nodegroup('DEGRADED', [], {
      firstSeenStatus: 'ACTIVE',
      healthIssues: [
        { code: 'InsufficientFreeAddresses', message: 'not enough free addresses', resourceIds: [] }
      ]
    })
    const verdict = decideVerdict(observe({ nodegroups: [ng] }))
    expect(verdict?.message).toContain(
      'clears only after the node group launches an instance successfully'
    )
    expect(verdict?.consequences?.[0]).toContain('DEGRADED is sticky')
  })
})

describe('add-ons', () => {
  it('coredns waiting behind a failed node group is a consequence of the node group’s verdict', () => {
    const ng = nodegroup('CREATING', [activity(KMS, 10_000)])
    ng.asgs.get('asg-1')!.Instances = []
    const verdict = decideVerdict(
      observe({
        nodegroups: [ng],
        keys: [key(['kms-policy-missing-autoscaling-role'])],
        addons: [
          addon('coredns', 'DEGRADED', {
            healthIssues: [{ code: 'InsufficientNumberOfReplicas', message: 'no replicas' }]
          }),
          addon('vpc-cni', 'ACTIVE')
        ]
      })
    )
    expect(verdict).toMatchObject({
      rootCause: 'kms-policy-missing-autoscaling-role',
      nodegroup: 'ng'
    })
    expect(verdict?.message).toContain('Add-on coredns waits for it')
    expect(verdict?.consequences).toHaveLength(1)
    expect(verdict?.consequences?.[0]).toContain('consequence of node group ng')
  })

  it('CREATE_FAILED is a verdict of its own, with its health issue', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [ACTIVE_NG()],
        addons: [
          addon('coredns', 'CREATE_FAILED', {
            firstSeenStatus: 'CREATING',
            healthIssues: [{ code: 'ConfigurationConflict', message: 'Conflicts found' }]
          })
        ]
      })
    )
    expect(verdict).toMatchObject({
      rootCause: 'addon-create-failed',
      addon: 'coredns',
      failureCode: 'ConfigurationConflict'
    })
    expect(verdict?.fix).toContain('OVERWRITE')
  })

  it('UPDATE_FAILED is addon-update-failed', () => {
    const verdict = decideVerdict(
      observe({ nodegroups: [ACTIVE_NG()], addons: [addon('vpc-cni', 'UPDATE_FAILED')] })
    )
    expect(verdict).toMatchObject({
      rootCause: 'addon-update-failed',
      failureCode: 'UPDATE_FAILED'
    })
  })

  it('DEGRADED with nodes in service waits a few polls, then is addon-degraded', () => {
    const o = (since: number) =>
      observe({
        pollIntervalMs: 15_000,
        nodegroups: [ACTIVE_NG()],
        addons: [
          addon('aws-ebs-csi-driver', 'DEGRADED', {
            degradedWithNodesSince: since,
            healthIssues: [{ code: 'InsufficientNumberOfReplicas', message: 'no replicas' }]
          })
        ]
      })
    expect(decideVerdict(o(T0 + 120_000 - 15_000))).toBeUndefined()
    expect(decideVerdict(o(T0 + 120_000 - ADDON_DEGRADED_POLLS * 15_000))).toMatchObject({
      rootCause: 'addon-degraded',
      failureCode: 'InsufficientNumberOfReplicas'
    })
  })

  it('an add-on still CREATING keeps the run waiting; the timeout names it', () => {
    const o = observe({ nodegroups: [ACTIVE_NG()], addons: [addon('coredns', 'CREATING')] })
    expect(decideVerdict(o)).toBeUndefined()
    expect(decideVerdict({ ...o, deadlineReached: true })?.message).toContain(
      'add-on coredns (CREATING)'
    )
  })

  it('an incompatible version is a finding at once, with the compatible versions and the default', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [ACTIVE_NG()],
        addons: [
          addon('kube-proxy', 'ACTIVE', {
            version: 'v1.31.3-eksbuild.2',
            compatibility: [
              {
                kubernetesVersion: '1.31',
                target: false,
                compatible: true,
                compatibleVersions: ['v1.31.3-eksbuild.2']
              },
              {
                kubernetesVersion: '1.32',
                target: true,
                compatible: false,
                compatibleVersions: ['v1.32.0-eksbuild.2', 'v1.32.0-eksbuild.1'],
                defaultVersion: 'v1.32.0-eksbuild.1'
              }
            ]
          })
        ]
      })
    )
    expect(verdict).toMatchObject({ rootCause: 'addon-version-incompatible', addon: 'kube-proxy' })
    expect(verdict?.message).toContain('the version the cluster is updating to')
    expect(verdict?.fix).toContain('the default is v1.32.0-eksbuild.1')
    expect(verdict?.fix).toContain('v1.32.0-eksbuild.2')
  })
})

/** A node group failing its creation on the key, with the given instances. */
function failingNodegroup(lifecycles: string[] = []) {
  const ng = nodegroup('CREATING', [activity(KMS, 10_000)])
  ng.asgs.get('asg-1')!.Instances = lifecycles.map(LifecycleState => ({ LifecycleState }) as never)
  return ng
}
const BROKEN_KEY = () => [key(['kms-policy-missing-autoscaling-role'])]
const ROLLBACK =
  'EKS rolls the node group back to its previous version; the old nodes keep running.'

describe('add-ons waiting behind a failed node group', () => {
  it('every add-on that needs nodes is named; ACTIVE ones and DaemonSets are not', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [failingNodegroup()],
        keys: BROKEN_KEY(),
        addons: [
          addon('coredns', 'CREATING'),
          addon('aws-ebs-csi-driver', 'UPDATING', {
            healthIssues: [{ code: 'InsufficientNumberOfReplicas', message: '0 of 2 ready' }]
          }),
          // A Deployment EKS does not know by name, reporting that its pods cannot be scheduled.
          addon('kubecost_kubecost', 'DEGRADED', {
            healthIssues: [{ code: 'InsufficientNumberOfReplicas', message: 'no replicas' }]
          }),
          // Already ACTIVE (its pods run on nodes this run does not watch).
          addon('snapshot-controller', 'ACTIVE'),
          // DaemonSets: no node, nothing to run, nothing waiting.
          addon('kube-proxy', 'CREATING'),
          addon('vpc-cni', 'DEGRADED', {
            healthIssues: [{ code: 'AccessDenied', message: 'the role of aws-node is missing' }]
          })
        ]
      })
    )
    expect(verdict).toMatchObject({
      result: 'failure',
      rootCause: 'kms-policy-missing-autoscaling-role',
      nodegroup: 'ng'
    })
    expect(verdict?.message).toContain(
      '. Add-ons coredns, aws-ebs-csi-driver, kubecost_kubecost wait for it (no node is ready).'
    )
    expect(verdict?.consequences).toEqual([
      "Add-on coredns is CREATING because no node is ready: a consequence of node group ng's failure, not a cause of its own. It turns ACTIVE once the node group has Ready nodes.",
      "Add-on aws-ebs-csi-driver is UPDATING (InsufficientNumberOfReplicas: 0 of 2 ready) because no node is ready: a consequence of node group ng's failure, not a cause of its own. It turns ACTIVE once the node group has Ready nodes.",
      "Add-on kubecost_kubecost is DEGRADED (InsufficientNumberOfReplicas: no replicas) because no node is ready: a consequence of node group ng's failure, not a cause of its own. It turns ACTIVE once the node group has Ready nodes."
    ])
  })

  it('instances launched but not yet in service are no ready node', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [failingNodegroup(['Pending', 'Pending:Wait', 'Terminating'])],
        keys: BROKEN_KEY(),
        addons: [addon('coredns', 'CREATING')]
      })
    )
    expect(verdict?.message).toContain('Add-on coredns waits for it (no node is ready).')
    expect(verdict?.consequences).toHaveLength(1)
  })

  it('with a node in service somewhere, a pending add-on is not blamed on the failed node group', () => {
    const healthy = { ...nodegroup('ACTIVE', [], { firstSeenStatus: 'ACTIVE' }), name: 'system' }
    const verdict = decideVerdict(
      observe({
        nodegroups: [healthy, failingNodegroup()],
        keys: BROKEN_KEY(),
        addons: [addon('coredns', 'CREATING')]
      })
    )
    expect(verdict).toMatchObject({ rootCause: 'kms-policy-missing-autoscaling-role' })
    expect(verdict?.message).not.toContain('Add-on')
    expect(verdict?.consequences).toBeUndefined()
  })

  it('without add-ons the node group’s verdict is left as it is', () => {
    const verdict = decideVerdict(
      observe({ nodegroups: [failingNodegroup()], keys: BROKEN_KEY(), addons: [] })
    )
    expect(verdict?.message).toBe(
      `Node group ng: launch cancelled at ${new Date(T0 + 10_000).toISOString()}: ${KMS}.`
    )
    expect(verdict?.consequences).toBeUndefined()
  })
})

describe('node group updates EKS ended', () => {
  const failedWith = (errorCode: string, extra: Partial<UpdateRecord> = {}) =>
    nodegroup('ACTIVE', [], {
      firstSeenStatus: 'UPDATING',
      updates: [update({ status: 'Failed', errors: [{ errorCode, errorMessage: 'x' }], ...extra })]
    })

  it.each([
    ['NodeCreationFailure', 'check the launch template version the update moves to'],
    ['InsufficientFreeAddresses', 'subnets have no free IP addresses'],
    ['AccessDenied', 'The node role or the cluster role lacks a permission'],
    ['PodEvictionFailure', 'relax the budget, or update again with force']
  ])('%s comes with its own fix', (errorCode, fix) => {
    const verdict = decideVerdict(observe({ nodegroups: [failedWith(errorCode)] }))
    expect(verdict).toMatchObject({ rootCause: 'nodegroup-update-failed', failureCode: errorCode })
    expect(verdict?.fix).toContain(fix)
  })

  it('the message names the update, the error and the rollback; timed from the update', () => {
    const ng = nodegroup('ACTIVE', [], {
      firstSeenStatus: 'UPDATING',
      updates: [
        update({
          status: 'Failed',
          errors: [
            {
              errorCode: 'NodeCreationFailure',
              errorMessage:
                "Couldn't proceed with upgrade process as new nodes are not joining node group ng"
            }
          ]
        })
      ]
    })
    const verdict = decideVerdict(observe({ nodegroups: [ng] }))
    expect(verdict).toMatchObject({
      result: 'failure',
      nodegroup: 'ng',
      operation: 'update',
      operationStartedAt: T0 + 30_000,
      consequences: [ROLLBACK]
    })
    expect(verdict?.message).toBe(
      `Node group ng: VersionUpdate u-1 to launch template version 2 Failed with NodeCreationFailure: Couldn't proceed with upgrade process as new nodes are not joining node group ng. ${ROLLBACK}`
    )
    // Watched from its start, so the run saw it fail: detection time is reported.
    expect(verdict?.alreadyFailed).toBeUndefined()
  })

  it('Failed without error details: the status is the code, and there is no fix to guess', () => {
    const ng = nodegroup('ACTIVE', [], {
      updates: [update({ status: 'Failed', errors: [], createdAt: undefined })]
    })
    const verdict = decideVerdict(observe({ nodegroups: [ng] }))
    expect(verdict).toMatchObject({
      rootCause: 'nodegroup-update-failed',
      failureCode: 'Failed',
      operation: 'update'
    })
    expect(verdict?.message).toBe(
      `Node group ng: VersionUpdate u-1 to launch template version 2 Failed. ${ROLLBACK}`
    )
    expect(verdict?.fix).toBeUndefined()
    expect(verdict?.operationStartedAt).toBeUndefined()
    expect(verdict?.alreadyFailed).toBeUndefined()
  })

  it('an update that ended Successful is no failure', () => {
    const ng = nodegroup('ACTIVE', [], {
      firstSeenStatus: 'UPDATING',
      updates: [update({ status: 'Successful' })]
    })
    expect(decideVerdict(observe({ nodegroups: [ng] }))?.result).toBe('success')
  })

  it('an update already running well before the run is "already failing": no detection time', () => {
    const started = failedWith('NodeCreationFailure', {
      createdAt: new Date(T0 - 1_200_000)
    })
    expect(decideVerdict(observe({ nodegroups: [started] }))?.alreadyFailed).toBe('update Failed')
    // Started a few seconds after the run did: this run saw all of it.
    const after = failedWith('NodeCreationFailure', { createdAt: new Date(T0 + 5_000) })
    expect(decideVerdict(observe({ nodegroups: [after] }))?.alreadyFailed).toBeUndefined()
  })
})

describe('how long an update had been failing when the run started', () => {
  const failing = (createdAtOffset: number, pollIntervalMs?: number) => {
    const ng = nodegroup('UPDATING', [activity(KMS, 10_000)], {
      firstSeenStatus: 'UPDATING',
      updates: [update({ createdAt: new Date(T0 + createdAtOffset) })]
    })
    return decideVerdict(observe({ nodegroups: [ng], keys: BROKEN_KEY(), pollIntervalMs }))
  }

  it('in seconds under two minutes, in minutes from two minutes on', () => {
    expect(failing(-30_000, 5_000)?.message).toContain(
      'VersionUpdate u-1 to launch template version 2 had been in progress for 30 seconds when this run started'
    )
    expect(failing(-120_000)?.message).toContain('had been in progress for 2 minutes')
  })

  it('within a poll of the run’s start (clock slack), the update counts as started with the run', () => {
    const verdict = failing(-15_000)
    expect(verdict?.message).toBe(
      `Node group ng: launch cancelled during VersionUpdate u-1 to launch template version 2 at ${new Date(T0 + 10_000).toISOString()}: ${KMS}.`
    )
    expect(verdict?.alreadyFailed).toBeUndefined()
    // A short poll narrows the slack: 30 seconds before the run is before it.
    expect(failing(-30_000, 5_000)?.alreadyFailed).toBe('VersionUpdate failing')
  })
})

describe('add-on versions', () => {
  const incompatible = (
    versions: string[],
    defaultVersion?: string,
    name = 'kube-proxy'
  ): AddonState =>
    addon(name, 'ACTIVE', {
      version: 'v1.31.3-eksbuild.2',
      compatibility: [
        {
          kubernetesVersion: '1.32',
          target: true,
          compatible: false,
          compatibleVersions: versions,
          defaultVersion
        }
      ]
    })
  const fixFor = (a: AddonState) =>
    decideVerdict(observe({ nodegroups: [ACTIVE_NG()], addons: [a] }))?.fix

  it('incompatible with the version the cluster runs now is reported before the target', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [ACTIVE_NG()],
        addons: [
          addon('vpc-cni', 'ACTIVE', {
            version: 'v1.16.0-eksbuild.1',
            compatibility: [
              {
                kubernetesVersion: '1.32',
                target: true,
                compatible: false,
                compatibleVersions: ['v1.19.2-eksbuild.1']
              },
              {
                kubernetesVersion: '1.31',
                target: false,
                compatible: false,
                compatibleVersions: ['v1.18.3-eksbuild.1']
              }
            ]
          })
        ]
      })
    )
    expect(verdict).toMatchObject({
      result: 'failure',
      rootCause: 'addon-version-incompatible',
      addon: 'vpc-cni',
      failureCode: 'Addon version specified is not supported'
    })
    expect(verdict?.message).toBe(
      'Add-on vpc-cni v1.16.0-eksbuild.1 is not compatible with Kubernetes 1.31, the cluster’s version.'
    )
    expect(verdict?.fix).toContain('supports Kubernetes 1.31: the newest is v1.18.3-eksbuild.1')
  })

  it('the fix lists at most five compatible versions and the command with the default', () => {
    const many = ['v7', 'v6', 'v5', 'v4', 'v3', 'v2', 'v1']
    expect(fixFor(incompatible(many, 'v5'))).toBe(
      'Set kube-proxy to a version that supports Kubernetes 1.32: the default is v5 (compatible: v7, v6, v5, v4, v3, …). For example: aws eks update-addon --cluster-name <cluster> --addon-name kube-proxy --addon-version v5. One minor version at a time for vpc-cni and kube-proxy.'
    )
    expect(fixFor(incompatible(many.slice(0, 5), 'v5'))).toContain(
      '(compatible: v7, v6, v5, v4, v3). For example'
    )
    expect(fixFor(incompatible(['v2', 'v1'], 'v1'))).toContain('(compatible: v2, v1). For example')
  })

  it('without a default, the newest compatible version is suggested, not called the default', () => {
    const fix = fixFor(incompatible(['v2', 'v1']))
    expect(fix).toContain('supports Kubernetes 1.32: the newest is v2 (compatible: v2, v1)')
    expect(fix).not.toContain('default')
    expect(fix).toContain('--addon-version v2.')
  })

  it('when no version supports it, the fix says so and names none', () => {
    expect(fixFor(incompatible([], undefined, 'coredns'))).toBe(
      'Set coredns to a version that supports Kubernetes 1.32 (DescribeAddonVersions lists none). For example: aws eks update-addon --cluster-name <cluster> --addon-name coredns. One minor version at a time for vpc-cni and kube-proxy.'
    )
  })
})

describe('add-ons failing on their own', () => {
  const failedWith = (code: string) =>
    decideVerdict(
      observe({
        nodegroups: [ACTIVE_NG()],
        addons: [
          addon('aws-ebs-csi-driver', 'CREATE_FAILED', {
            healthIssues: [{ code, message: 'm' }]
          })
        ]
      })
    )

  it.each([
    ['InsufficientNumberOfReplicas', 'kubectl -n kube-system get pods'],
    ['AccessDenied', 'give its service account an IAM role'],
    ['AddonPermissionFailure', 'give its service account an IAM role'],
    ['AdmissionRequestDenied', 'An admission webhook or policy engine refused'],
    ['AddonSubscriptionNeeded', 'Subscribe to the add-on in AWS Marketplace']
  ])('%s comes with its own fix', (code, fix) => {
    const verdict = failedWith(code)
    expect(verdict).toMatchObject({
      result: 'failure',
      rootCause: 'addon-create-failed',
      failureCode: code,
      addonIssue: { code }
    })
    expect(verdict?.fix).toContain(fix)
  })

  it('the message names the add-on, its version, its status and its first issue', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [ACTIVE_NG()],
        addons: [
          addon('coredns', 'CREATE_FAILED', {
            version: 'v1.11.4-eksbuild.2',
            healthIssues: [
              { code: 'ConfigurationConflict', message: 'Conflicts found when trying to apply' },
              { code: 'InsufficientNumberOfReplicas', message: 'second' }
            ]
          })
        ]
      })
    )
    expect(verdict?.message).toBe(
      'Add-on coredns v1.11.4-eksbuild.2 is CREATE_FAILED (ConfigurationConflict: Conflicts found when trying to apply).'
    )
  })

  it('without a version or an issue the message says only what is known, and there is no fix', () => {
    const verdict = decideVerdict(
      observe({
        nodegroups: [ACTIVE_NG()],
        addons: [addon('vpc-cni', 'UPDATE_FAILED', { version: undefined })]
      })
    )
    expect(verdict?.message).toBe('Add-on vpc-cni is UPDATE_FAILED.')
    expect(verdict?.fix).toBeUndefined()
  })

  it('failed before the run started: already failed, so no detection time', () => {
    const seen = (firstSeenStatus: string) =>
      decideVerdict(
        observe({
          nodegroups: [ACTIVE_NG()],
          addons: [addon('coredns', 'CREATE_FAILED', { firstSeenStatus })]
        })
      )?.alreadyFailed
    expect(seen('CREATE_FAILED')).toBe('CREATE_FAILED')
    expect(seen('CREATING')).toBeUndefined()
  })
})

describe('DEGRADED add-ons', () => {
  const degraded = (
    since: number | undefined,
    nodegroups = [ACTIVE_NG()],
    pollIntervalMs?: number
  ) =>
    decideVerdict(
      observe({
        pollIntervalMs,
        nodegroups,
        addons: [
          addon('aws-ebs-csi-driver', 'DEGRADED', {
            version: 'v1.37.0-eksbuild.1',
            degradedWithNodesSince: since,
            healthIssues: [{ code: 'InsufficientNumberOfReplicas', message: '0 of 2 ready' }]
          })
        ]
      })
    )
  const creatingWithoutNodes = () => {
    const ng = nodegroup('CREATING')
    ng.asgs.get('asg-1')!.Instances = [{ LifecycleState: 'Pending' } as never]
    return ng
  }

  it('with nodes in service past the grace: its own failure, said so in the message', () => {
    const verdict = degraded(T0)
    expect(verdict).toMatchObject({ result: 'failure', rootCause: 'addon-degraded' })
    expect(verdict?.message).toBe(
      'Add-on aws-ebs-csi-driver v1.37.0-eksbuild.1 is DEGRADED (InsufficientNumberOfReplicas: 0 of 2 ready) while nodes are in service.'
    )
  })

  it('the grace is counted in polls: a short poll decides sooner', () => {
    const now = T0 + 120_000
    expect(degraded(now - ADDON_DEGRADED_POLLS * 5_000, undefined, 5_000)?.rootCause).toBe(
      'addon-degraded'
    )
    expect(degraded(now - ADDON_DEGRADED_POLLS * 5_000 + 1, undefined, 5_000)).toBeUndefined()
  })

  it('while no node is in service, DEGRADED is waiting for nodes, not a failure', () => {
    // Never had a node (coredns created before the node group, the common race).
    expect(degraded(undefined, [creatingWithoutNodes()])).toBeUndefined()
    // Had nodes long enough once, but none is in service now.
    expect(degraded(T0, [creatingWithoutNodes()])).toBeUndefined()
  })

  it('a timeout names the add-ons still on their way, and only those', () => {
    const verdict = decideVerdict(
      observe({
        deadlineReached: true,
        nodegroups: [ACTIVE_NG()],
        addons: [
          addon('coredns', 'UPDATING'),
          addon('vpc-cni', 'ACTIVE'),
          addon('aws-ebs-csi-driver', 'DEGRADED', { degradedWithNodesSince: T0 + 110_000 })
        ]
      })
    )
    expect(verdict?.result).toBe('timeout')
    expect(verdict?.message).toContain(
      'still pending: add-on coredns (UPDATING), add-on aws-ebs-csi-driver (DEGRADED).'
    )
  })
})
