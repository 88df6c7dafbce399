/**
 * Issue #27: check catches the key policy mistake in CloudFormation, CDK and eksctl too, from the
 * action's entry point as the runner runs it: exit code, annotations on the lines, outputs, and
 * the summary saying which formats were read.
 */
import { describe, expect, it } from '@jest/globals'
import { ROOT, runAction } from '../../sim/harness.js'

function check(dir: string, inputs: Record<string, string> = {}) {
  return runAction({
    inputs: { mode: 'check', 'working-directory': dir, 'pr-comment': 'false', ...inputs },
    cwd: ROOT,
    env: { GITHUB_WORKSPACE: ROOT }
  })
}

function annotationsOf(stdout: string) {
  return [...stdout.matchAll(/^::(error|warning|notice) ([^:]*)::(.*)$/gm)].map(m => {
    const props = Object.fromEntries(m[2].split(',').map(p => p.split('=')))
    return {
      level: m[1],
      file: props.file,
      line: Number(props.line),
      message: m[3].replace(/%0A/g, '\n')
    }
  })
}

const CFN = '__tests__/fixtures/cloudformation'

describe('check mode across formats', () => {
  it('CloudFormation: the incident’s template fails at the key, and at the device that uses it', async () => {
    const run = await check(`${CFN}/incident`)
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role',
      'keys-missing': '1',
      'formats-read': 'cloudformation:1'
    })
    const errors = annotationsOf(run.stdout).filter(a => a.level === 'error')
    expect(errors[0]).toMatchObject({ file: `${CFN}/incident/nodes.yaml`, line: 8 })
    expect(errors[0].message).toContain('The key has no KeyPolicy')
    expect(errors[1]).toMatchObject({ file: `${CFN}/incident/nodes.yaml`, line: 22 })
    expect(run.summary).toContain('Read: 1 CloudFormation template.')
    // The fix is the template's, under its own name.
    expect(run.summary).toContain('<summary>CloudFormation / CDK</summary>')
    expect(run.summary).not.toContain('<summary>Terraform</summary>')
  })

  it('CloudFormation: the fixed template passes', async () => {
    const run = await check(`${CFN}/fixed`)
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({
      result: 'success',
      'keys-checked': '1',
      'keys-missing': '0'
    })
  })

  it('CDK: cdk-out after cdk synth; the finding names the construct and shows CDK code', async () => {
    const run = await check('__tests__/fixtures/cdk/app', { paths: 'none', 'cdk-out': 'cdk.out' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['formats-read']).toBe('cdk:3')
    const error = annotationsOf(run.stdout).find(a => a.level === 'error')!
    expect(error.file).toBe('__tests__/fixtures/cdk/app/cdk.out/Platform.template.json')
    expect(error.message).toContain('construct Platform/NodeKey')
    expect(error.message).toContain('key.addToResourcePolicy(new iam.PolicyStatement({')
  })

  it('eksctl: the key needs checking (a warning with the command), the step passes', async () => {
    const run = await check('__tests__/fixtures/eksctl/with-key')
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ 'formats-read': 'eksctl:1', 'keys-cannot-tell': '2' })
    const warning = annotationsOf(run.stdout).find(a => a.line === 12)!
    expect(warning).toMatchObject({
      level: 'warning',
      file: '__tests__/fixtures/eksctl/with-key/cluster.yaml'
    })
    expect(warning.message).toContain('eks-kms-guard verify --cluster-name payments')
  })

  it('formats that are not formats are refused, naming the input', async () => {
    const run = await check(`${CFN}/fixed`, { formats: 'cloudformation,pulumi' })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toContain("Input 'formats'")
    expect(run.stdout).toContain('"pulumi" is not one')
  })
})
