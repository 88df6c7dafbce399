/**
 * check on Terraform written in each style teams use, in process (so the source is what runs):
 * each case asserts the verdict and its reason — the key found, and the statement or grant that
 * decides, or what is unknown and how to make it known.
 */
import { describe, expect, it } from '@jest/globals'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCheck } from '../../src/terraform/check.js'
import type { KeyCheck } from '../../src/terraform/model.js'

const FIXTURES = join(process.cwd(), '__tests__/fixtures/terraform')

async function check(name: string, options: { varFiles?: string[]; cwd?: string } = {}) {
  return runCheck({
    paths: ['.'],
    cwd: options.cwd ?? join(FIXTURES, name),
    varFiles: options.varFiles
  })
}

function only(keys: KeyCheck[]): KeyCheck {
  expect(keys).toHaveLength(1)
  return keys[0]
}

/** A copy of a fixture to edit (the .terraform folder included). */
function copy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `check-${name}-`))
  cpSync(join(FIXTURES, name), dir, { recursive: true })
  return dir
}

describe('the community EKS and KMS modules, as terraform init lays them out', () => {
  it('follows the node group map to the launch template and the KMS module’s key, granted by its Auto Scaling statements', async () => {
    const outcome = await check('community-eks')
    expect(outcome.result).toBe('success')
    const key = only(outcome.keys)
    expect(key).toMatchObject({
      key: 'module.ebs_kms_key.aws_kms_key.this[0]',
      status: 'granted',
      style: 'kms-module',
      file: 'main.tf',
      line: 14
    })
    expect(key.decidedBy.map(d => d.name)).toEqual([
      'KeyServiceRolesASG',
      'KeyServiceRolesASGPersistentVol'
    ])
    // Only the node group that names the key uses it (the other has no block devices).
    expect(key.uses.map(u => u.consumer)).toEqual([
      'module.eks.module.eks_managed_node_group["default"].aws_eks_node_group.this[0]'
    ])
    expect(key.uses[0].via).toBe(
      'module.eks.module.eks_managed_node_group["default"].aws_launch_template.this[0] (/dev/xvda)'
    )
  })

  it('without key_service_roles_for_autoscaling the key is missing, and the fix is that input in the module call', async () => {
    const dir = copy('community-eks')
    try {
      const file = join(dir, 'main.tf')
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(/key_service_roles_for_autoscaling = \[[\s\S]*?\]\n/, '')
      )
      const outcome = await check('', { cwd: dir })
      expect(outcome.result).toBe('failure')
      const key = only(outcome.keys)
      expect(key.status).toBe('missing')
      expect(key.file).toBe('main.tf')
      expect(key.fix).toContain(
        'key_service_roles_for_autoscaling = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"]'
      )
      // The root declares aws_caller_identity but not aws_partition: the fix declares it.
      expect(key.fix).toContain('data "aws_partition" "current" {}')
      expect(key.fix).not.toContain('data "aws_caller_identity"')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a self-managed node group through the same map, granted to its custom-suffix role only by a statement for the default role, is missing', async () => {
    const dir = copy('community-eks')
    try {
      const file = join(dir, 'main.tf')
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          '  eks_managed_node_groups = {',
          `  self_managed_node_groups = {
    custom = {
      service_linked_role_arn = "arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_custom"
      block_device_mappings = {
        xvda = { device_name = "/dev/xvda", ebs = { encrypted = true, kms_key_id = module.ebs_kms_key.key_arn } }
      }
    }
  }
  eks_managed_node_groups = {`
        )
      )
      const key = only((await check('', { cwd: dir })).keys)
      expect(key.status).toBe('missing')
      expect(key.message).toContain('AWSServiceRoleForAutoScaling_custom')
      expect(key.uses.map(u => u.role)).toContain(
        'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_custom'
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('without the module sources: cannot tell, naming the module and terraform init', async () => {
    const dir = copy('community-eks')
    try {
      rmSync(join(dir, '.terraform'), { recursive: true })
      const outcome = await check('', { cwd: dir })
      expect(outcome.result).toBe('success')
      const eks = outcome.keys.find(k => k.key === 'module.eks')!
      expect(eks.status).toBe('unknown')
      expect(eks.message).toBe(
        'Cannot tell: the source of module eks (terraform-aws-modules/eks/aws) is not here (looked for the entry "eks" of .terraform/modules/modules.json, which terraform init writes), so the node groups and keys it may create were not checked; run `terraform init -backend=false` before check.'
      )
      expect(eks).toMatchObject({ file: 'main.tf', line: 20 })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('keys passed around as values', () => {
  it('a key passed into a local module as a variable: the service-principal statement is named as the wrong fix', async () => {
    const outcome = await check('local-module')
    expect(outcome.result).toBe('failure')
    const key = only(outcome.keys)
    expect(key).toMatchObject({
      key: 'aws_kms_key.ebs',
      status: 'missing',
      servicePrincipalSid: 'AutoScalingService'
    })
    expect(key.uses[0]).toMatchObject({
      consumer: 'module.nodes.aws_eks_node_group.workers',
      file: 'modules/nodes/main.tf',
      line: 16
    })
    expect(key.message).toContain('names the service principal autoscaling.amazonaws.com')
  })

  it('a templatefile policy, a custom-suffix role and an aws_kms_grant that gives the role what it needs', async () => {
    const outcome = await check('grant-templatefile')
    expect(outcome.result).toBe('success')
    const key = only(outcome.keys)
    expect(key).toMatchObject({ status: 'granted', style: 'file' })
    // The grant decides; the policy's own DescribeKey statement for the role counts beside it.
    expect(key.decidedBy).toEqual([
      { kind: 'grant', name: 'aws_kms_grant.asg', file: 'main.tf', line: 18 },
      expect.objectContaining({ kind: 'statement', name: 'DescribeForTheRole' })
    ])
    expect(key.uses[0].role).toMatch(/AWSServiceRoleForAutoScaling_nodes$/)
  })

  it('the same grant without CreateGrant does not count: missing, naming what the grant lacks', async () => {
    const dir = copy('grant-templatefile')
    try {
      const file = join(dir, 'main.tf')
      writeFileSync(file, readFileSync(file, 'utf8').replace(', "CreateGrant"', ''))
      const key = only((await check('', { cwd: dir })).keys)
      expect(key.status).toBe('missing')
      expect(key.message).toContain(
        'kms:CreateGrant (with kms:GrantIsForAWSResource), and no aws_kms_grant gives it that'
      )
      // Use is granted by the grant; the fix names the declared custom-suffix role by its resource.
      expect(key.decidedBy.map(d => d.name)).toContain('aws_kms_grant.asg')
      expect(key.fix).toContain('${aws_iam_service_linked_role.asg.arn}')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a dynamic block fed by a variable without a value: cannot tell, at the variable, saying how to give it one', async () => {
    const outcome = await check('dynamic-unknown')
    expect(outcome.result).toBe('success')
    const key = only(outcome.keys)
    expect(key.status).toBe('unknown')
    expect(key.unknowns).toEqual([
      expect.objectContaining({
        what: 'var.block_devices (no value)',
        pos: { file: 'main.tf', line: 23 }
      })
    ])
    expect(key.unknowns[0].how).toContain('var-files')
  })

  it('the same with var-files: the alias in the variable file leads to the key, whose default policy is missing', async () => {
    const outcome = await check('dynamic-unknown', { varFiles: ['prod.tfvars'] })
    expect(outcome.result).toBe('failure')
    const key = only(outcome.keys)
    expect(key).toMatchObject({ key: 'aws_kms_key.ebs', status: 'missing', style: 'none' })
    expect(key.fix).toContain('The key has no policy')
  })

  it('a ViaService condition with the Region in a variable is decided by its known part', async () => {
    const outcome = await check('via-service')
    const key = only(outcome.keys)
    expect(key.status).toBe('granted')
    expect(key.decidedBy).toEqual([
      { kind: 'statement', name: 'ThroughEC2', file: 'main.tf', line: 19 }
    ])
    // The fix would go in the policy document, not on the key.
    expect(key).toMatchObject({ file: 'main.tf', line: 9 })
  })

  it('the same condition on another service is decided too: missing', async () => {
    const dir = copy('via-service')
    try {
      const file = join(dir, 'main.tf')
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('"ec2.${var.region}', '"rds.${var.region}')
      )
      expect(only((await check('', { cwd: dir })).keys).status).toBe('missing')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('several configurations at once', () => {
  it('keys with the same address in two root modules are told apart', async () => {
    const outcome = await runCheck({ paths: ['local-module', 'via-service'], cwd: FIXTURES })
    expect(outcome.keys.map(k => [k.key, k.file, k.status])).toEqual([
      ['aws_kms_key.ebs', 'local-module/main.tf', 'missing'],
      ['aws_kms_key.ebs', 'via-service/main.tf', 'granted']
    ])
  })
})

describe('never a silent pass', () => {
  it('no .tf file under terraform-paths is an error naming the input', async () => {
    const outcome = await runCheck({ paths: ['does-not-exist'], cwd: FIXTURES })
    expect(outcome.result).toBe('failure')
    expect(outcome.inputError).toMatch(
      /^Input 'terraform-paths' \(does-not-exist\) matched no \.tf, \.tf\.json, \.tofu or \.tofu\.json file/
    )
  })
})
