/**
 * Issue 15: the situations users bring — a node group that failed before the run, keys with
 * several causes, policy shapes that decide, denied reads, wrong names — end to end.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import type { Session } from '../../sim/harness.js'
import { INCIDENT_KEY, INCIDENT_KEY_ID, runScenario } from '../support/e2e.js'

const sessions: Session[] = []
afterAll(async () => {
  await Promise.all(sessions.map(s => s.close()))
})

async function run(
  scenario: string,
  inputs: Record<string, string> = { mode: 'verify' },
  overrides?: unknown
) {
  const result = await runScenario(scenario, inputs, { overrides })
  sessions.push(result.session)
  return result.run
}

describe('a node group that EKS gave up on before the run', () => {
  it('verify: CREATE_FAILED on the first screen, the key cause, then the recreation; no detected-after', async () => {
    const r = await run('create-failed-before-run')
    expect(r.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role',
      'detected-after-seconds': ''
    })
    // The first screen: the verdict line and the cause, next step, key and links under it.
    const first = r.summary.split('\n\n').slice(0, 2).join('\n')
    expect(first).toContain('was already CREATE_FAILED when this run started')
    expect(first).toContain('EKS will not retry it')
    expect(first).toMatch(/created \d{4}-\d\d-\d\dT.*EKS gave up at \d{4}-/)
    expect(r.summary).not.toContain('Without this guard')
    expect(r.summary).not.toContain('<key-arn>')
    const fix = r.summary.slice(r.summary.indexOf('### Fix'))
    // Fix the key first, then recreate the node group.
    expect(fix.indexOf('EksKmsGuardAutoScalingUse')).toBeLessThan(
      fix.indexOf('Recreate node group')
    )
    expect(fix).toContain('tainted')
    expect(fix).toContain('aws eks delete-nodegroup')
    expect(fix).toContain('terraform state list -id=eks-cluster-synthar3eg:node-group-synthar3eg')
  })

  it('deploy: the key is fixed now and the node group must be recreated, no blame on propagation', async () => {
    const r = await run('create-failed-before-run', { mode: 'deploy' })
    expect(r.outputs).toMatchObject({
      result: 'failure',
      'policy-changed': 'true',
      'root-cause': 'kms-policy-missing-autoscaling-role',
      'detected-after-seconds': ''
    })
    expect(r.summary).not.toMatch(/propagation grace|another control/)
    // Said once: the headline says this run fixed the key, the rest says what is left.
    expect(r.summary.match(/This run fixed the key/g)).toHaveLength(1)
    expect(r.summary).toContain(`Key ${INCIDENT_KEY_ID} now grants what Auto Scaling needs`)
    expect(r.summary).toContain('Recreate node group node-group-synthar3eg')
    expect(r.summary).not.toContain('<key-arn>')
    // It does not tell the user to add the statements it has just added.
    expect(r.summary).not.toContain('Key policy statements to add (JSON)')
  })
})

describe('every cause of a key gets its fix, in order', () => {
  it('pending deletion and no grant: cancel outside Terraform, enable, then the statements', async () => {
    const r = await run('key-pending-deletion')
    expect(r.outputs['root-cause']).toBe('kms-key-pending-deletion')
    const fix = r.summary.slice(r.summary.indexOf('### Fix'))
    const cancel = fix.indexOf(
      `aws kms cancel-key-deletion --region us-east-1 --key-id ${INCIDENT_KEY}`
    )
    const enable = fix.indexOf(`aws kms enable-key --region us-east-1 --key-id ${INCIDENT_KEY}`)
    const statements = fix.indexOf('EksKmsGuardAutoScalingUse')
    expect(cancel).toBeGreaterThan(0)
    expect(enable).toBeGreaterThan(cancel)
    expect(statements).toBeGreaterThan(0)
    expect(r.summary).toMatch(
      /\*\*Next:\*\* \(1\) Cancel the scheduled deletion.*\(2\) Add EksKmsGuardAutoScalingUse/
    )
    expect(fix).toContain('outside Terraform')
    expect(fix).toContain(`id = "${INCIDENT_KEY_ID}"`)
    expect(r.summary).not.toMatch(/<key-arn>|<key-account>/)
  })

  it('disabled and no grant: enable-key and is_enabled = true, then the statements', async () => {
    const r = await run('key-disabled')
    expect(r.outputs['root-cause']).toBe('kms-key-disabled')
    const fix = r.summary.slice(r.summary.indexOf('### Fix'))
    expect(r.summary).toMatch(
      /\*\*Next:\*\* \(1\) Enable the key.*\(2\) Add EksKmsGuardAutoScalingUse/
    )
    expect(fix).toContain('is_enabled = true')
    expect(fix).toContain(`aws kms enable-key --region us-east-1 --key-id ${INCIDENT_KEY}`)
  })
})

describe('policy shapes that decide', () => {
  it('a Deny with NotPrincipal naming the account root: kms-key-explicit-deny', async () => {
    const r = await run('deny-not-principal-root')
    expect(r.outputs['root-cause']).toBe('kms-key-explicit-deny')
    expect(r.summary).toContain('DenyEveryoneButTheAccount')
  })

  it('a grant only under aws:SourceIp: missing in verify, fixed by deploy', async () => {
    const verify = await run('source-ip-grant')
    expect(verify.outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
    const deploy = await run('source-ip-grant', { mode: 'deploy' })
    expect(deploy.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
  })
})

describe('AccessDenied keeps the report', () => {
  it.each([
    ['DescribeNodegroup', 'eks:DescribeNodegroup', 'EksRead'],
    [
      'DescribeAutoScalingGroups',
      'autoscaling:DescribeAutoScalingGroups',
      'ReadsWithoutResourceScope'
    ],
    [
      'DescribeLaunchTemplateVersions',
      'ec2:DescribeLaunchTemplateVersions',
      'ReadsWithoutResourceScope'
    ],
    ['DescribeKey', 'kms:DescribeKey', 'KmsReadAnyAccount'],
    ['GetKeyPolicy', 'kms:GetKeyPolicy', 'KmsReadKeyPolicy']
  ])(
    '%s denied: summary, outputs and permission-denied naming the action and its statement',
    async (operation, action, sid) => {
      const r = await run(
        'incident',
        { mode: 'verify' },
        {
          faults: [{ operation, accessDenied: true }]
        }
      )
      expect(r.outputs).toMatchObject({ result: 'failure', 'root-cause': 'permission-denied' })
      expect(r.outputs['failure-code']).toBe(action)
      expect(r.summary).toContain('permission-denied')
      expect(r.summary).toContain(`Allow ${action}`)
      expect(r.summary).toContain(`statement ${sid}`)
    }
  )
})
