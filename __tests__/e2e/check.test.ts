/**
 * Issue: check mode catches the missing grant in the pull request, with no AWS access. The bundled
 * action runs as the runner runs it, from the repository root (GITHUB_WORKSPACE).
 */
import { describe, expect, it } from '@jest/globals'
import { parse as parseHcl } from '@cdktf/hcl2json'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT, runAction } from '../../sim/harness.js'

const FIXTURES = '__tests__/fixtures/terraform'

function check(dir: string, inputs: Record<string, string> = {}, workspace = ROOT) {
  return runAction({
    inputs: { mode: 'check', 'working-directory': dir, 'pr-comment': 'false', ...inputs },
    cwd: workspace,
    env: { GITHUB_WORKSPACE: workspace }
  })
}

/** ::error/::warning annotations as { level, file, line, message }. */
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

describe('check mode', () => {
  it('the incident before the fix fails, at the key policy line, with the fix in the file’s style', async () => {
    const run = await check(`${FIXTURES}/incident-before`)
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({
      result: 'failure',
      'root-cause': 'kms-policy-missing-autoscaling-role',
      'policy-changed': 'false'
    })
    const errors = annotationsOf(run.stdout).filter(a => a.level === 'error')
    expect(errors[0]).toMatchObject({ file: `${FIXTURES}/incident-before/eks-cluster.tf`, line: 9 })
    const source = readFileSync(
      join(ROOT, FIXTURES, 'incident-before/eks-cluster.tf'),
      'utf8'
    ).split('\n')
    expect(source[8]).toMatch(/^\s*policy = jsonencode\(/)
    expect(source[errors[1].line - 1]).toMatch(/kms_key_id\s*=/)
    expect(errors[0].message).toContain('Sid       = "EksKmsGuardAutoScalingGrants"')
    expect(errors[0].message).toContain('${data.aws_caller_identity.current.account_id}')
    expect(run.summary).toContain('❌ missing')
    // The key table names its folder (from the repository root) once, the file by name, each use once.
    expect(run.summary).toContain(`In \`${FIXTURES}/incident-before/\`:`)
    expect(run.summary).toMatch(/\| `eks-cluster\.tf:\d+` \|/)
    const row = run.summary.split('\n').find(l => l.startsWith('| `aws_kms_key.eks_ebs`'))!
    expect(row.split('aws_eks_node_group.main via').length - 1).toBe(1)
    expect(run.summary).toContain('aws_iam_service_linked_role')
  })

  it('after the first, wrong fix (service principal) it still fails, and says why', async () => {
    const run = await check(`${FIXTURES}/incident-wrong-fix`)
    expect(run.outputs.result).toBe('failure')
    expect(run.stdout).toContain(
      'Statement Allow Auto Scaling to use the key names the service principal autoscaling.amazonaws.com, but EC2 Auto Scaling uses KMS as its service-linked role'
    )
  })

  it('after the right fix it passes', async () => {
    const run = await check(`${FIXTURES}/incident-fixed`)
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(annotationsOf(run.stdout).filter(a => a.level !== 'notice')).toEqual([])
  })

  it('the suggested HCL, pasted into the Statement list, makes the check pass', async () => {
    const run = await check(`${FIXTURES}/incident-before`)
    const fix = annotationsOf(run.stdout)[0].message.split('Add:\n')[1]
    // What goes at the top level (declarations, the role's local), then what goes in the list.
    const [topLevel, list] = fix.split(
      '# Add to the Statement list of the key policy (jsonencode):'
    )
    const code = (text: string) =>
      text
        .split('\n')
        .filter(l => !l.startsWith('#'))
        .join('\n')
    expect(code(topLevel)).toMatch(/locals \{\n {2}autoscaling_role_arn = join\(""/)
    expect(list).toContain('AWS = local.autoscaling_role_arn')
    const dir = mkdtempSync(join(tmpdir(), 'check-fix-'))
    cpSync(join(ROOT, FIXTURES, 'incident-before'), dir, { recursive: true })
    const file = join(dir, 'eks-cluster.tf')
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('Statement = [\n', `Statement = [\n${code(list)},\n`) +
        `\n${code(topLevel)}\n`
    )
    const fixed = await check('.', {}, dir)
    expect(fixed.outputs.result).toBe('success')
  })

  it('reads aws_iam_policy_document policies and proposes statement blocks that parse', async () => {
    const run = await check(`${FIXTURES}/policy-document`)
    expect(run.outputs.result).toBe('failure')
    const error = annotationsOf(run.stdout).find(a => a.level === 'error')!
    expect(error.line).toBe(3)
    expect(error.message).toContain('kms:CreateGrant (with kms:GrantIsForAWSResource)')
    expect(error.message).not.toContain('ReEncrypt* and GenerateDataKey*')
    // The statement blocks follow their comment; what the fix declares first stays outside.
    const blocks = error.message
      .split('# Add to the data "aws_iam_policy_document" of the key policy:\n')[1]
      .split('\n')
      .filter(l => !l.startsWith('#'))
      .join('\n')
    const parsed = (await parseHcl(
      'fix.tf',
      `data "aws_iam_policy_document" "x" {\n${blocks}\n}`
    )) as {
      data: {
        aws_iam_policy_document: { x: { statement: { condition: { variable: string }[] }[] }[] }
      }
    }
    expect(parsed.data.aws_iam_policy_document.x[0].statement[0].condition[0].variable).toBe(
      'kms:GrantIsForAWSResource'
    )
  })

  it('reads heredoc policies of aws_kms_key_policy, aliases and mixed-instances Auto Scaling groups', async () => {
    const run = await check(`${FIXTURES}/heredoc`)
    expect(run.outputs.result).toBe('success')
    expect(run.summary).toContain('aws_autoscaling_group.self_managed via aws_launch_template.asg')
    expect(run.summary).toContain('heredoc')
  })

  it('follows the community modules as terraform init lays them out, and writes the SARIF file', async () => {
    const run = await check(`${FIXTURES}/community-eks`)
    expect(run.outputs.result).toBe('success')
    expect(run.outputs['keys-checked']).toBe('1')
    expect(run.summary).toContain('KeyServiceRolesASG')
    // The harness removes RUNNER_TEMP after the run; check-mode.test.ts validates the content.
    expect(run.outputs['sarif-file']).toMatch(/eks-kms-guard-.*\.sarif$/)
  })

  it('finds the account default EBS key for a node group without a launch template', async () => {
    const run = await check(`${FIXTURES}/ebs-default`)
    expect(run.outputs.result).toBe('failure')
    expect(run.summary).toContain('aws_kms_key.account_default')
    expect(run.stdout).toContain('The key has no policy, so it gets the default one')
  })

  it('takes rendered policies from a plan JSON', async () => {
    const run = await check(`${FIXTURES}/plan`, {
      'plan-json': 'plan.json',
      'terraform-paths': 'none'
    })
    expect(run.outputs.result).toBe('failure')
    expect(run.summary).toContain('aws_kms_key.ebs')
    expect(run.summary).toContain('| plan |')
  })

  it('a file that does not parse is reported, and the others are still checked', async () => {
    const run = await check(`${FIXTURES}/broken`)
    const annotations = annotationsOf(run.stdout)
    expect(
      annotations.some(a => a.level === 'warning' && a.file?.endsWith('broken/broken.tf'))
    ).toBe(true)
    expect(
      annotations.some(a => a.level === 'error' && a.file?.endsWith('broken/eks-cluster.tf'))
    ).toBe(true)
  })

  it('needs no AWS credentials and makes no AWS call', async () => {
    const run = await runAction({
      inputs: {
        mode: 'check',
        'working-directory': `${FIXTURES}/incident-fixed`,
        'pr-comment': 'false'
      },
      cwd: ROOT,
      env: {
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_SESSION_TOKEN: '',
        AWS_REGION: '',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9'
      }
    })
    expect(run.outputs.result).toBe('success')
  })
})
