/** @cloud-copilot/iam-simulate as an independent oracle for key-policy decisions (dev only, AGPL). */
import { runSimulation } from '@cloud-copilot/iam-simulate'

export type OracleResult = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied'

export async function oracle(
  policy: unknown,
  keyArn: string,
  principal: string,
  action: string,
  context: Record<string, string> = {}
): Promise<OracleResult> {
  const account = keyArn.split(':')[4]
  const result = await runSimulation(
    {
      request: {
        principal,
        action,
        resource: { resource: keyArn, accountId: account },
        contextVariables: context
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: policy as Record<string, unknown>
    },
    { simulationMode: 'Strict' }
  )
  if (result.resultType !== 'single')
    throw new Error(`oracle could not evaluate: ${JSON.stringify(result)}`)
  return result.overallResult as OracleResult
}
