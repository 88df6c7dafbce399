/**
 * Plan JSON shapes as `terraform show -json` writes them (developer.hashicorp.com/terraform/
 * internals/json-format): planned_values with nested child_modules, prior_state, resource_changes
 * with after / after_unknown, and the configuration's expressions and module_calls that join a
 * kms_key_id known only after apply to its key. Small plans written here, one shape each.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { applyPlan, planChecks, readPlan } from '../../src/terraform/plan/outcome.js'
import type { KeyCheck } from '../../src/terraform/model.js'

const DIR = mkdtempSync(join(tmpdir(), 'plan-json-'))
afterAll(() => rmSync(DIR, { recursive: true, force: true }))

const ACCOUNT = '111122223333'
const ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
const ROOT = {
  Sid: 'Root',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  Action: 'kms:*',
  Resource: '*'
}
const USE = {
  Sid: 'AsgUse',
  Effect: 'Allow',
  Principal: { AWS: ROLE },
  Action: [
    'kms:Encrypt',
    'kms:Decrypt',
    'kms:ReEncrypt*',
    'kms:GenerateDataKey*',
    'kms:DescribeKey'
  ],
  Resource: '*'
}
const GRANTS = {
  Sid: 'AsgGrants',
  Effect: 'Allow',
  Principal: { AWS: ROLE },
  Action: 'kms:CreateGrant',
  Resource: '*',
  Condition: { Bool: { 'kms:GrantIsForAWSResource': true } }
}
const policy = (...statements: object[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements })

type Json = Record<string, unknown>
const resource = (address: string, values: Json = {}): Json => {
  const local = address.replace(/^(module\.[^.]+\.)+/, '')
  const data = local.startsWith('data.')
  const [type, name] = (data ? local.slice(5) : local).split('.')
  return { address, mode: data ? 'data' : 'managed', type, name: name.replace(/\[.*$/, ''), values }
}
const template = (address: string, kmsKeyId: unknown, values: Json = {}): Json =>
  resource(address, {
    id: 'lt-0123',
    block_device_mappings: [{ device_name: '/dev/xvda', ebs: [{ kms_key_id: kmsKeyId }] }],
    ...values
  })
const nodeGroup = (address: string, launchTemplateId: unknown): Json =>
  resource(address, { launch_template: [{ id: launchTemplateId }] })
const refs = (...references: string[]): Json => ({ references })
/** A configuration resource whose launch template's kms_key_id is the given expression. */
const templateConfig = (address: string, kmsKeyId: Json): Json => ({
  ...resource(address),
  values: undefined,
  expressions: { block_device_mappings: [{ ebs: [{ kms_key_id: kmsKeyId }] }] }
})

let count = 0
async function plan(body: Json) {
  const path = join(DIR, `plan-${++count}.json`)
  writeFileSync(path, JSON.stringify({ format_version: '1.2', ...body }))
  return readPlan(path)
}
const planned = (resources: Json[], child_modules?: Json[]): Json => ({
  planned_values: { root_module: { resources, child_modules } }
})

describe('plan JSON: a known kms_key_id', () => {
  it('an ARN a key of the plan has is that key; a policy with both statements is granted', async () => {
    const p = await plan(
      planned([
        resource('data.aws_caller_identity.current', { account_id: ACCOUNT }),
        resource('aws_kms_key.ebs', { arn: KEY_ARN, policy: policy(ROOT, USE, GRANTS) }),
        template('aws_launch_template.nodes', KEY_ARN),
        nodeGroup('aws_eks_node_group.workers', 'lt-0123')
      ])
    )
    expect(p.account).toBe(ACCOUNT)
    const [check, ...rest] = planChecks(p)
    expect(rest).toEqual([])
    expect(check).toMatchObject({ key: 'aws_kms_key.ebs', status: 'granted', style: 'plan' })
    expect(check.uses).toEqual([
      {
        consumer: 'aws_eks_node_group.workers',
        via: 'aws_launch_template.nodes (/dev/xvda)',
        role: ROLE,
        file: p.display
      }
    ])
    expect(check.decidedBy.map(d => d.name).sort()).toEqual(['AsgGrants', 'AsgUse'])
    expect(check.line).toBeUndefined()
  })

  it('an alias name is the key its target_key_id names; the account comes from the policy when no aws_caller_identity is read', async () => {
    const p = await plan(
      planned([
        resource('aws_kms_key.ebs', { key_id: '1234abcd', arn: KEY_ARN, policy: policy(ROOT) }),
        resource('aws_kms_alias.ebs', { name: 'alias/ebs', target_key_id: '1234abcd' }),
        template('aws_launch_template.nodes', 'alias/ebs', { name: 'nodes' }),
        resource('aws_autoscaling_group.self', { launch_template: [{ name: 'nodes' }] })
      ])
    )
    expect(p.account).toBeUndefined()
    const [check] = planChecks(p)
    expect(check).toMatchObject({ key: 'aws_kms_key.ebs', status: 'missing' })
    expect(check.uses.map(u => [u.consumer, u.role])).toEqual([
      ['aws_autoscaling_group.self', ROLE]
    ])
    expect(check.fix).toContain('kms:CreateGrant')
  })

  it('a key that is not in the plan is outside it: verify checks it against the account', async () => {
    const p = await plan(planned([template('aws_launch_template.nodes', KEY_ARN)]))
    const [check] = planChecks(p)
    expect(check).toMatchObject({ key: KEY_ARN, status: 'outside' })
    expect(check.message).toContain('run verify against the account')
    // With no node group, the template itself is where the key is used.
    expect(check.uses[0].consumer).toBe('aws_launch_template.nodes')
  })

  it('a device without kms_key_id, and a data source launch template, are not key uses', async () => {
    const p = await plan(
      planned([
        template('aws_launch_template.plain', null),
        { ...template('data.aws_launch_template.existing', KEY_ARN), mode: 'data' }
      ])
    )
    expect(planChecks(p)).toEqual([])
  })

  it('resources the plan leaves unchanged come from prior_state; nested child_modules are read', async () => {
    const p = await plan({
      prior_state: {
        values: {
          root_module: {
            resources: [resource('aws_kms_key.ebs', { arn: KEY_ARN, policy: policy(ROOT) })]
          }
        }
      },
      ...planned(
        [],
        [
          {
            address: 'module.a',
            resources: [],
            child_modules: [
              {
                address: 'module.a.module.b',
                resources: [template('module.a.module.b.aws_launch_template.this', KEY_ARN)]
              }
            ]
          }
        ]
      )
    })
    expect([...p.resources.keys()].sort()).toEqual([
      'aws_kms_key.ebs',
      'module.a.module.b.aws_launch_template.this'
    ])
    const [check] = planChecks(p)
    expect(check).toMatchObject({ key: 'aws_kms_key.ebs', status: 'missing' })
    // No aws_caller_identity: the account is the one the key policy's root principal names.
    expect(check.uses[0].role).toBe(ROLE)
  })
})

describe('plan JSON: the key policy', () => {
  const withKey = (key: Json, extra: Json[] = [], config: Json[] = []): Json => ({
    ...planned([key, template('aws_launch_template.nodes', KEY_ARN), ...extra]),
    configuration: { root_module: { resources: config } }
  })

  it('a key without a policy has the default one (the account root only): missing', async () => {
    const p = await plan(withKey(resource('aws_kms_key.ebs', { arn: KEY_ARN, policy: null })))
    const [check] = planChecks(p)
    expect(check.status).toBe('missing')
    expect(check.decidedBy).toEqual([])
  })

  it('a policy that is not JSON cannot be judged, and says so', async () => {
    const p = await plan(
      withKey(resource('aws_kms_key.ebs', { arn: KEY_ARN, policy: '{not json' }))
    )
    const [check] = planChecks(p)
    expect(check.status).toBe('unknown')
    expect(check.message).toContain('its policy is not JSON')
  })

  it('a single Statement object (not a list) is read', async () => {
    const p = await plan(
      withKey(
        resource('aws_kms_key.ebs', {
          arn: KEY_ARN,
          policy: JSON.stringify({ Statement: { ...USE, Action: 'kms:*', Sid: 'All' } })
        }),
        [resource('data.aws_caller_identity.current', { account_id: ACCOUNT })]
      )
    )
    expect(planChecks(p)[0]).toMatchObject({ status: 'granted', decidedBy: [{ name: 'All' }] })
  })

  it('a policy known only after apply names what it references', async () => {
    const p = await plan({
      ...withKey(
        resource('aws_kms_key.ebs', { arn: KEY_ARN }),
        [],
        [
          {
            ...resource('aws_kms_key.ebs'),
            expressions: { policy: refs('data.aws_iam_policy_document.ebs.json') }
          }
        ]
      ),
      resource_changes: [
        {
          address: 'aws_kms_key.ebs',
          mode: 'managed',
          type: 'aws_kms_key',
          name: 'ebs',
          change: { after: { arn: KEY_ARN }, after_unknown: { policy: true } }
        }
      ]
    })
    const [check] = planChecks(p)
    expect(check.status).toBe('unknown')
    expect(check.message).toContain(
      'its policy is known only after apply (it references data.aws_iam_policy_document.ebs.json)'
    )
    expect(check.unknowns).toEqual([
      expect.objectContaining({ what: 'the policy of aws_kms_key.ebs' })
    ])
  })

  it('an aws_kms_key_policy replaces the key’s own policy: by key_id, or by reference', async () => {
    const key = resource('aws_kms_key.ebs', { arn: KEY_ARN, key_id: 'k-1', policy: policy(ROOT) })
    const byId = await plan(
      withKey(key, [
        resource('aws_kms_key_policy.ebs', { key_id: 'k-1', policy: policy(ROOT, USE, GRANTS) })
      ])
    )
    expect(planChecks(byId)[0].status).toBe('granted')
    const byReference = await plan(
      withKey(
        key,
        [resource('aws_kms_key_policy.ebs', { key_id: null, policy: policy(ROOT, USE, GRANTS) })],
        [
          {
            ...resource('aws_kms_key_policy.ebs'),
            expressions: { key_id: refs('aws_kms_key.ebs.id') }
          }
        ]
      )
    )
    expect(planChecks(byReference)[0].status).toBe('granted')
  })

  it('an aws_kms_grant to the role decides what the policy does not give: by key ARN, or by reference', async () => {
    const key = resource('aws_kms_key.ebs', { arn: KEY_ARN, policy: policy(ROOT) })
    const grant = (keyId: unknown): Json =>
      resource('aws_kms_grant.asg', {
        key_id: keyId,
        grantee_principal: ROLE,
        operations: [
          'Encrypt',
          'Decrypt',
          'ReEncryptFrom',
          'ReEncryptTo',
          'GenerateDataKey',
          'GenerateDataKeyWithoutPlaintext',
          'DescribeKey',
          'CreateGrant'
        ]
      })
    const identity = resource('data.aws_caller_identity.current', { account_id: ACCOUNT })
    const known = planChecks(await plan(withKey(key, [identity, grant(KEY_ARN)])))[0]
    expect(known.status).toBe('granted')
    expect(known.decidedBy).toEqual([
      expect.objectContaining({ kind: 'grant', name: 'aws_kms_grant.asg' })
    ])
    const referenced = planChecks(
      await plan(
        withKey(
          key,
          [identity, grant(null)],
          [
            {
              ...resource('aws_kms_grant.asg'),
              expressions: { key_id: refs('aws_kms_key.ebs.key_id') }
            }
          ]
        )
      )
    )[0]
    expect(referenced.status).toBe('granted')
    // A grant to some other key decides nothing.
    const other = planChecks(await plan(withKey(key, [identity, grant('other-key')])))[0]
    expect(other.status).toBe('missing')
  })
})

describe('plan JSON: a kms_key_id known only after apply', () => {
  const unknownTemplate = (expression: Json, extraConfig: Json[] = [], extra: Json[] = []) => ({
    ...planned([template('aws_launch_template.nodes', null), ...extra]),
    resource_changes: [
      {
        address: 'aws_launch_template.nodes',
        mode: 'managed',
        type: 'aws_launch_template',
        name: 'nodes',
        change: {
          after: { block_device_mappings: [{ device_name: '/dev/xvda', ebs: [{}] }] },
          after_unknown: { block_device_mappings: [{ ebs: [{ kms_key_id: true }] }] }
        }
      }
    ],
    configuration: {
      root_module: {
        resources: [templateConfig('aws_launch_template.nodes', expression), ...extraConfig]
      }
    }
  })

  it('through an alias to the key its target_key_id references', async () => {
    const p = await plan(
      unknownTemplate(
        refs('aws_kms_alias.ebs.arn', 'aws_kms_alias.ebs'),
        [
          {
            ...resource('aws_kms_alias.ebs'),
            expressions: { target_key_id: refs('aws_kms_key.ebs.key_id') }
          }
        ],
        [resource('aws_kms_key.ebs', { policy: policy(ROOT, USE, GRANTS) })]
      )
    )
    expect(planChecks(p).map(c => [c.key, c.status])).toEqual([['aws_kms_key.ebs', 'granted']])
  })

  it('to a data.aws_kms_key the plan does not manage: outside', async () => {
    const p = await plan(unknownTemplate(refs('data.aws_kms_key.ebs.arn', 'data.aws_kms_key.ebs')))
    expect(planChecks(p).map(c => [c.key, c.status])).toEqual([['data.aws_kms_key.ebs', 'outside']])
  })

  it.each<[string, Json, string]>([
    ['a local value', refs('local.key_arn'), 'local.key_arn (plan JSON does not carry locals)'],
    ['a root variable', refs('var.key_arn'), 'var.key_arn of the root module'],
    ['an expression with no reference', {}, 'an expression with no reference'],
    ['something that is not a key', refs('aws_s3_bucket.logs.arn'), 'aws_s3_bucket.logs.arn'],
    [
      'an alias whose target is not followed',
      refs('aws_kms_alias.gone.arn'),
      'aws_kms_alias.gone.arn'
    ]
  ])('to %s: unknown, saying what it cannot follow', async (_what, expression, reason) => {
    const [check, ...rest] = planChecks(await plan(unknownTemplate(expression)))
    expect(rest).toEqual([])
    expect(check).toMatchObject({
      key: 'the key of aws_launch_template.nodes (/dev/xvda)',
      status: 'unknown'
    })
    expect(check.message).toBe(
      `Cannot tell which key aws_launch_template.nodes (/dev/xvda) uses: ${reason}.`
    )
    expect(check.unknowns[0].how).toContain(reason)
  })

  it('a module output that leads nowhere is passed over for the next reference', async () => {
    const p = await plan({
      ...unknownTemplate(
        refs('module.kms.key_arn', 'aws_kms_key.ebs.arn'),
        [],
        [resource('aws_kms_key.ebs', { policy: policy(ROOT) })]
      ),
      configuration: {
        root_module: {
          resources: [
            templateConfig(
              'aws_launch_template.nodes',
              refs('module.kms.key_arn', 'aws_kms_key.ebs.arn')
            )
          ],
          module_calls: { kms: { module: { outputs: { key_arn: { expression: refs() } } } } }
        }
      }
    })
    expect(planChecks(p).map(c => [c.key, c.status])).toEqual([['aws_kms_key.ebs', 'missing']])
  })
})

describe('applyPlan: the plan decides what the .tf files could not', () => {
  const use = {
    consumer: 'aws_eks_node_group.workers',
    via: 'aws_launch_template.nodes (/dev/xvda)',
    role: ROLE
  }
  const check = (
    key: string,
    status: KeyCheck['status'],
    extra: Partial<KeyCheck> = {}
  ): KeyCheck => ({
    key,
    status,
    style: 'jsonencode',
    message: status,
    uses: [use],
    decidedBy: [],
    unknowns: [],
    ...extra
  })

  it('replaces unknown and outside verdicts, keeps decided ones, drops unknowns the plan covers, adds the rest', async () => {
    const p = await plan(
      planned([
        resource('aws_kms_key.ebs', { arn: KEY_ARN, policy: policy(ROOT, USE, GRANTS) }),
        resource('aws_kms_key.other', { arn: `${KEY_ARN}0`, policy: policy(ROOT) }),
        template('aws_launch_template.nodes', KEY_ARN),
        template('aws_launch_template.more', `${KEY_ARN}0`, { id: 'lt-9' })
      ])
    )
    const keys = [
      check('aws_kms_key.ebs', 'unknown', { file: 'main.tf', line: 3 }),
      check('aws_kms_key.decided', 'granted'),
      check('the key of aws_launch_template.nodes (/dev/xvda)', 'unknown'),
      check('aws_kms_key.other', 'missing', { message: 'from the .tf files' })
    ]
    const notes: string[] = []
    applyPlan(p, keys, notes)
    expect(keys.map(k => [k.key, k.status, k.file ?? null, k.line ?? null])).toEqual([
      ['aws_kms_key.ebs', 'granted', 'main.tf', 3],
      ['aws_kms_key.decided', 'granted', null, null],
      ['aws_kms_key.other', 'missing', null, null]
    ])
    // A verdict the .tf files decided stays theirs.
    expect(keys[2].message).toBe('from the .tf files')
    expect(notes).toEqual([`Read the plan ${p.display} (4 resources).`])
  })

  it('adds the plan’s verdicts on keys the .tf files did not find', async () => {
    const p = await plan(
      planned([
        resource('aws_kms_key.ebs', { arn: KEY_ARN, policy: policy(ROOT) }),
        template('aws_launch_template.nodes', KEY_ARN)
      ])
    )
    const keys: KeyCheck[] = []
    applyPlan(p, keys, [])
    expect(keys.map(k => [k.key, k.status])).toEqual([['aws_kms_key.ebs', 'missing']])
  })
})

const DEBIAN = '/usr/share/gocode/src/github.com/hashicorp/terraform-json/testdata'
const debian = existsSync(DEBIAN) ? describe : describe.skip
debian('plans Terraform wrote (golang-github-hashicorp-terraform-json-dev)', () => {
  it('deep_module: resources of module.foo.module.bar are known by their full address', async () => {
    const p = await readPlan(join(DEBIAN, 'deep_module/plan.json'))
    expect([...p.resources.keys()].some(a => a.startsWith('module.foo.module.bar.'))).toBe(true)
    expect(p.root?.module_calls?.foo?.module?.module_calls?.bar).toBeDefined()
  })

  it('explicit_null: a plan with explicit nulls is read without a verdict or a crash', async () => {
    const p = await readPlan(join(DEBIAN, 'explicit_null/plan.json'))
    expect(p.resources.size).toBeGreaterThan(0)
    expect(planChecks(p)).toEqual([])
  })
})
