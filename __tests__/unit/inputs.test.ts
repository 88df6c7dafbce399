import { describe, expect, it } from '@jest/globals'
import { InputError, parseList, readConfig } from '../../src/inputs.js'

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''
const base = { mode: 'verify', 'cluster-name': 'prod', 'aws-region': 'us-east-1' }

function problemsOf(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    readConfig(reader(inputs), env)
    return []
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
}

describe('readConfig', () => {
  it('resolves working-directory against the workspace, as the runner does', () => {
    const config = readConfig(reader({ ...base, 'working-directory': 'infra/prod' }), {
      GITHUB_WORKSPACE: '/home/runner/work/repo/repo'
    })
    expect(config.workingDirectory).toBe('/home/runner/work/repo/repo/infra/prod')
  })

  it('applies the contract defaults', () => {
    const config = readConfig(reader(base), {})
    expect(config).toMatchObject({
      mode: 'verify',
      clusterName: 'prod',
      region: 'us-east-1',
      nodegroupNames: [],
      patchPolicy: true,
      dryRun: false,
      createServiceLinkedRole: true,
      workingDirectory: process.cwd(),
      terraformPaths: ['.'],
      timeoutMs: 3_600_000,
      pollIntervalMs: 15_000,
      propagationGraceMs: 60_000,
      prComment: true
    })
  })

  it('takes the region from AWS_REGION, then AWS_DEFAULT_REGION', () => {
    const { 'aws-region': _, ...noRegion } = base
    expect(
      readConfig(reader(noRegion), { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-west-2' })
        .region
    ).toBe('eu-west-1')
    expect(readConfig(reader(noRegion), { AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe(
      'us-west-2'
    )
  })

  it('accepts decimals for compressed-time runs', () => {
    const config = readConfig(
      reader({
        ...base,
        'poll-interval-seconds': '0.2',
        'timeout-minutes': '1.5',
        'propagation-grace-seconds': '.5'
      }),
      {}
    )
    expect(config.pollIntervalMs).toBeCloseTo(200)
    expect(config.timeoutMs).toBe(90_000)
    expect(config.propagationGraceMs).toBe(500)
  })

  it('splits lists on commas and newlines', () => {
    expect(parseList('a, b\n\nc,')).toEqual(['a', 'b', 'c'])
    const config = readConfig(
      reader({
        ...base,
        'nodegroup-names': 'ng-1,\nng-2',
        'kms-key-ids':
          'alias/eks-ebs\narn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
      }),
      {}
    )
    expect(config.nodegroupNames).toEqual(['ng-1', 'ng-2'])
    const asgs = readConfig(reader({ ...base, 'asg-names': 'eks-workers-a,\nworkers_b.2026' }), {})
    expect(asgs.asgNames).toEqual(['eks-workers-a', 'workers_b.2026'])
    expect(config.kmsKeyIds).toHaveLength(2)
  })

  it('needs neither a cluster nor a region in check mode', () => {
    expect(readConfig(reader({ mode: 'check' }), {}).mode).toBe('check')
  })

  it.each([
    ['unknown mode', { mode: 'apply' }, "Input 'mode'", 'check, verify, deploy'],
    [
      'cluster missing for verify',
      { mode: 'verify', 'cluster-name': '' },
      "'cluster-name' is required for mode 'verify'",
      'EKS cluster'
    ],
    [
      'cluster missing for deploy',
      { mode: 'deploy', 'cluster-name': '' },
      "'cluster-name' is required for mode 'deploy'",
      'EKS cluster'
    ],
    [
      'cluster name with shell metacharacters',
      { 'cluster-name': 'prod;rm -rf /' },
      "Input 'cluster-name'",
      '1-100 letters'
    ],
    [
      'command outside deploy',
      { command: 'terraform apply' },
      "Input 'command' is only used with mode 'deploy'",
      "mode is 'verify'"
    ],
    ['timeout zero', { 'timeout-minutes': '0' }, "Input 'timeout-minutes'", 'positive number'],
    ['timeout negative', { 'timeout-minutes': '-5' }, "Input 'timeout-minutes'", 'positive number'],
    [
      'timeout not numeric',
      { 'timeout-minutes': 'ten' },
      "Input 'timeout-minutes'",
      'positive number'
    ],
    [
      'poll interval not numeric',
      { 'poll-interval-seconds': '1e3' },
      "Input 'poll-interval-seconds'",
      'positive number'
    ],
    [
      'poll interval zero',
      { 'poll-interval-seconds': '0.0' },
      "Input 'poll-interval-seconds'",
      'positive number'
    ],
    [
      'grace not numeric',
      { 'propagation-grace-seconds': '60s' },
      "Input 'propagation-grace-seconds'",
      'positive number'
    ],
    ['malformed key id', { 'kms-key-ids': 'not-a-key' }, "Input 'kms-key-ids'", 'alias name'],
    [
      'key ARN of another service',
      { 'kms-key-ids': 'arn:aws:s3:::bucket/key/x' },
      "Input 'kms-key-ids'",
      'key ARN'
    ],
    ['alias without prefix', { 'kms-key-ids': 'eks-ebs' }, "Input 'kms-key-ids'", 'alias/'],
    [
      'malformed role ARN',
      { 'autoscaling-role-arn': 'AWSServiceRoleForAutoScaling' },
      "Input 'autoscaling-role-arn'",
      'IAM role ARN'
    ],
    [
      'role ARN of a user',
      { 'autoscaling-role-arn': 'arn:aws:iam::111122223333:user/bob' },
      "Input 'autoscaling-role-arn'",
      'IAM role ARN'
    ],
    ['boolean yes', { 'patch-policy': 'yes' }, "Input 'patch-policy'", 'YAML 1.2 boolean'],
    ['boolean 1', { 'dry-run': '1' }, "Input 'dry-run'", 'YAML 1.2 boolean'],
    ['boolean tRuE', { 'pr-comment': 'tRuE' }, "Input 'pr-comment'", 'YAML 1.2 boolean'],
    [
      'create role on',
      { 'create-service-linked-role': 'on' },
      "Input 'create-service-linked-role'",
      'YAML 1.2 boolean'
    ],
    ['pr-number zero', { 'pr-number': '0' }, "Input 'pr-number'", 'positive whole number'],
    ['pr-number decimal', { 'pr-number': '12.5' }, "Input 'pr-number'", 'positive whole number'],
    ['pr-number text', { 'pr-number': '#12' }, "Input 'pr-number'", 'positive whole number'],
    ['bad region', { 'aws-region': 'US East' }, "Input 'aws-region'", 'Region code'],
    [
      'node group name with spaces',
      { 'nodegroup-names': 'ng one' },
      "Input 'nodegroup-names'",
      'node group names'
    ],
    [
      'Auto Scaling group name with a colon',
      { 'asg-names': 'workers:a' },
      "Input 'asg-names'",
      'Auto Scaling group names'
    ],
    [
      'Auto Scaling group name with a space',
      { 'asg-names': 'my workers' },
      "Input 'asg-names'",
      'no spaces or colons'
    ]
  ])('rejects %s, naming the input and what it accepts', (_label, overrides, names, accepts) => {
    const problems = problemsOf({ ...base, ...overrides })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(names)
    expect(problems[0]).toContain(accepts)
  })

  it('quotes the offending value', () => {
    expect(problemsOf({ ...base, 'timeout-minutes': 'soon' })[0]).toContain('"soon"')
  })

  it('reports every problem at once', () => {
    expect(problemsOf({ mode: 'deploy', 'timeout-minutes': 'x', 'dry-run': 'maybe' })).toHaveLength(
      4
    )
  })

  it('requires a region for verify when the environment has none', () => {
    expect(problemsOf({ mode: 'verify', 'cluster-name': 'prod' })[0]).toContain(
      "Input 'aws-region' is required"
    )
  })

  it('refuses dry-run with verify, naming the input, in one message', () => {
    const problems = problemsOf({ ...base, 'dry-run': 'true' })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^Input 'dry-run' is only used with mode 'deploy'/)
    expect(problemsOf({ ...base, 'dry-run': 'false' })).toEqual([])
    expect(problemsOf({ ...base, mode: 'deploy', 'dry-run': 'true' })).toEqual([])
  })

  it.each(['true', 'True', 'TRUE', 'false', 'False', 'FALSE'])(
    'accepts the YAML 1.2 boolean %s',
    value => {
      expect(readConfig(reader({ ...base, mode: 'deploy', 'dry-run': value }), {}).dryRun).toBe(
        value.toLowerCase() === 'true'
      )
    }
  )

  it.each([
    '1234abcd-12ab-34cd-56ef-1234567890ab',
    'mrk-1234abcd12ab34cd56ef1234567890ab',
    'alias/eks/ebs-key_1',
    'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'arn:aws-cn:kms:cn-north-1:111122223333:alias/eks-ebs',
    'arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab'
  ])('accepts the key reference %s', key => {
    expect(readConfig(reader({ ...base, 'kms-key-ids': key }), {}).kmsKeyIds).toEqual([key])
  })
})
