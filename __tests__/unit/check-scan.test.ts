/**
 * What the scan for other formats reads in a repository that is not only templates: lock files
 * and manifests are not templates, a large JSON file does not fail a Terraform check, a template
 * that does not parse is a "cannot tell" that fails it, and paths defaults to terraform-paths.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runAllChecks } from '../../src/check/run.js'
import { runCheck } from '../../src/terraform/check.js'
import { CHECK_FORMATS, readConfig } from '../../src/inputs.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-scan-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

const TF = `resource "aws_kms_key" "k" {}
resource "aws_launch_template" "lt" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted  = true
      kms_key_id = aws_kms_key.k.arn
    }
  }
}
resource "aws_eks_node_group" "ng" {
  launch_template {
    id      = aws_launch_template.lt.id
    version = "$Latest"
  }
}
`

describe('the scan for other formats', () => {
  it('a Terraform repository with large lock files and Kubernetes YAML: the Terraform outcome, unchanged', async () => {
    const dir = repo({
      'main.tf': TF,
      'package-lock.json': JSON.stringify({ packages: 'x'.repeat(3 * 1024 * 1024) }),
      'big-data.json': JSON.stringify({ rows: 'y'.repeat(3 * 1024 * 1024) }),
      'k8s/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec: { template: { spec: { Resources: {} } } }\n'
    })
    const all = await runAllChecks({ paths: ['.'], cwd: dir, formats: [...CHECK_FORMATS] })
    const terraform = await runCheck({ paths: ['.'], cwd: dir })
    expect(all).toEqual({ ...terraform, formatsRead: [{ format: 'terraform', files: 1 }] })
  })

  it('a template that does not parse fails the check where it is', async () => {
    const dir = repo({
      'stack.yaml':
        'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties: [unclosed\n'
    })
    const outcome = await runAllChecks({ paths: ['.'], cwd: dir, formats: [...CHECK_FORMATS] })
    expect(outcome.result).toBe('failure')
    expect(outcome.keys[0]).toMatchObject({ unread: true, file: 'stack.yaml', status: 'unknown' })
  })

  it('paths defaults to terraform-paths; set, it is read by every format, Terraform included', () => {
    const config = (inputs: Record<string, string>) =>
      readConfig(name => ({ mode: 'check', ...inputs })[name] ?? '', {})
    expect(config({ 'terraform-paths': 'infra' })).toMatchObject({
      paths: ['infra'],
      terraformPaths: ['infra']
    })
    expect(config({ paths: 'stacks,infra' })).toMatchObject({
      paths: ['stacks', 'infra'],
      terraformPaths: ['stacks', 'infra']
    })
    expect(config({ paths: 'stacks', 'terraform-paths': 'infra' })).toMatchObject({
      paths: ['stacks'],
      terraformPaths: ['infra']
    })
    expect(config({}).formats).toEqual([...CHECK_FORMATS])
    expect(config({ formats: 'CDK, eksctl' }).formats).toEqual(['cdk', 'eksctl'])
    expect(() => config({ formats: 'terraform,arm' })).toThrow(
      /Input 'formats' has the value "terraform,arm"; it accepts a comma-separated list of terraform, cloudformation, cdk, eksctl/
    )
  })
})
