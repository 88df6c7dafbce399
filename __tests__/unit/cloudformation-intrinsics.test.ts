/**
 * The intrinsic functions, in the long form and the YAML short form alike, evaluated as
 * CloudFormation would before deploy: what is known is known, the rest names itself.
 */
import { describe, expect, it } from '@jest/globals'
import { parseSource, type Raw } from '../../src/cloudformation/source.js'
import { evaluate, NO_VALUE } from '../../src/cloudformation/intrinsics.js'
import { toTemplate } from '../../src/cloudformation/template.js'
import { Unknown } from '../../src/terraform/eval/values.js'

const TEMPLATE = `
Parameters:
  Env: { Type: String, Default: prod }
  Subnets: { Type: CommaDelimitedList, Default: 'subnet-a, subnet-b' }
  Secret: { Type: String }
Mappings:
  Sizes: { prod: { volume: '100' } }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Either: !Or [!Condition NotProd, !Equals [!Ref Secret, x]]
Resources:
  Key: { Type: AWS::KMS::Key }
  Balancer: { Type: AWS::ElasticLoadBalancing::LoadBalancer }
Outputs:
  Values:
    Value:
      short:
        ref: !Ref Env
        att: !GetAtt Balancer.SourceSecurityGroup.OwnerAlias
        sub: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/\${Env}-\${!Literal}'
        subVars: !Sub ['\${Name}-x', { Name: !FindInMap [Sizes, !Ref Env, volume] }]
        join: !Join ['/', [a, !Ref AWS::NoValue, b]]
        select: !Select [1, !Ref Subnets]
        ifKnown: !If [NotProd, one, two]
        ifUnknown: !If [Either, one, two]
        secret: !Ref Secret
        keyArn: !Sub '\${Key.Arn}'
        none: !Ref AWS::NoValue
`
const JSON_TEMPLATE = JSON.stringify({
  Parameters: { Env: { Type: 'String', Default: 'prod' } },
  Resources: { Key: { Type: 'AWS::KMS::Key' } },
  Outputs: {
    Values: {
      Value: {
        join: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']
          ]
        },
        att: { 'Fn::GetAtt': ['Key', 'Arn'] },
        sub: { 'Fn::Sub': '${Env}-x' }
      }
    }
  }
})

function values(text: string, file: string): Record<string, unknown> {
  const { documents } = parseSource(text, file)
  const template = toTemplate(documents[0] as Record<string, Raw>, file)
  const outputs = template.outputs.Values as Record<string, Raw>
  return evaluate(outputs.Value, template, { file, line: 1 }) as Record<string, unknown>
}

describe('intrinsic functions', () => {
  it('short forms evaluate as their long forms do', () => {
    const v = values(TEMPLATE, 't.yaml').short as Record<string, unknown>
    expect(v.ref).toBe('prod')
    // !GetAtt splits at the first dot: the attribute keeps its own.
    expect((v.att as Unknown).ref).toMatchObject({
      address: 'Balancer',
      attribute: 'SourceSecurityGroup.OwnerAlias'
    })
    expect(v.sub).toBe('arn:aws:iam::000000000000:role/prod-${Literal}')
    expect(v.subVars).toBe('100-x')
    expect(v.join).toBe('a/b')
    expect(v.select).toBe('subnet-b')
    expect(v.ifKnown).toBe('two')
    expect(v.ifUnknown).toBeInstanceOf(Unknown)
    expect((v.ifUnknown as Unknown).candidates).toEqual(['one', 'two'])
    expect((v.secret as Unknown).causes[0]).toMatchObject({
      what: 'parameter Secret',
      pos: { file: 't.yaml', line: 5 }
    })
    expect((v.keyArn as Unknown).ref).toMatchObject({
      address: 'Key',
      attribute: 'Arn',
      type: 'AWS::KMS::Key'
    })
    expect('none' in v).toBe(false)
    expect(NO_VALUE).toBeInstanceOf(Unknown)
  })

  it('long forms in JSON: Fn::Join of pseudo parameters is this account’s ARN', () => {
    const v = values(JSON_TEMPLATE, 't.json')
    expect(v.join).toBe('arn:aws:iam::000000000000:root')
    expect((v.att as Unknown).ref).toMatchObject({ address: 'Key', attribute: 'Arn' })
    expect(v.sub).toBe('prod-x')
  })
})
