/**
 * deploy acts on evidence: when the key policy's answer for the Auto Scaling role cannot be
 * decided from the policy alone, and the node group's launches fail with a KMS error, deploy adds
 * the documented statements (once) and watches as after any patch. verify only reports.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Session } from '../../sim/harness.js'
import {
  currentPolicy,
  rootPolicy,
  runScenario,
  SLR,
  withIncidentKeyPolicy
} from '../support/e2e.js'

let session: Session | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

/** Grants the role only inside an organization: a fact of the caller this action cannot read. */
const ORG_ONLY = withIncidentKeyPolicy(
  rootPolicy({
    Sid: 'OrgOnly',
    Effect: 'Allow',
    Principal: { AWS: SLR },
    Action: [
      'kms:Encrypt',
      'kms:Decrypt',
      'kms:ReEncrypt*',
      'kms:GenerateDataKey*',
      'kms:DescribeKey',
      'kms:CreateGrant'
    ],
    Resource: '*',
    Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' } }
  })
)

describe('deploy acts on evidence', () => {
  it('an undecidable grant plus KMS launch failures: deploy adds the statements and the node group recovers', async () => {
    const result = await runScenario('incident', { mode: 'deploy' }, { overrides: ORG_ONLY })
    session = result.session
    expect(result.run.outputs).toMatchObject({ result: 'success', 'policy-changed': 'true' })
    expect(result.run.stdout).toContain(
      'could not be decided for the Auto Scaling role: adding the documented statements'
    )
    const sids = currentPolicy(session).Statement.map(s => s.Sid)
    // Every statement kept, ours added once.
    expect(sids).toEqual([
      'Enable IAM User Permissions',
      'OrgOnly',
      'EksKmsGuardAutoScalingUse',
      'EksKmsGuardAutoScalingGrants'
    ])
    expect(session.sim.world.nodegroups[0].status).toBe('ACTIVE')
  })

  it('verify on the same key reports and writes nothing', async () => {
    const result = await runScenario('incident', { mode: 'verify' }, { overrides: ORG_ONLY })
    session = result.session
    expect(result.run.outputs.result).toBe('failure')
    expect(result.run.outputs['policy-changed']).toBe('false')
    expect(currentPolicy(session).Statement.map(s => s.Sid)).toEqual([
      'Enable IAM User Permissions',
      'OrgOnly'
    ])
  })
})
