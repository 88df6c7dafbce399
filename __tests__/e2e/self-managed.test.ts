/**
 * Issue #22: self-managed Auto Scaling groups of the cluster (no EKS node group) are found by
 * their tags or named in `asg-names`, their keys checked for the role they launch with, and their
 * launches watched like a node group's — in verify and deploy, against the simulator.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Session } from '../../sim/harness.js'
import { INCIDENT_KEY_ID, operations, runScenario } from '../support/e2e.js'

let session: Session | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

const GROUP = 'workers-synthar3eg'

describe('verify: a self-managed group found by the cluster tag', () => {
  it('whose key does not let the role launch fails, naming the Auto Scaling group, the key and the fix', async () => {
    const result = await runScenario('self-managed-asg', { mode: 'verify' })
    session = result.session
    const { run } = result
    expect(run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role',
      'nodegroups-checked': '0',
      'asgs-checked': '1'
    })
    expect(run.summary).toContain(`Auto Scaling group ${GROUP}`)
    expect(run.summary).not.toContain(`node group ${GROUP}`)
    expect(run.summary).toContain(INCIDENT_KEY_ID)
    expect(run.summary).toContain('AWSServiceRoleForAutoScaling')
    // verify writes nothing.
    expect(operations(session, 'PutKeyPolicy')).toBe(0)
  })
})
