/**
 * Issue: explain every failure. For each root cause, a scenario runs end to end; the report must
 * name the cause and the key facts, and its fixes must be valid: the JSON, added to the key policy,
 * grants exactly what was missing (by our policy module and by an independent evaluator), and the
 * Terraform parses as HCL.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { parse as parseHcl } from '@cdktf/hcl2json'
import type { Session } from '../../sim/harness.js'
import { readScenarioInput } from '../../sim/scenarios.js'
import { checkRequirements, ebsContext, requirements } from '../../src/kms/requirements.js'
import { parseKeyPolicy } from '../../src/kms/document.js'
import { oracle } from '../support/oracle.js'
import {
  INCIDENT_KEY,
  rootPolicy,
  runScenario,
  SLR,
  withIncidentKeyPolicy
} from '../support/e2e.js'

const sessions: Session[] = []
afterAll(async () => {
  await Promise.all(sessions.map(s => s.close()))
})

/** The first fenced block of `language` after `marker` in the Markdown. */
function fenced(markdown: string, marker: string, language: string): string | undefined {
  const at = markdown.indexOf(marker)
  if (at < 0) return undefined
  const match = new RegExp('(`{3,})' + language + '\\n([\\s\\S]*?)\\n\\1').exec(markdown.slice(at))
  return match?.[2]
}

async function diagnosed(scenario: string, inputs: Record<string, string> = { mode: 'verify' }) {
  const { run, session } = await runScenario(scenario, inputs)
  sessions.push(session)
  return run
}

function originalPolicy(scenario: string): Record<string, unknown> {
  const input = readScenarioInput(scenario) as {
    keys: { id: string; policy: Record<string, unknown> }[]
  }
  return input.keys.find(k => k.id === '1234abcd-12ab-34cd-56ef-1234567890ab')!.policy
}

describe('each root cause, explained with evidence and a fix', () => {
  it('kms-policy-missing-autoscaling-role: the JSON fix grants exactly what was missing', async () => {
    const run = await diagnosed('incident')
    expect(run.outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
    expect(run.summary).toContain('Client.InvalidKMSKey.InvalidState')
    expect(run.summary).toContain(INCIDENT_KEY)
    expect(run.summary).toMatch(/Scaling activity [0-9a-f-]{36} of eks-node-group-synthar3eg-/)
    expect(run.summary).toContain('launch template eks-node-lt-synthar3eg version 1')
    expect(run.summary).toContain('Checks passed')
    expect(run.summary).toContain('the key is Enabled')
    expect(run.stdout).toMatch(
      /::error::\[kms-policy-missing-autoscaling-role\] .*Fix: Add EksKmsGuardAutoScalingUse/
    )

    const json = fenced(run.summary, 'Key policy statements to add (JSON)', 'json')
    const statements = JSON.parse(json ?? 'null') as Record<string, unknown>[]
    expect(statements.map(s => s.Sid)).toEqual([
      'EksKmsGuardAutoScalingUse',
      'EksKmsGuardAutoScalingGrants'
    ])
    const before = originalPolicy('incident')
    const after = { ...before, Statement: [...(before.Statement as unknown[]), ...statements] }
    const needed = requirements({
      autoscalingRoleArn: SLR,
      region: 'us-east-1',
      account: '111122223333'
    })
    expect(
      checkRequirements(parseKeyPolicy(JSON.stringify(before)), INCIDENT_KEY, needed).map(
        s => s.status
      )
    ).toEqual(['missing', 'missing'])
    expect(
      checkRequirements(parseKeyPolicy(JSON.stringify(after)), INCIDENT_KEY, needed).map(
        s => s.status
      )
    ).toEqual(['granted', 'granted'])
    const context = ebsContext('us-east-1', '111122223333', SLR)
    for (const [action, extra] of [
      ['kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true' }],
      ['kms:GenerateDataKeyWithoutPlaintext', {}],
      ['kms:Decrypt', {}]
    ] as const) {
      expect(await oracle(before, INCIDENT_KEY, SLR, action, { ...context, ...extra })).toBe(
        'ImplicitlyDenied'
      )
      expect(await oracle(after, INCIDENT_KEY, SLR, action, { ...context, ...extra })).toBe(
        'Allowed'
      )
    }
    for (const other of [
      'arn:aws:iam::111122223333:role/admin',
      'arn:aws:iam::444455556666:root'
    ]) {
      for (const action of ['kms:Decrypt', 'kms:CreateGrant', 'kms:PutKeyPolicy']) {
        const ctx = { 'kms:CallerAccount': other.split(':')[4] }
        expect(await oracle(after, INCIDENT_KEY, other, action, ctx)).toBe(
          await oracle(before, INCIDENT_KEY, other, action, ctx)
        )
      }
    }

    const hcl = fenced(run.summary, '<summary>Terraform</summary>', 'hcl') ?? ''
    const parsed = (await parseHcl('fix.tf', hcl)) as {
      locals: { autoscaling_role_arn?: string; eks_kms_guard_statements?: unknown[] }[]
      data: { aws_iam_policy_document: Record<string, unknown> }
    }
    // The role's ARN is written once, as a join of its parts (each fits a code block's width),
    // and the statements refer to it.
    const roleArn = parsed.locals[0].autoscaling_role_arn ?? ''
    const parts = [...roleArn.matchAll(/"([^"]+)"/g)].map(m => m[1])
    expect(roleArn).toMatch(/^\$\{join\("\/", \[/)
    const principal = parts.slice(1).join('/')
    const resolved = JSON.parse(
      JSON.stringify(parsed.locals[1].eks_kms_guard_statements).replaceAll(
        '${local.autoscaling_role_arn}',
        principal
      )
    )
    expect(resolved).toEqual(statements)
    expect(parsed.data.aws_iam_policy_document.ebs_key).toBeDefined()
    expect(hcl.split('\n').every(line => line.length <= 90)).toBe(true)
    const cli = fenced(run.summary, '<summary>AWS CLI</summary>', 'sh') ?? ''
    expect(cli).toContain(`KEY=${INCIDENT_KEY}\n`)
    expect(cli).toContain('aws kms put-key-policy --key-id "$KEY" --policy-name default')
    expect(JSON.parse(cli.split("<<'EOF'\n")[1].split('\nEOF')[0])).toEqual(statements)
  })

  it('explains why the service principal (the first wrong fix) does not help', async () => {
    const { run, session } = await runScenario(
      'incident',
      { mode: 'verify' },
      {
        overrides: withIncidentKeyPolicy(
          rootPolicy({
            Sid: 'AllowAutoScalingService',
            Effect: 'Allow',
            Principal: { Service: 'autoscaling.amazonaws.com' },
            Action: [
              'kms:Decrypt',
              'kms:Encrypt',
              'kms:ReEncrypt*',
              'kms:GenerateDataKey*',
              'kms:CreateGrant',
              'kms:DescribeKey'
            ],
            Resource: '*'
          })
        )
      }
    )
    sessions.push(session)
    expect(run.outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
    expect(run.summary).toMatch(
      /AllowAutoScalingService names the service principal autoscaling\.amazonaws\.com; Auto Scaling calls KMS as its service-linked role/
    )
  })

  it('the default EBS key really used is named, not the key in Terraform', async () => {
    const run = await diagnosed('ebs-default-key')
    expect(run.outputs['root-cause']).toBe('kms-policy-missing-autoscaling-role')
    expect(run.summary).toContain('key/9999abcd-12ab-34cd-56ef-999999999999')
    expect(run.summary).toContain("so the account's default EBS key")
  })

  it.each([
    ['key-disabled', 'kms-key-disabled', 'state Disabled', 'aws kms enable-key'],
    [
      'key-pending-deletion',
      'kms-key-pending-deletion',
      'state PendingDeletion',
      'aws kms cancel-key-deletion'
    ],
    [
      'key-pending-import',
      'kms-key-pending-import',
      'state PendingImport',
      'aws kms import-key-material'
    ],
    [
      'key-asymmetric',
      'kms-key-unusable-spec',
      'spec RSA_2048',
      'aws kms create-key --key-spec SYMMETRIC_DEFAULT'
    ],
    ['key-not-found', 'kms-key-not-found', 'state not found', 'aws kms describe-key'],
    [
      'orphaned-principal',
      'kms-policy-orphaned-principal',
      'AROAJQABLZS4A3QDU576Q',
      'aws kms put-key-policy'
    ]
  ])('%s → %s', async (scenario, cause, fact, cli) => {
    const run = await diagnosed(scenario)
    expect(run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': cause,
      'failure-code': 'Client.InvalidKMSKey.InvalidState'
    })
    expect(run.summary).toContain(fact)
    expect(run.summary).toContain(cli)
  })

  it('kms-key-cross-account: the fix is a grant from this account, and its Terraform parses', async () => {
    const run = await diagnosed('cross-account-key')
    expect(run.outputs['root-cause']).toBe('kms-key-cross-account')
    expect(run.summary).toContain('owner account 444455556666')
    const cli = fenced(run.summary, '<summary>AWS CLI</summary>', 'sh') ?? ''
    expect(cli).toContain(
      `aws kms create-grant --region us-east-1 --key-id arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab --grantee-principal ${SLR}`
    )
    const hcl = (await parseHcl(
      'fix.tf',
      fenced(run.summary, '<summary>Terraform</summary>', 'hcl') ?? ''
    )) as {
      resource: {
        aws_kms_grant: Record<string, { grantee_principal: string; operations: string[] }[]>
      }
    }
    const grant = hcl.resource.aws_kms_grant.autoscaling_ebs[0]
    expect(grant.grantee_principal).toBe(SLR)
    expect(grant.operations).toEqual(
      expect.arrayContaining(['Decrypt', 'GenerateDataKeyWithoutPlaintext', 'CreateGrant'])
    )
  })

  it('kms-key-explicit-deny names the Deny statement', async () => {
    const run = await diagnosed('explicit-deny')
    expect(run.outputs['root-cause']).toBe('kms-key-explicit-deny')
    expect(run.summary).toContain('DenyGrantsOutsideAdmins')
  })

  it('autoscaling-role-missing: Terraform creates the role before the key policy names it', async () => {
    const { run, session } = await runScenario('missing-service-linked-role', {
      mode: 'verify',
      'nodegroup-names': 'node-group-synthar3eg'
    })
    sessions.push(session)
    expect(run.outputs['root-cause']).toBe('autoscaling-role-missing')
    const hcl = (await parseHcl(
      'fix.tf',
      fenced(run.summary, '<summary>Terraform</summary>', 'hcl') ?? ''
    )) as {
      resource: { aws_iam_service_linked_role: Record<string, { aws_service_name: string }[]> }
    }
    expect(hcl.resource.aws_iam_service_linked_role.autoscaling[0].aws_service_name).toBe(
      'autoscaling.amazonaws.com'
    )
    expect(run.summary).toContain(
      'aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com'
    )
    // Two steps, each said once: the role, then the statements.
    expect(run.stdout).toMatch(
      /Fix: \(1\) Create the Auto Scaling service-linked role first \(deploy does so unless create-service-linked-role is false\): no key policy can name it before it exists\. \(2\) Add EksKmsGuardAutoScalingUse and EksKmsGuardAutoScalingGrants to the key policy/
    )
    expect(run.stdout.match(/put-key-policy/g)?.length ?? 0).toBeLessThanOrEqual(1)
  })

  it('launch-template-invalid and capacity-unavailable carry their remedy', async () => {
    const ami = await diagnosed('ami-not-found')
    expect(ami.outputs['root-cause']).toBe('launch-template-invalid')
    expect(ami.summary).toContain('Use an AMI that exists in this Region')
    const capacity = await diagnosed('capacity-exhausted')
    expect(capacity.outputs['root-cause']).toBe('capacity-unavailable')
    expect(capacity.summary).toContain('Allow more instance types or Availability Zones')
  })

  it('escapes untrusted AWS text: no HTML, Markdown links or @mentions get through', async () => {
    const hostile =
      'Launch failed <img src=x onerror=alert(1)> [click](https://evil.example) @octocat **bold** Launching EC2 instance failed. You are not authorized to use launch template'
    const { run, session } = await runScenario(
      'correct-policy',
      { mode: 'verify' },
      {
        overrides: {
          nodegroups: [
            {
              name: 'node-group-synthar3eg',
              launchError: { statusCode: 'Failed', message: hostile }
            }
          ]
        }
      }
    )
    sessions.push(session)
    expect(run.outputs['root-cause']).toBe('launch-template-invalid')
    expect(run.summary).not.toContain('<img')
    expect(run.summary).not.toContain('[click](')
    expect(run.summary).not.toMatch(/(^|[^\u200b])@octocat/)
    expect(run.summary).toContain('&lt;img')
  })
})
