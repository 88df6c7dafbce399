/**
 * CloudFormation templates, told by content: the key a node group's launch template encrypts
 * with, judged by the same rules as Terraform's — the default KeyPolicy (root only), the service
 * principal mistake, the fixed policy with the role created in the template.
 */
import { describe, expect, it } from '@jest/globals'
import { resolve } from 'node:path'
import { runAllChecks } from '../../src/check/run.js'
import { CHECK_FORMATS } from '../../src/inputs.js'

const FIXTURES = resolve('__tests__/fixtures/cloudformation')

function check(dir: string) {
  return runAllChecks({ paths: ['.'], cwd: resolve(FIXTURES, dir), formats: [...CHECK_FORMATS] })
}

describe('CloudFormation templates', () => {
  it('a key with no KeyPolicy used by a node group’s launch template fails at the key', async () => {
    const outcome = await check('incident')
    expect(outcome.result).toBe('failure')
    expect(outcome.formatsRead).toEqual([{ format: 'cloudformation', files: 1 }])
    expect(outcome.keys).toHaveLength(1)
    const [key] = outcome.keys
    expect(key).toMatchObject({
      status: 'missing',
      file: 'nodes.yaml',
      line: 8,
      style: 'KeyPolicy'
    })
    expect(key.key).toContain('NodeVolumeKey (AWS::KMS::Key)')
    expect(key.uses[0]).toMatchObject({ file: 'nodes.yaml', line: 22 })
    expect(key.uses[0].consumer).toContain('Nodes (AWS::EKS::Nodegroup)')
    expect(key.fix).toContain('KeyPolicy:')
    expect(key.fix).toContain(
      'Fn::Sub: arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
    )
  })

  it('a statement naming the service principal autoscaling.amazonaws.com is said to grant nothing', async () => {
    const outcome = await check('service-principal')
    const [key] = outcome.keys
    expect(key).toMatchObject({
      status: 'missing',
      servicePrincipalSid: 'AutoScalingUse',
      file: 'template.json'
    })
    expect(key.uses[0].consumer).toContain('Workers (AWS::AutoScaling::AutoScalingGroup)')
    expect(key.fix).toContain('"Sid": "EksKmsGuardAutoScalingGrants"')
  })

  it('the policy written with Fn::Sub and Fn::Join, the key reached through its alias, passes', async () => {
    const outcome = await check('fixed')
    expect(outcome.result).toBe('success')
    expect(outcome.keys).toHaveLength(1)
    expect(outcome.keys[0]).toMatchObject({ status: 'granted' })
    expect(outcome.keys[0].decidedBy.map(d => [d.name, d.line])).toEqual([
      ['AutoScalingUse', 20],
      ['AutoScalingGrants', 26]
    ])
    expect(outcome.cautions).toEqual([])
  })
})
