/**
 * Issue 28 (verify/deploy): races, faults and hostile text, end to end against the simulator.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Session } from '../../sim/harness.js'
import { runScenario } from '../support/e2e.js'

let session: Session | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

describe('expired credentials', () => {
  it.each([
    ['kms:DescribeKey', 'verify'],
    ['kms:GetKeyPolicy', 'verify'],
    ['kms:PutKeyPolicy', 'deploy']
  ])(
    'an ExpiredTokenException on %s is aws-credentials-expired, not permission-denied',
    async (call, mode) => {
      const operation = call.split(':')[1]
      const result = await runScenario(
        'incident',
        { mode, 'timeout-minutes': '2' },
        { overrides: { faults: [{ operation, expiredToken: true }] } }
      )
      session = result.session
      expect(result.run.outputs['root-cause']).toBe('aws-credentials-expired')
      expect(result.run.stdout).toContain('role-duration-seconds')
      expect(result.run.stdout).not.toMatch(/allow kms:\w+ to the role/)
    }
  )
})
