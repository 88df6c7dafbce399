/**
 * A CDK cloud assembly (cdk.out after cdk synth): stacks, a nested stack whose launch template
 * takes the parent's key through a parameter, and a stage's own assembly. Findings name the
 * template and the construct; the fix is CDK code beside the JSON.
 */
import { describe, expect, it } from '@jest/globals'
import { resolve } from 'node:path'
import { runAllChecks } from '../../src/check/run.js'
import { CHECK_FORMATS } from '../../src/inputs.js'

const APP = resolve('__tests__/fixtures/cdk/app')

describe('CDK cloud assemblies', () => {
  it('the default key policy CDK writes (root only) fails the nested stack’s node group, named by construct', async () => {
    const outcome = await runAllChecks({ paths: ['.'], cwd: APP, formats: [...CHECK_FORMATS] })
    expect(outcome.formatsRead).toEqual([{ format: 'cdk', files: 3 }])
    expect(outcome.result).toBe('failure')
    const platform = outcome.keys.find(k => k.key.includes('NodeKey'))!
    expect(platform).toMatchObject({
      status: 'missing',
      file: 'cdk.out/Platform.template.json',
      line: 6
    })
    expect(platform.key).toBe(
      'Platform/NodeKey5D8C1E2A (AWS::KMS::Key, construct Platform/NodeKey)'
    )
    expect(platform.uses).toEqual([
      expect.objectContaining({
        file: 'cdk.out/PlatformNodes6A7B8C9D.nested.template.json',
        line: 15,
        consumer: expect.stringContaining('construct Platform/Nodes/Cluster/NodegroupGeneral')
      })
    ])
    expect(platform.fix).toContain('key.addToResourcePolicy(new iam.PolicyStatement({')
    expect(platform.fix).toContain(
      'new iam.ArnPrincipal(`arn:${Stack.of(this).partition}:iam::${Stack.of(this).account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`)'
    )
    expect(platform.fix).toContain(
      '"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role'
    )
  })

  it('a stage’s assembly in a concrete account: the key granting that account’s role passes', async () => {
    const outcome = await runAllChecks({ paths: ['.'], cwd: APP, formats: [...CHECK_FORMATS] })
    const prod = outcome.keys.find(k => k.key.includes('DataKey'))!
    expect(prod.status).toBe('granted')
    expect(prod.key).toContain('construct Prod/DataNodes/DataKey')
  })

  it('cdk-out names the assembly; formats leaves CDK out when asked', async () => {
    const named = await runAllChecks({
      paths: ['nothing-here'],
      cdkOut: ['cdk.out'],
      cwd: APP,
      formats: ['cdk']
    })
    expect(named.keys).toHaveLength(2)
    const without = await runAllChecks({
      paths: ['.'],
      cwd: APP,
      formats: ['cloudformation', 'eksctl']
    })
    expect(without.keys).toHaveLength(0)
    expect(without.inputError).toContain("Input 'paths' (.) matched no cloudformation, eksctl file")
  })

  it('a cdk-out folder with no cloud assembly (cdk synth not run) fails by name, never skipped', async () => {
    const outcome = await runAllChecks({
      paths: ['.'],
      cdkOut: ['cdk.out', 'cdk.out.missing'],
      cwd: APP,
      formats: [...CHECK_FORMATS]
    })
    expect(outcome.result).toBe('failure')
    expect(outcome.inputError).toContain(
      "Input 'cdk-out' names cdk.out.missing, which holds no manifest.json"
    )
    expect(outcome.inputError).toContain('Run cdk synth before check')
  })
})
