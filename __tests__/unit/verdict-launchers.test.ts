/**
 * Karpenter's and EKS Auto Mode's part of the verdict, as a user sees it: an instance EC2
 * terminated on a KMS error fails the run with the cause its key checks give; a key that would
 * fail the next launch fails a settled run; a green run says what it checked of each launcher.
 */
import { describe, expect, it } from '@jest/globals'
import type {
  KeyRecord,
  LauncherInstance,
  LauncherState,
  RootCause
} from '../../src/model/index.js'
import { decideVerdict } from '../../src/verdict/decide.js'
import { key, observe, T0 } from '../support/verdict-fixtures.js'

const KARPENTER_ROLE = 'arn:aws:iam::111122223333:role/KarpenterController'
const KEY_A = 'arn:aws:kms:us-east-1:111122223333:key/a'
const KEY_B = 'arn:aws:kms:us-east-1:111122223333:key/b'

function launcher(
  kind: LauncherState['launcher'],
  extra: Partial<LauncherState> = {}
): LauncherState {
  return {
    launcher: kind,
    foundBy: 'test',
    nodePools: [],
    keySources: [],
    keyIds: [],
    pending: false,
    running: 0,
    ...extra
  }
}

function terminated(extra: Partial<LauncherInstance> = {}): LauncherInstance {
  return {
    instanceId: 'i-0abc',
    state: 'terminated',
    reasonCode: 'Client.InvalidKMSKey.InvalidState',
    reasonMessage: 'The KMS key provided is in an incorrect state',
    launchedAt: T0 + 30_000,
    seenAt: T0 + 60_000,
    ...extra
  }
}

function launcherKey(
  kind: LauncherState['launcher'],
  causes: RootCause[],
  id = KEY_A,
  extra: Partial<KeyRecord> = {}
): KeyRecord {
  const record = key(causes, {
    id,
    launcher: { launcher: kind, roleArn: KARPENTER_ROLE },
    ...extra
  })
  return { ...record, facts: { ...record.facts, manager: 'CUSTOMER' } }
}

describe('an instance a launcher started that EC2 terminated on a KMS error', () => {
  it('fails the run at once with the key check’s cause, the instance, its node pool and the role', () => {
    const verdict = decideVerdict(
      observe({
        launchers: [
          launcher('karpenter', {
            roleArn: KARPENTER_ROLE,
            firstKmsTermination: terminated({ nodePool: 'default' })
          })
        ],
        launcherKeys: [launcherKey('karpenter', ['kms-key-disabled'])]
      })
    )
    expect(verdict).toEqual({
      result: 'failure',
      decidedAt: T0 + 120_000,
      rootCause: 'kms-key-disabled',
      failureCode: 'Client.InvalidKMSKey.InvalidState',
      launcher: 'karpenter',
      instanceId: 'i-0abc',
      keyId: KEY_A,
      operation: 'scale-out',
      operationStartedAt: T0 + 30_000,
      message: `Karpenter launched instance i-0abc (node pool default) as the Karpenter controller role ${KARPENTER_ROLE}; EC2 terminated it: Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state. Key: ${KEY_A}.`
    })
  })

  it('names the cause that comes first when the launcher’s keys show several', () => {
    const verdict = decideVerdict(
      observe({
        launchers: [launcher('karpenter', { firstKmsTermination: terminated() })],
        launcherKeys: [
          launcherKey('karpenter', ['kms-key-explicit-deny'], KEY_A),
          launcherKey('karpenter', ['kms-key-disabled'], KEY_B)
        ]
      })
    )
    expect(verdict).toMatchObject({ rootCause: 'kms-key-disabled', keyId: KEY_B })
  })

  it('without a broken key, blames the launcher’s access and names the customer-managed key it checked', () => {
    const awsManaged = key([], { id: KEY_B, launcher: { launcher: 'auto-mode', roleArn: 'r' } })
    const verdict = decideVerdict(
      observe({
        launchers: [launcher('auto-mode', { firstKmsTermination: terminated() })],
        launcherKeys: [
          { ...awsManaged, facts: { ...awsManaged.facts, manager: 'AWS' } },
          launcherKey('auto-mode', [], KEY_A)
        ]
      })
    )
    expect(verdict).toMatchObject({ rootCause: 'automode-kms-access-denied', keyId: KEY_A })
    expect(verdict?.message).toBe(
      `EKS Auto Mode launched instance i-0abc as the cluster IAM role; EC2 terminated it: Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state. Key: ${KEY_A}.`
    )
  })

  it('when no key is known, says so and how to name it; another launcher’s keys are not its own', () => {
    const verdict = decideVerdict(
      observe({
        launchers: [
          launcher('auto-mode'),
          launcher('karpenter', { firstKmsTermination: terminated() })
        ],
        launcherKeys: [
          launcherKey('auto-mode', ['kms-key-disabled'], KEY_B),
          {
            ...key(['kms-key-pending-deletion'], { id: KEY_A }),
            facts: { reference: KEY_A, found: true, manager: 'CUSTOMER', grants: [] }
          }
        ]
      })
    )
    expect(verdict).toMatchObject({
      result: 'failure',
      rootCause: 'karpenter-kms-access-denied',
      launcher: 'karpenter',
      keyId: undefined
    })
    expect(verdict?.message).toBe(
      "Karpenter launched instance i-0abc as the Karpenter controller role; EC2 terminated it: Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state. The key is not known: name the NodeClass's key in kms-key-ids to check it."
    )
  })

  it('waits while the launcher’s key checks run, and decides at the deadline or on cancel', () => {
    const pending = {
      launchers: [launcher('karpenter', { pending: true, firstKmsTermination: terminated() })],
      launcherKeys: [launcherKey('karpenter', ['kms-key-disabled'])]
    }
    expect(decideVerdict(observe(pending))).toBeUndefined()
    expect(decideVerdict(observe({ ...pending, deadlineReached: true }))).toMatchObject({
      result: 'failure',
      rootCause: 'kms-key-disabled'
    })
    expect(decideVerdict(observe({ ...pending, cancelled: true }))).toMatchObject({
      result: 'failure',
      rootCause: 'kms-key-disabled'
    })
  })

  describe('after this run fixed the key (patched at T0 + 10 s, 60 s propagation)', () => {
    const fixedKey = launcherKey('karpenter', [], KEY_A, { patchedAt: T0 + 10_000 })
    const run = (launchedAt: number | undefined, keys = [fixedKey]) =>
      decideVerdict(
        observe({
          launchers: [launcher('karpenter', { firstKmsTermination: terminated({ launchedAt }) })],
          launcherKeys: keys
        })
      )

    it('an instance launched before the fix had propagated is history: the run goes green', () => {
      expect(run(T0 + 69_999)?.result).toBe('success')
      expect(run(T0 - 5_000)?.result).toBe('success')
    })

    it('an instance launched once the fix had propagated fails the run', () => {
      expect(run(T0 + 70_000)).toMatchObject({
        result: 'failure',
        rootCause: 'karpenter-kms-access-denied',
        keyId: KEY_A
      })
    })

    it('a patch that left the key broken fixes nothing', () => {
      const stillBroken = launcherKey('karpenter', ['kms-key-disabled'], KEY_A, {
        patchedAt: T0 + 10_000
      })
      expect(run(T0 + 20_000, [stillBroken])).toMatchObject({
        rootCause: 'kms-key-disabled',
        instanceId: 'i-0abc',
        operation: 'scale-out'
      })
    })

    it('a key checked but never patched is no fix', () => {
      const checked = launcherKey('karpenter', [], KEY_A)
      expect(run(T0 + 20_000, [checked])).toMatchObject({ result: 'failure', instanceId: 'i-0abc' })
      // EC2 did not say when it launched: still a failure, not history.
      expect(run(undefined, [checked])).toMatchObject({
        result: 'failure',
        instanceId: 'i-0abc'
      })
    })
  })
})

describe('a launcher key that would fail the next launch', () => {
  it('fails a settled run, naming the key, the launcher, its role and the key’s causes', () => {
    const verdict = decideVerdict(
      observe({
        launchers: [launcher('auto-mode'), launcher('karpenter', { roleArn: KARPENTER_ROLE })],
        launcherKeys: [
          launcherKey('auto-mode', [], KEY_B),
          launcherKey('karpenter', ['kms-key-pending-deletion', 'kms-key-explicit-deny'])
        ]
      })
    )
    expect(verdict).toEqual({
      result: 'failure',
      decidedAt: T0 + 120_000,
      rootCause: 'kms-key-pending-deletion',
      keyId: KEY_A,
      launcher: 'karpenter',
      message: `Key ${KEY_A} would fail the next launch by Karpenter (as the Karpenter controller role ${KARPENTER_ROLE}): kms-key-pending-deletion, kms-key-explicit-deny.`
    })
  })

  it('is decided only once the launcher’s key checks are done', () => {
    const o = {
      launchers: [launcher('karpenter', { pending: true })],
      launcherKeys: [launcherKey('karpenter', ['kms-key-disabled'])]
    }
    expect(decideVerdict(observe(o))).toBeUndefined()
    expect(decideVerdict(observe({ ...o, deadlineReached: true }))?.result).toBe('timeout')
  })
})

describe('what a green run says of the launchers', () => {
  const message = (extra: Parameters<typeof observe>[0]) => decideVerdict(observe(extra))?.message

  it('lists the keys checked for each launcher’s role and where they were found', () => {
    expect(
      message({
        launchers: [
          launcher('karpenter', {
            roleArn: KARPENTER_ROLE,
            keySources: [
              { source: 'launch-template', detail: 'EC2NodeClass default' },
              { source: 'ebs-default', detail: 'EBS default key' }
            ]
          })
        ],
        launcherKeys: [launcherKey('karpenter', [], KEY_A), launcherKey('karpenter', [], KEY_B)]
      })
    ).toBe(
      `Cluster prod has no node groups or self-managed Auto Scaling groups to watch. Karpenter: keys ${KEY_A}, ${KEY_B} checked for the Karpenter controller role ${KARPENTER_ROLE} (EC2NodeClass default; EBS default key).`
    )
  })

  it('warns that Auto Mode’s own NodeClass keys are unseen unless named in kms-key-ids', () => {
    const autoMode = (source: 'input' | 'ebs-default') => ({
      launchers: [launcher('auto-mode', { keySources: [{ source, detail: `from ${source}` }] })],
      launcherKeys: [launcherKey('auto-mode', [], KEY_A)]
    })
    expect(message(autoMode('ebs-default'))).toBe(
      `Cluster prod has no node groups or self-managed Auto Scaling groups to watch. EKS Auto Mode: key ${KEY_A} checked for the cluster IAM role (from ebs-default). A NodeClass that names its own key is not seen by the EKS API: name it in kms-key-ids to check it.`
    )
    expect(message(autoMode('input'))).toBe(
      `Cluster prod has no node groups or self-managed Auto Scaling groups to watch. EKS Auto Mode: key ${KEY_A} checked for the cluster IAM role (from input).`
    )
  })

  it('says plainly what it could not check', () => {
    expect(
      message({
        launchers: [
          launcher('karpenter', { unchecked: 'Karpenter: its controller role was not found.' }),
          launcher('karpenter', { roleArn: KARPENTER_ROLE })
        ]
      })
    ).toBe(
      `Cluster prod has no node groups or self-managed Auto Scaling groups to watch. Karpenter: its controller role was not found. Karpenter: no key found to check for the Karpenter controller role ${KARPENTER_ROLE}.`
    )
  })

  it('says when Auto Mode is on but its keys were not checked, and only then', () => {
    const base = 'Cluster prod has no node groups or self-managed Auto Scaling groups to watch.'
    const unchecked =
      ' EKS Auto Mode is enabled: the keys of the nodes it launches were not checked.'
    expect(message({ autoMode: true })).toBe(base + unchecked)
    expect(message({ autoMode: true, launchers: [launcher('karpenter')] })).toBe(
      `${base} Karpenter: no key found to check for the Karpenter controller role.${unchecked}`
    )
    expect(
      message({ autoMode: true, launchers: [launcher('karpenter'), launcher('auto-mode')] })
    ).toBe(
      `${base} Karpenter: no key found to check for the Karpenter controller role. EKS Auto Mode: no key found to check for the cluster IAM role. A NodeClass that names its own key is not seen by the EKS API: name it in kms-key-ids to check it.`
    )
    expect(message({})).toBe(base)
  })
})
