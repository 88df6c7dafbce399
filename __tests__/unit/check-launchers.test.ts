/**
 * check on clusters whose nodes Karpenter or EKS Auto Mode launch: the launcher's role (the
 * Karpenter controller role, the cluster role) is the principal, the key is the one the node
 * class names, and a key policy that delegates to the account is decided by the role's IAM
 * policies as the configuration declares them.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runCheck } from '../../src/terraform/check.js'
import { annotations } from '../../src/check/report/findings.js'
import { toSarif } from '../../src/check/report/sarif.js'

const MODULES = '__tests__/fixtures/terraform/launchers/modules'
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

async function check(files: Record<string, string>, modules = true) {
  const dir = mkdtempSync(join(tmpdir(), 'check-launchers-'))
  dirs.push(dir)
  if (modules) cpSync(MODULES, join(dir, 'modules'), { recursive: true })
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return runCheck({ paths: ['.'], cwd: dir })
}

const ROOT_ONLY = `
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

resource "aws_kms_key" "other" {}

resource "aws_kms_key" "nodes" {
  description = "Node volumes"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid       = "EnableIAMUserPermissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      }
    ], local.extra_statements)
  })
}

resource "aws_kms_alias" "nodes" {
  name          = "alias/eks-nodes"
  target_key_id = aws_kms_key.nodes.key_id
}
`

function karpenter(options: { statements?: string; extra?: string; manifest?: string } = {}) {
  return {
    'main.tf': `${ROOT_ONLY}
locals {
  extra_statements = [${options.extra ?? ''}]
}

module "karpenter" {
  source       = "./modules/karpenter"
  cluster_name = "prod"
  ${options.statements ? `iam_policy_statements = ${options.statements}` : ''}
}

resource "helm_release" "karpenter" {
  name       = "karpenter"
  namespace  = "kube-system"
  repository = "oci://public.ecr.aws/karpenter"
  chart      = "karpenter"
}

${
  options.manifest ??
  `resource "kubectl_manifest" "node_class" {
  yaml_body = <<-YAML
    apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata:
      name: default
    spec:
      amiSelectorTerms:
        - alias: al2023@latest
      blockDeviceMappings:
        - deviceName: /dev/xvda
          ebs:
            volumeSize: 100Gi
            encrypted: true
            kmsKeyID: \${aws_kms_key.nodes.arn}
  YAML
}`
}
`
  }
}

describe('check: Karpenter', () => {
  it('a key that only delegates to the account, and a controller role with no KMS statement, fails (#4935)', async () => {
    const outcome = await check(karpenter())
    expect(outcome.result).toBe('failure')
    const key = outcome.keys.find(k => k.key === 'aws_kms_key.nodes')!
    expect(key.status).toBe('missing')
    expect(key.uses[0]).toMatchObject({
      launcher: 'karpenter',
      role: 'module.karpenter.aws_iam_role.controller.arn'
    })
    expect(key.message).toContain("Karpenter's controller role")
    expect(key.message).toContain('module.karpenter.aws_iam_policy.controller')
    expect(key.fix).toContain('${module.karpenter.iam_role_arn}')
    expect(key.fix).toContain('iam_policy_statements = [')
    // The Auto Scaling service-linked role plays no part: no caution about declaring it.
    expect(outcome.cautions).toEqual([])
    // Annotated at the key policy (with both fixes) and at the node class's kmsKeyID line.
    const errors = annotations(outcome).filter(a => a.level === 'error')
    const lines = karpenter()['main.tf'].split('\n')
    expect(errors.map(e => e.file)).toEqual(['main.tf', 'main.tf'])
    expect(lines[errors[0].line! - 1]).toMatch(/^\s*policy = jsonencode/)
    expect(lines[errors[1].line! - 1]).toMatch(/^\s*kmsKeyID: \$\{aws_kms_key\.nodes\.arn\}/)
    expect(errors[0].title).toBe('KMS key policy lacks the launcher role')
    const sarif = toSarif(outcome, '0.0.0')
    expect(sarif.runs[0].results?.[0].ruleId).toBe('EKSKMS004')
  })
})

const KARPENTER_STATEMENTS = `[
    {
      sid       = "EksKmsGuardKarpenterUseIam"
      actions   = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
      resources = [aws_kms_key.nodes.arn]
      condition = [{ test = "StringLike", variable = "kms:ViaService", values = ["ec2.*.amazonaws.com"] }]
    },
    {
      sid       = "EksKmsGuardKarpenterGrantsIam"
      actions   = ["kms:CreateGrant"]
      resources = [aws_kms_key.nodes.arn]
      condition = [
        { test = "StringLike", variable = "kms:ViaService", values = ["ec2.*.amazonaws.com"] },
        { test = "Bool", variable = "kms:GrantIsForAWSResource", values = ["true"] }
      ]
    }
  ]`

describe('check: Karpenter, fixed', () => {
  it('the KMS statements added to the submodule’s iam_policy_statements pass', async () => {
    const outcome = await check(karpenter({ statements: KARPENTER_STATEMENTS }))
    const key = outcome.keys.find(k => k.key === 'aws_kms_key.nodes')!
    expect(key.status).toBe('granted')
    expect(key.decidedBy.map(d => d.name)).toContain(
      'IAM policy module.karpenter.aws_iam_policy.controller'
    )
    expect(outcome.result).toBe('success')
  })

  it('statements for another key in iam_policy_statements do not count', async () => {
    const outcome = await check(
      karpenter({
        statements: KARPENTER_STATEMENTS.replace(
          /aws_kms_key\.nodes\.arn/g,
          'aws_kms_key.other.arn'
        )
      })
    )
    const key = outcome.keys.find(k => k.key === 'aws_kms_key.nodes')!
    expect(key.status).toBe('missing')
  })

  it('Karpenter’s documented key policy statement (Principal "*", kms:ViaService, kms:CallerAccount) passes', async () => {
    const outcome = await check(
      karpenter({
        extra: `{
      Sid       = "Allow access through EBS for all principals in the account that are authorized to use EBS"
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"]
      Resource  = "*"
      Condition = {
        StringEquals = {
          "kms:ViaService"    = "ec2.\${data.aws_region.current.name}.amazonaws.com"
          "kms:CallerAccount" = data.aws_caller_identity.current.account_id
        }
      }
    }`
      }) as Record<string, string>
    )
    const key = outcome.keys.find(k => k.key === 'aws_kms_key.nodes')!
    expect(key.status).toBe('granted')
    expect(outcome.result).toBe('success')
  })

  it('the suggested key policy statements, pasted, pass', async () => {
    const before = await check(karpenter())
    const fix = before.keys.find(k => k.key === 'aws_kms_key.nodes')!.fix!
    const statements = fix.split('\n\n# Or let')[0].split('\n').slice(1).join('\n')
    const outcome = await check(karpenter({ extra: statements }))
    expect(outcome.keys.find(k => k.key === 'aws_kms_key.nodes')!.status).toBe('granted')
  })

  it('an extra policy attached by ARN from outside the configuration makes it "cannot tell"', async () => {
    const outcome = await check(
      karpenter({ statements: '[]' }).constructor === Object
        ? {
            'main.tf': karpenter()['main.tf'].replace(
              'cluster_name = "prod"',
              'cluster_name = "prod"\n  iam_role_policies = { kms = "arn:aws:iam::111122223333:policy/KarpenterKms" }'
            )
          }
        : {}
    )
    const key = outcome.keys.find(k => k.key === 'aws_kms_key.nodes')!
    expect(key.status).toBe('unknown')
    expect(key.message).toContain('arn:aws:iam::111122223333:policy/KarpenterKms')
  })
})

describe('check: Karpenter whose controller role is not here', () => {
  it('a helm_release of the chart with no pod identity or IRSA role is "cannot tell", naming the missing role', async () => {
    const files = karpenter()
    files['main.tf'] = files['main.tf'].replace(/module "karpenter" \{[\s\S]*?\n\}\n/, '')
    const outcome = await check(files, false)
    const key = outcome.keys.find(k => k.key === 'aws_kms_key.nodes')!
    expect(key.status).toBe('unknown')
    expect(key.message).toContain('the Karpenter controller role')
    expect(key.message).toContain('helm_release.karpenter installs Karpenter')
  })

  it('the IRSA role a helm_release sets is the controller role', async () => {
    const files = karpenter()
    files['main.tf'] = files['main.tf'].replace(/module "karpenter" \{[\s\S]*?\n\}\n/, '').replace(
      'chart      = "karpenter"',
      `chart      = "karpenter"
  set {
    name  = "serviceAccount.annotations.eks\\\\.amazonaws\\\\.com/role-arn"
    value = aws_iam_role.karpenter.arn
  }`
    ).concat(`
resource "aws_iam_role" "karpenter" {
  name               = "karpenter-controller"
  assume_role_policy = "{}"
}
`)
    const outcome = await check(files, false)
    const key = outcome.keys.find(k => k.key === 'aws_kms_key.nodes')!
    expect(key.uses[0].role).toBe('aws_iam_role.karpenter.arn')
    expect(key.status).toBe('missing')
    expect(key.fix).toContain('resource "aws_iam_role_policy" "karpenter_node_volume_key"')
    expect(key.fix).toContain('role   = aws_iam_role.karpenter.name')
  })
})

describe('check: where the node class comes from', () => {
  it('a kmsKeyID from a template check cannot read is "cannot tell", naming it', async () => {
    const outcome = await check(
      karpenter({
        manifest: `resource "kubectl_manifest" "node_class" {
  yaml_body = templatefile("\${path.module}/templates/node-class.yaml.tpl", { key = aws_kms_key.nodes.arn })
}`
      })
    )
    const key = outcome.keys.find(k => k.uses.some(u => u.launcher === 'karpenter'))!
    expect(key.status).toBe('unknown')
    expect(key.message).toContain('node-class.yaml.tpl')
    expect(outcome.result).toBe('success')
    expect(
      annotations(outcome).some(
        a => a.level === 'warning' && a.message.includes('node-class.yaml.tpl')
      )
    ).toBe(true)
    const warning = toSarif(outcome, '0.0.0').runs[0].results?.find(r => r.level === 'warning')
    expect(warning?.ruleId).toBe('EKSKMS104')
  })

  it('a template it can read links the key, at the call', async () => {
    const files = karpenter({
      manifest: `resource "kubectl_manifest" "node_class" {
  yaml_body = templatefile("\${path.module}/templates/node-class.yaml.tpl", { key = aws_kms_key.nodes.arn })
}`
    })
    const outcome = await check({
      ...files,
      'templates/node-class.yaml.tpl': [
        'apiVersion: karpenter.k8s.aws/v1beta1',
        'kind: EC2NodeClass',
        'metadata:',
        '  name: default',
        'spec:',
        '  blockDeviceMappings:',
        '    - deviceName: /dev/xvda',
        '      ebs:',
        '        kmsKeyID: ${key}',
        ''
      ].join('\n')
    })
    const key = outcome.keys.find(k => k.key === 'aws_kms_key.nodes')!
    expect(key.status).toBe('missing')
  })

  it('an EC2NodeClass in a YAML file of the checked paths names the key by alias, at its line', async () => {
    const files = karpenter({ manifest: '' })
    const outcome = await check({
      ...files,
      'k8s/node-classes.yaml': [
        'apiVersion: karpenter.sh/v1',
        'kind: NodePool',
        'metadata:',
        '  name: default',
        '---',
        'apiVersion: karpenter.k8s.aws/v1',
        'kind: EC2NodeClass',
        'metadata:',
        '  name: encrypted',
        'spec:',
        '  blockDeviceMappings:',
        '    - deviceName: /dev/xvda',
        '      ebs:',
        '        encrypted: true',
        '        kmsKeyID: alias/eks-nodes',
        ''
      ].join('\n')
    })
    const key = outcome.keys.find(k => k.key === 'aws_kms_key.nodes')!
    expect(key.status).toBe('missing')
    expect(key.uses[0]).toMatchObject({ file: 'k8s/node-classes.yaml', line: 15 })
  })

  it('a Helm template of an EC2NodeClass (not YAML until rendered) is "cannot tell" with Karpenter, and fails nothing', async () => {
    const helm = [
      'apiVersion: karpenter.k8s.aws/v1',
      'kind: EC2NodeClass',
      'spec:',
      '  blockDeviceMappings:',
      '    {{- range .Values.blockDeviceMappings }}',
      '    - ebs: { kmsKeyID: {{ .kmsKeyID }} }',
      '    {{- end }}',
      ''
    ].join('\n')
    const withKarpenter = await check({
      ...karpenter({ manifest: '' }),
      'chart/templates/nodeclass.yaml': helm
    })
    const key = withKarpenter.keys.find(k => k.uses.some(u => u.launcher === 'karpenter'))!
    expect(key.status).toBe('unknown')
    expect(key.message).toContain('chart/templates/nodeclass.yaml')
    expect(withKarpenter.result).toBe('success')
    const alone = await check({ 'chart/templates/nodeclass.yaml': helm, 'main.tf': '' }, false)
    expect(alone.keys).toEqual([])
    expect(alone.result).toBe('success')
  })

  it('a literal key of another account is outside: run verify', async () => {
    const files = karpenter({ manifest: '' })
    const outcome = await check({
      ...files,
      'node-class.yml':
        'apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata:\n  name: x\nspec:\n  blockDeviceMappings:\n    - ebs:\n        kmsKeyID: arn:aws:kms:eu-west-2:111122223333:key/7dac2551-1e4d-4c5d-b02e-296ef7126f4e\n'
    })
    const key = outcome.keys.find(k => k.uses.some(u => u.launcher === 'karpenter'))!
    expect(key.status).toBe('outside')
    expect(key.key).toBe(
      'arn:aws:kms:eu-west-2:111122223333:key/7dac2551-1e4d-4c5d-b02e-296ef7126f4e'
    )
  })
})

const AUTO_MODE = (policyStatements: string, extra = '') => ({
  'main.tf': `
data "aws_caller_identity" "current" {}

resource "aws_iam_role" "cluster" {
  name               = "ClusterServiceRole"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "compute" {
  role       = aws_iam_role.cluster.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSComputePolicy"
}

resource "aws_eks_cluster" "main" {
  name     = "prod"
  role_arn = aws_iam_role.cluster.arn
  compute_config {
    enabled    = true
    node_pools = ["general-purpose"]
  }
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

resource "aws_kms_key" "nodes" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableIAMUserPermissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },${policyStatements}
    ]
  })
}
${extra}
`,
  'node-class.yaml': `apiVersion: eks.amazonaws.com/v1
kind: NodeClass
metadata:
  name: encrypted
spec:
  ephemeralStorage:
    size: "80Gi"
    kmsKeyID: "\${KEY}"
`
})

/** The two statements of the EKS Auto Mode guide, for the cluster role. */
const AUTO_KMS = `
      {
        Sid       = "Allow use of the key"
        Effect    = "Allow"
        Principal = { AWS = [aws_iam_role.cluster.arn] }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
      },
      {
        Sid       = "Allow attachment of persistent resources"
        Effect    = "Allow"
        Principal = { AWS = [aws_iam_role.cluster.arn] }
        Action    = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"]
        Resource  = "*"
        Condition = { Bool = { "kms:GrantIsForAWSResource" = "true" } }
      },`

function autoMode(statements: string, key = 'alias/auto-nodes', extra = '') {
  const files = AUTO_MODE(
    statements,
    `resource "aws_kms_alias" "nodes" {
  name          = "alias/auto-nodes"
  target_key_id = aws_kms_key.nodes.key_id
}
${extra}`
  )
  files['node-class.yaml'] = files['node-class.yaml'].replace('${KEY}', key)
  return files
}

describe('check: EKS Auto Mode', () => {
  it('a NodeClass key whose policy lacks the cluster role fails, with the guide’s statements as the fix', async () => {
    const outcome = await check(autoMode(''))
    expect(outcome.result).toBe('failure')
    const key = outcome.keys.find(k => k.key === 'aws_kms_key.nodes')!
    expect(key.status).toBe('missing')
    expect(key.uses[0]).toMatchObject({
      launcher: 'auto-mode',
      role: 'aws_iam_role.cluster.arn',
      file: 'node-class.yaml',
      line: 8
    })
    expect(key.message).toContain("EKS Auto Mode's cluster role aws_iam_role.cluster")
    expect(key.fix).toContain('${aws_iam_role.cluster.arn}')
    expect(key.fix).toContain('kms:RevokeGrant')
    expect(key.fix).not.toContain('iam_policy_statements')
  })

  it('the guide’s two statements for the cluster role pass', async () => {
    const outcome = await check(autoMode(AUTO_KMS))
    expect(outcome.keys.find(k => k.key === 'aws_kms_key.nodes')!.status).toBe('granted')
    expect(outcome.result).toBe('success')
  })

  it('the EKS module’s compute_config (v21) and cluster_compute_config (v20) inputs turn Auto Mode on', async () => {
    for (const input of ['compute_config', 'cluster_compute_config']) {
      const files = autoMode('')
      files['main.tf'] = files['main.tf']
        .replace(/resource "aws_eks_cluster" "main" \{[\s\S]*?\n\}\n/, '')
        .replace(/resource "aws_iam_role" "cluster" \{[\s\S]*?\n\}\n/, '')
        .replace(/resource "aws_iam_role_policy_attachment" "compute" \{[\s\S]*?\n\}\n/, '')
        .concat(`
module "eks" {
  source = "./modules/eks"
  name   = "prod"
  ${input} = {
    enabled    = true
    node_pools = ["general-purpose"]
  }
}
`)
      const outcome = await check(files)
      const key = outcome.keys.find(k => k.key === 'aws_kms_key.nodes')!
      expect(key.uses[0]).toMatchObject({
        launcher: 'auto-mode',
        role: 'module.eks.aws_iam_role.cluster.arn'
      })
      // The cluster role's AWS managed policies grant no KMS: the root delegation alone does not.
      expect(key.status).toBe('missing')
      expect(key.fix).toContain('${module.eks.cluster_iam_role_arn}')
    }
  })

  it('Auto Mode with no NodeClass here, and a customer managed key in the configuration, is a warning that says where the key is set', async () => {
    const files = autoMode('')
    delete (files as Record<string, string>)['node-class.yaml']
    const outcome = await check(files)
    const check1 = outcome.keys.find(k => k.uses.some(u => u.launcher === 'auto-mode'))!
    expect(check1.status).toBe('unknown')
    expect(check1.message).toContain("which key EKS Auto Mode's nodes use")
    expect(check1.message).toContain("it is set in the cluster's NodeClass")
  })

  it('Auto Mode with no NodeClass and no customer managed key is a note', async () => {
    const files = autoMode('')
    delete (files as Record<string, string>)['node-class.yaml']
    files['main.tf'] = files['main.tf'].replace(
      /resource "aws_kms_(key|alias)" "nodes" \{[\s\S]*?\n\}\n/g,
      ''
    )
    const outcome = await check(files)
    expect(outcome.keys).toEqual([])
    expect(outcome.notes.join('\n')).toContain("which key EKS Auto Mode's nodes use")
  })

  it('a NodeClass in a kubernetes_manifest HCL object is read', async () => {
    const files = autoMode(
      '',
      'alias/unused',
      `resource "kubernetes_manifest" "node_class" {
  manifest = {
    apiVersion = "eks.amazonaws.com/v1"
    kind       = "NodeClass"
    metadata   = { name = "hcl" }
    spec       = { ephemeralStorage = { kmsKeyID = aws_kms_key.nodes.arn } }
  }
}`
    )
    delete (files as Record<string, string>)['node-class.yaml']
    const outcome = await check(files)
    const key = outcome.keys.find(k => k.key === 'aws_kms_key.nodes')!
    expect(key.status).toBe('missing')
    expect(key.uses[0].via).toContain('NodeClass hcl')
  })
})
