/**
 * Issue #26: check finds the clusters whose nodes Karpenter or EKS Auto Mode launch, and fails
 * the pull request when the role that launches them cannot use the key their node class names —
 * the failure EC2 reports only by terminating each instance seconds after launch.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, runAction } from '../../sim/harness.js'

const FIXTURES = '__tests__/fixtures/terraform/launchers'

function check(dir: string) {
  return runAction({
    inputs: { mode: 'check', 'working-directory': `${FIXTURES}/${dir}`, 'pr-comment': 'false' },
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
      title: props.title,
      message: m[3].replace(/%0A/g, '\n')
    }
  })
}

function lineOf(dir: string, file: string, line: number): string {
  return readFileSync(join(ROOT, FIXTURES, dir, file), 'utf8').split('\n')[line - 1]
}

describe('check: EKS Auto Mode', () => {
  it('a NodeClass key whose policy lacks the cluster role fails, at the policy and at the kmsKeyID line', async () => {
    const run = await check('automode-before')
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('failure')
    const errors = annotationsOf(run.stdout).filter(a => a.level === 'error')
    expect(errors[0].title).toBe('KMS key policy lacks the launcher role')
    expect(errors[0].message).toContain("EKS Auto Mode's cluster role aws_iam_role.cluster")
    expect(errors[0].message).toContain('AWS = "${aws_iam_role.cluster.arn}"')
    expect(lineOf('automode-before', 'main.tf', errors[0].line)).toMatch(/policy = jsonencode/)
    expect(errors[1].file).toBe(`${FIXTURES}/automode-before/nodeclass.yaml`)
    expect(lineOf('automode-before', 'nodeclass.yaml', errors[1].line)).toContain('kmsKeyID')
    expect(run.summary).toContain("does not let EKS Auto Mode's cluster role use it")
    // The cause verify would give the same key: the launcher's, not the Auto Scaling role's.
    expect(run.outputs['root-cause']).toBe('automode-kms-access-denied')
  })

  it('with the two statements the Auto Mode guide documents for the cluster role, it passes', async () => {
    const run = await check('automode-fixed')
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(annotationsOf(run.stdout).filter(a => a.level === 'error')).toEqual([])
  })
})

describe('check: Karpenter (the community module’s karpenter submodule)', () => {
  it('a key that delegates to the account, and no KMS in iam_policy_statements, fails with both fixes (#4935)', async () => {
    const run = await check('karpenter-before')
    expect(run.exitCode).toBe(1)
    const error = annotationsOf(run.stdout).find(a => a.level === 'error')!
    expect(error.message).toContain(
      "leaves Karpenter's controller role module.karpenter.aws_iam_role.controller to its IAM policies"
    )
    expect(error.message).toContain('AWS = "${module.karpenter.iam_role_arn}"')
    expect(error.message).toContain('in the call of module.karpenter, add to iam_policy_statements')
    expect(run.outputs['root-cause']).toBe('karpenter-kms-access-denied')
  })

  it('with the KMS statements in iam_policy_statements, it passes', async () => {
    const run = await check('karpenter-iam-fixed')
    expect(run.outputs.result).toBe('success')
    expect(run.exitCode).toBe(0)
    expect(run.summary).toContain("grants Karpenter's controller role what it needs")
  })

  it('with Karpenter’s documented key policy statement (Principal "*", kms:ViaService, kms:CallerAccount), it passes', async () => {
    const run = await check('karpenter-key-policy')
    expect(run.outputs.result).toBe('success')
  })

  it('a kmsKeyID in a template that is not in the repository is "cannot tell", naming the template', async () => {
    const run = await check('karpenter-template-unreadable')
    const warnings = annotationsOf(run.stdout).filter(a => a.level === 'warning')
    expect(warnings.some(w => w.message.includes('generated/ec2nodeclass.yaml.tpl'))).toBe(true)
    expect(run.outputs['keys-cannot-tell']).toBe('1')
  })
})
