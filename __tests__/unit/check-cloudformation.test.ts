/**
 * CloudFormation templates, told by content: the key a node group's launch template encrypts
 * with, judged by the same rules as Terraform's — the default KeyPolicy (root only), the service
 * principal mistake, the fixed policy with the role created in the template.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
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
      ['AutoScalingGrants', 27]
    ])
    expect(outcome.cautions).toEqual([])
  })
})

describe('CloudFormation intrinsic functions and conditions', () => {
  it('Fn::If on a condition its parameters’ defaults decide, Fn::Select, and a KeyPolicy in Fn::Sub text', async () => {
    const outcome = await check('conditions')
    expect(outcome.keys).toHaveLength(1)
    const [key] = outcome.keys
    expect(key.status).toBe('missing')
    expect(key.message).toContain('kms:CreateGrant')
    expect(key.message).not.toContain('Encrypt, Decrypt')
    // The statement granting use is found on its line inside the block scalar.
    expect(key.decidedBy.map(d => [d.name, d.line])).toEqual([['AutoScalingUse', 23]])
    expect(key.uses[0].consumer).toContain('Workers (AWS::AutoScaling::AutoScalingGroup)')
    expect(key.uses[0].line).toBe(36)
  })

  it('a custom-suffix service-linked role on an Auto Scaling group is the principal the key must allow', async () => {
    const outcome = await check('custom-suffix')
    const [key] = outcome.keys
    expect(key.status).toBe('missing')
    expect(key.message).toContain('AWSServiceRoleForAutoScaling_nodes')
    // Both templates of the Mixed Instances policy, the override's included.
    expect(key.uses.map(u => u.via)).toEqual([
      expect.stringContaining('OnDemandTemplate'),
      expect.stringContaining('GravitonTemplate')
    ])
    expect(key.fix).toContain('AWSServiceRoleForAutoScaling_nodes')
    expect(outcome.cautions).toEqual([])
  })

  it('an imported value, an SSM parameter, a custom resource that may grant and a literal key are each named, not passed', async () => {
    const outcome = await check('elsewhere')
    expect(outcome.result).toBe('success')
    const byStatus = (status: string) => outcome.keys.filter(k => k.status === status)
    expect(byStatus('missing')).toEqual([])
    const unknowns = byStatus('unknown').flatMap(k => k.unknowns.map(c => c.what))
    expect(unknowns).toEqual(
      expect.arrayContaining([
        'the value another stack exports as platform-ebs-key-arn (Fn::ImportValue)',
        'parameter SharedKeyArn (read from SSM parameter /platform/ebs-key-arn)',
        'GrantForAutoScaling (Custom::KmsGrant)'
      ])
    )
    expect(byStatus('outside').map(k => k.key)).toEqual([
      'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
    ])
    expect(byStatus('outside')[0].message).toContain(
      'aws kms get-key-policy --key-id arn:aws:kms:eu-west-1'
    )
  })
})

describe('nested stacks', () => {
  it('a parent passing its key to a nested stack (local TemplateURL) fails at the parent’s key', async () => {
    const outcome = await check('nested')
    expect(outcome.formatsRead).toEqual([{ format: 'cloudformation', files: 2 }])
    expect(outcome.keys).toHaveLength(1)
    expect(outcome.keys[0]).toMatchObject({ status: 'missing', file: 'main.yaml', line: 7 })
    expect(outcome.keys[0].uses[0]).toMatchObject({ file: 'stacks/nodes.yaml', line: 14 })
  })
})

describe('a condition no default decides', () => {
  it('Fn::If between the key and AWS::NoValue follows the key, naming the condition', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfn-if-'))
    writeFileSync(
      join(dir, 'nodes.yaml'),
      [
        'Parameters:',
        '  UseCmk: { Type: String }',
        'Conditions:',
        '  WithKey: !Equals [!Ref UseCmk, "yes"]',
        'Resources:',
        '  Key: { Type: AWS::KMS::Key }',
        '  LT:',
        '    Type: AWS::EC2::LaunchTemplate',
        '    Properties:',
        '      LaunchTemplateData:',
        '        BlockDeviceMappings:',
        '          - Ebs: { Encrypted: true, KmsKeyId: !If [WithKey, !GetAtt Key.Arn, !Ref AWS::NoValue] }',
        '  Nodes: { Type: AWS::EKS::Nodegroup, Properties: { LaunchTemplate: { Id: !Ref LT } } }',
        ''
      ].join('\n')
    )
    try {
      const outcome = await runAllChecks({ paths: ['.'], cwd: dir, formats: ['cloudformation'] })
      expect(outcome.keys.map(k => [k.status, k.key])).toEqual([['missing', 'Key (AWS::KMS::Key)']])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('a key no launch can use, whatever its policy', () => {
  it.each([
    ['Enabled: false', 'kms-key-disabled', 'is disabled (Enabled: false)', 'Enabled: true'],
    [
      'KeyUsage: SIGN_VERIFY',
      'kms-key-unusable-spec',
      'is a SIGN_VERIFY key',
      'KeyUsage: ENCRYPT_DECRYPT'
    ],
    [
      'KeySpec: RSA_2048',
      'kms-key-unusable-spec',
      'is a RSA_2048 key',
      'KeySpec: SYMMETRIC_DEFAULT'
    ]
  ])('%s fails as %s, at that line, with its fix', async (setting, cause, said, fix) => {
    const dir = mkdtempSync(join(tmpdir(), 'cfn-unusable-'))
    writeFileSync(
      join(dir, 'nodes.yaml'),
      [
        'Resources:',
        '  Key:',
        '    Type: AWS::KMS::Key',
        '    Properties:',
        `      ${setting}`,
        '  LT:',
        '    Type: AWS::EC2::LaunchTemplate',
        '    Properties:',
        '      LaunchTemplateData:',
        '        BlockDeviceMappings:',
        '          - Ebs: { Encrypted: true, KmsKeyId: !GetAtt Key.Arn }',
        '  Nodes: { Type: AWS::EKS::Nodegroup, Properties: { LaunchTemplate: { Id: !Ref LT } } }',
        ''
      ].join('\n')
    )
    try {
      const outcome = await runAllChecks({ paths: ['.'], cwd: dir, formats: ['cloudformation'] })
      expect(outcome.keys).toHaveLength(1)
      expect(outcome.keys[0]).toMatchObject({ status: 'unusable', unusableCause: cause, line: 5 })
      expect(outcome.keys[0].message).toContain(said)
      expect(outcome.keys[0].fix).toContain(fix)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('custom resources given the key', () => {
  it('one that does not speak of grants (a cluster’s secrets encryption) leaves the missing grant an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfn-custom-'))
    writeFileSync(
      join(dir, 'cluster.json'),
      JSON.stringify({
        Resources: {
          Key: { Type: 'AWS::KMS::Key' },
          Cluster: {
            Type: 'Custom::AWSCDK-EKS-Cluster',
            Properties: {
              Config: {
                encryptionConfig: [{ provider: { keyArn: { 'Fn::GetAtt': ['Key', 'Arn'] } } }]
              }
            }
          },
          LT: {
            Type: 'AWS::EC2::LaunchTemplate',
            Properties: {
              LaunchTemplateData: {
                BlockDeviceMappings: [{ Ebs: { KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } }]
              }
            }
          },
          Nodes: {
            Type: 'AWS::EKS::Nodegroup',
            Properties: { LaunchTemplate: { Id: { Ref: 'LT' } } }
          }
        }
      })
    )
    try {
      const outcome = await runAllChecks({ paths: ['.'], cwd: dir, formats: ['cloudformation'] })
      expect(outcome.keys.map(k => k.status)).toEqual(['missing'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
