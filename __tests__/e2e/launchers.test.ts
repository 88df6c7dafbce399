/**
 * Issue #26: Karpenter and EKS Auto Mode. Their nodes come from CreateFleet calls made with the
 * launcher's own role, and a key that role cannot use kills each instance seconds after launch.
 * Every test drives the action in process against the simulator, whose fleet launches judge the
 * key with the launcher role's credentials.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Session } from '../../sim/harness.js'
import { identityPolicy } from '../../src/aws/permissions.js'
import { runScenario, waitCommand } from '../support/e2e.js'

let session: Session | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

const KARPENTER_ROLE = 'arn:aws:iam::111122223333:role/KarpenterController-20261201'
const KARPENTER_KEY = 'arn:aws:kms:us-east-1:111122223333:key/5555abcd-12ab-34cd-56ef-555555555555'
const AUTO_ROLE = 'arn:aws:iam::111122223333:role/AmazonEKSAutoClusterRole'
const AUTO_KEY = 'arn:aws:kms:us-east-1:111122223333:key/6666abcd-12ab-34cd-56ef-666666666666'

/** A key policy of key administrators only: no account root statement, so IAM cannot help. */
const ADMIN_ONLY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'KeyAdministrators',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:role/Admin' },
      Action: 'kms:*',
      Resource: '*'
    }
  ]
}

/** The controller role's IAM policy with the KMS statements Karpenter's docs leave to the user. */
const KARPENTER_KMS_IAM = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        'kms:Decrypt',
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
        'kms:GenerateDataKeyWithoutPlaintext',
        'kms:DescribeKey',
        'kms:CreateGrant'
      ],
      Resource: KARPENTER_KEY,
      Condition: { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } }
    }
  ]
}

/** Karpenter has launched (and lost) instances before the run: its launch template shows the key. */
const LAUNCHED_BEFORE = { launchers: { karpenter: { launchAfterSeconds: -100 } } }

describe('Karpenter', () => {
  it('verify: a key policy that delegates to the account, and a controller role with no KMS in IAM, fails as karpenter-kms-access-denied with the IAM fix', async () => {
    const result = await runScenario(
      'karpenter',
      { mode: 'verify' },
      { overrides: LAUNCHED_BEFORE }
    )
    session = result.session
    const { run } = result
    expect(run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'karpenter-kms-access-denied',
      'launchers-checked': '1',
      'nodegroups-checked': '0'
    })
    expect(run.summary).toContain(KARPENTER_ROLE)
    expect(run.summary).toContain(KARPENTER_KEY)
    // The fix names the role in the key policy, and the IAM route with the module's input.
    expect(run.summary).toContain('EksKmsGuardKarpenterUse')
    expect(run.summary).toContain('iam_policy_statements')
    expect(run.summary).toContain(
      'aws iam put-role-policy --role-name KarpenterController-20261201'
    )
    // The launch template (after a first launch) is where the key was read.
    expect(run.stdout).toContain("Karpenter's launch template karpenter.k8s.aws/")
  })

  it('verify: a key policy that names neither the role nor the account fails the same, naming the instance EC2 terminated', async () => {
    const result = await runScenario(
      'karpenter',
      { mode: 'verify' },
      {
        overrides: {
          ...LAUNCHED_BEFORE,
          keys: [{ id: '5555abcd-12ab-34cd-56ef-555555555555', policy: ADMIN_ONLY }]
        }
      }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'karpenter-kms-access-denied',
      'failure-code': 'Client.InvalidKMSKey.InvalidState'
    })
    const instance = session.sim.world.fleetInstances[0].id
    expect(result.run.summary).toContain(instance)
    expect(result.run.summary).not.toContain('iam_policy_statements')
  })

  it('verify: the controller role allowed KMS by its IAM policy passes, launchers-checked=1', async () => {
    const result = await runScenario(
      'karpenter',
      { mode: 'verify' },
      {
        overrides: {
          launchers: { karpenter: { launchAfterSeconds: -100, iamPolicies: [KARPENTER_KMS_IAM] } }
        }
      }
    )
    session = result.session
    if (process.env.DEBUG_RUN) console.log(result.run.stdout)
    expect(result.run.outputs).toMatchObject({ result: 'success', 'launchers-checked': '1' })
    expect(session.sim.world.fleetInstances.map(i => i.state)).toEqual(['running'])
    // The key of its launch template, checked for the controller role through its IAM policy.
    expect(result.run.stdout).toContain(
      `Key ${KARPENTER_KEY}: Karpenter's launch template karpenter.k8s.aws/1234567890123456789 names it; checked for ${KARPENTER_ROLE}; no problem found.`
    )
  })

  it('no role found: its terminated instances still fail the run, and the warning asks for karpenter-role-arn', async () => {
    const result = await runScenario(
      'karpenter',
      { mode: 'verify' },
      { overrides: { launchers: { karpenter: { launchAfterSeconds: -100, podIdentity: false } } } }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'karpenter-kms-access-denied',
      'launchers-checked': '0'
    })
    expect(result.run.stdout).toMatch(
      /::warning::Karpenter launches nodes for cluster \S+, but its controller role was not found/
    )
    // The fix names the controller role to fill in, never the Auto Scaling role.
    expect(result.run.summary).toContain('<karpenter-controller-role-arn>')
    expect(result.run.summary).not.toContain('AWSServiceRoleForAutoScaling"')
  })

  it('deploy without patch-policy: fails within one poll of the first terminated instance', async () => {
    const result = await runScenario('karpenter', {
      mode: 'deploy',
      'patch-policy': 'false',
      command: waitCommand(30)
    })
    session = result.session
    const { run } = result
    expect(run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'karpenter-kms-access-denied'
    })
    const first = session.sim.world.fleetInstances[0]
    const poll = 15 / session.sim.world.scenario.timeScale
    // Detected from the instance's launch: it is shutting down 8 s later, seen at the next poll
    // (a poll interval is jittered by up to 10 % either way).
    expect(Number(run.outputs['detected-after-seconds'])).toBeLessThanOrEqual(8 / 60 + poll * 1.1)
    expect(run.summary).toContain(first.id)
  })

  it('deploy: adds the controller role to the key policy, and the next launch runs', async () => {
    const result = await runScenario('karpenter', {
      mode: 'deploy',
      command: waitCommand(5)
    })
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
    const key = session.sim.world.keys.get('5555abcd-12ab-34cd-56ef-555555555555')!
    const sids = (
      JSON.parse(session.sim.world.currentPolicy(key)) as { Statement: { Sid?: string }[] }
    ).Statement.map(s => s.Sid)
    expect(sids).toEqual(
      expect.arrayContaining(['EksKmsGuardKarpenterUse', 'EksKmsGuardKarpenterGrants'])
    )
    expect(session.sim.world.fleetInstances.some(i => i.state === 'running')).toBe(true)
  })
})

describe('EKS Auto Mode', () => {
  it('verify: kms-key-ids names the NodeClass key the cluster role cannot use: automode-kms-access-denied', async () => {
    const result = await runScenario('auto-mode', {
      mode: 'verify',
      'kms-key-ids': 'alias/auto-mode-nodes'
    })
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'automode-kms-access-denied',
      'launchers-checked': '1'
    })
    expect(result.run.summary).toContain(AUTO_ROLE)
    expect(result.run.summary).toContain('EksKmsGuardAutoModeGrants')
  })

  it('deploy without patch-policy: its managed instance terminated on the key fails the run within one poll', async () => {
    const result = await runScenario('auto-mode', {
      mode: 'deploy',
      'patch-policy': 'false',
      command: waitCommand(30)
    })
    session = result.session
    const { run } = result
    expect(run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'automode-kms-access-denied'
    })
    // Within one poll of the termination: a poll interval is jittered by up to 10 % either way.
    expect(Number(run.outputs['detected-after-seconds'])).toBeLessThanOrEqual((8 + 15 * 1.1) / 60)
    expect(run.summary).toContain(session.sim.world.fleetInstances[0].id)
    expect(run.summary).toContain('encrypted with an inaccessible AWS KMS key')
  })

  it('deploy with kms-key-ids: adds the cluster role to the key policy before the first launch, which runs', async () => {
    const result = await runScenario('auto-mode', {
      mode: 'deploy',
      'kms-key-ids': AUTO_KEY,
      command: waitCommand(5)
    })
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
    expect(session.sim.world.fleetInstances.every(i => i.state === 'running')).toBe(true)
  })

  it('verify on a healthy Auto Mode cluster passes and says which key it checked, and that a NodeClass key is not seen', async () => {
    const result = await runScenario(
      'auto-mode',
      { mode: 'verify' },
      { overrides: { launchers: { autoMode: { kmsKeyId: null } } } }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'launchers-checked': '1' })
    expect(result.run.summary).toContain('name it in kms-key-ids')
    expect(result.run.stdout).not.toContain('::warning::EKS Auto Mode is enabled')
  })
})

describe('least privilege', () => {
  const deployPolicy = identityPolicy('deploy', { partition: 'aws', account: '111122223333' })

  it('Karpenter: the documented deploy policy covers every launcher read, the IAM simulation and the patch', async () => {
    const result = await runScenario(
      'karpenter',
      { mode: 'deploy', command: waitCommand(5) },
      { overrides: { identityPolicy: deployPolicy } }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
    const denied = session.sim.world.calls.filter(c => c.status === 403)
    expect(denied).toEqual([])
    const made = new Set(session.sim.world.calls.map(c => `${c.service}:${c.operation}`))
    for (const call of [
      'ec2:DescribeInstances',
      'ec2:DescribeLaunchTemplates',
      'eks:ListPodIdentityAssociations',
      'eks:DescribePodIdentityAssociation',
      'iam:SimulatePrincipalPolicy'
    ])
      expect(made).toContain(call)
  })

  it('a role without the launcher reads still verifies a node-group cluster, and says what to grant', async () => {
    const verifyOnly = identityPolicy('verify', { partition: 'aws', account: '111122223333' })
    const withoutLaunchers = {
      ...verifyOnly,
      Statement: verifyOnly.Statement.filter(s => !/^Launcher/.test(s.Sid ?? ''))
    }
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      { overrides: { identityPolicy: withoutLaunchers } }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'launchers-checked': '0' })
    expect(result.run.stdout).toMatch(
      /::warning::Could not look for Karpenter on cluster \S+: .*ListPodIdentityAssociations/
    )
  })
})
