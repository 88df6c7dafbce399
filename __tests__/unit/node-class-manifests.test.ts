/**
 * The node class documents check reads keys from: which kinds and API groups count, where each
 * kmsKeyID is (its line), and what a hole (an interpolation) in the text becomes.
 */
import { describe, expect, it } from '@jest/globals'
import { hole, nodeClassesInYaml } from '../../src/terraform/config/manifests.js'
import { Unknown } from '../../src/terraform/eval/values.js'

describe('node class manifests', () => {
  it('reads EC2NodeClass (v1 and v1beta1) and Auto Mode NodeClass from one multi-document file, each at its kmsKeyID line', () => {
    const text = [
      'apiVersion: karpenter.k8s.aws/v1beta1', // 1
      'kind: EC2NodeClass',
      'metadata: { name: old }',
      'spec:',
      '  blockDeviceMappings:',
      '    - deviceName: /dev/xvda',
      '      ebs: { kmsKeyID: alias/old }', // 7
      '    - deviceName: /dev/xvdb',
      '      ebs:',
      '        kmsKeyID: 1234abcd-12ab-34cd-56ef-1234567890ab', // 10
      '---',
      'apiVersion: eks.amazonaws.com/v1',
      'kind: NodeClass',
      'metadata:',
      '  name: auto',
      'spec:',
      '  ephemeralStorage:',
      '    kmsKeyID: "arn:aws:kms:us-east-1:111122223333:key/abc"', // 18
      '---',
      'apiVersion: karpenter.sh/v1',
      'kind: NodePool',
      'metadata: { name: default }'
    ].join('\n')
    const { keys, problem } = nodeClassesInYaml(text, 'k8s/classes.yaml')
    expect(problem).toBeUndefined()
    expect(keys.map(k => [k.launcher, k.nodeClass, k.device, k.value, k.pos.line])).toEqual([
      ['karpenter', 'EC2NodeClass old', '/dev/xvda', 'alias/old', 7],
      ['karpenter', 'EC2NodeClass old', '/dev/xvdb', '1234abcd-12ab-34cd-56ef-1234567890ab', 10],
      [
        'auto-mode',
        'NodeClass auto',
        'its ephemeral storage',
        'arn:aws:kms:us-east-1:111122223333:key/abc',
        18
      ]
    ])
  })

  it('a NodeClass of another API group is not a launcher’s', () => {
    const text =
      'apiVersion: example.com/v1\nkind: NodeClass\nspec:\n  ephemeralStorage:\n    kmsKeyID: x\n'
    expect(nodeClassesInYaml(text, 'x.yaml').keys).toEqual([])
  })

  it('an EC2NodeClass without block device mappings names no key (the AMI default volume)', () => {
    const text =
      'apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata:\n  name: plain\nspec: {}\n'
    expect(nodeClassesInYaml(text, 'x.yaml').keys).toMatchObject([
      { launcher: 'karpenter', value: null, device: 'its AMI default volume' }
    ])
  })

  it('a kmsKeyID that is a hole is that hole’s value; text around a hole is unknown, with its causes', () => {
    const ref = new Unknown([{ what: 'aws_kms_key.nodes.arn', how: 'after apply' }])
    const region = new Unknown([{ what: 'var.region', how: 'set it' }])
    const text = [
      'apiVersion: karpenter.k8s.aws/v1',
      'kind: EC2NodeClass',
      'spec:',
      '  blockDeviceMappings:',
      `    - ebs: { kmsKeyID: ${hole(0)} }`,
      `    - ebs: { kmsKeyID: "arn:aws:kms:${hole(1)}:1:key/x" }`
    ].join('\n')
    const [whole, partial] = nodeClassesInYaml(text, 'main.tf', 20, [ref, region]).keys
    expect(whole.value).toBe(ref)
    expect(whole.pos).toEqual({ file: 'main.tf', line: 24 })
    expect(partial.value).toBeInstanceOf(Unknown)
    expect((partial.value as Unknown).parts).toEqual(['arn:aws:kms:', ':1:key/x'])
    expect((partial.value as Unknown).causes[0].what).toBe('var.region')
  })

  it('a document that is not YAML is said, not read as no key', () => {
    const read = nodeClassesInYaml('kind: EC2NodeClass\nspec: [unclosed\n', 'bad.yaml')
    expect(read.keys).toEqual([])
    expect(read.problem).toBeDefined()
  })
})
