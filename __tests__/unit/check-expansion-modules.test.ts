/**
 * Module calls expanded by count and for_each as Terraform expands them: the address of each key
 * created inside (module.kms["a"].aws_kms_key.this), the variables each instance is given, the
 * outputs read through module.kms[...], and what check says when an expansion is refused or
 * cannot be known here.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import {
  check,
  key,
  lineOf,
  nodes,
  only,
  removeFolders,
  statuses
} from '../support/terraform-workspace.js'

afterAll(removeFolders)

/** A module folder with a key granting when `grant` says so, and its ARN as output `arn`. */
function kmsModule(grant = 'var.grant', variable = 'default = false'): string {
  return (
    `variable "grant" {\n  type = bool\n  ${variable}\n}\n` +
    key('', grant, 'this') +
    'output "arn" {\n  value = aws_kms_key.this.arn\n}\n'
  )
}

function call(meta: string): string {
  return `module "kms" {\n  source = "./kms"\n  ${meta}\n}\n`
}

/** The node group's key could not be told: why, as the user reads it. */
async function refused(files: Record<string, string>) {
  const found = only(await check(files))
  expect([found.key, found.status]).toEqual([
    'the key of aws_launch_template.nodes (/dev/xvda)',
    'unknown'
  ])
  expect(found.unknowns).toHaveLength(1)
  return found.unknowns[0]
}

// developer.hashicorp.com/terraform/language/values/variables: a value set in the module block
// is used over the default; a variable with neither has no value. "Disallowing null input
// values": nullable defaults to true, so a null passed in stays null unless nullable = false.
describe('the variables of a module instance', () => {
  it('a value given by the call is used over the default', async () => {
    const files = {
      'main.tf': call('grant = true') + nodes('module.kms.arn'),
      'kms/main.tf': kmsModule()
    }
    const found = only(await check(files))
    expect([found.key, found.status]).toEqual(['module.kms.aws_kms_key.this', 'granted'])
    expect([found.file, found.line]).toEqual([
      'kms/main.tf',
      lineOf(files['kms/main.tf'], 'policy =')
    ])
  })

  it('no value and no default: cannot tell, naming the call that should set it', async () => {
    const files = {
      'main.tf': call('') + nodes('module.kms.arn'),
      'kms/main.tf': kmsModule('var.grant', '')
    }
    const found = only(await check(files))
    expect([found.key, found.status]).toEqual(['module.kms.aws_kms_key.this', 'unknown'])
    expect(found.unknowns).toEqual([
      {
        what: 'var.grant of module.kms (no value)',
        pos: { file: 'kms/main.tf', line: lineOf(files['kms/main.tf'], 'var.grant ?') },
        how: 'set grant in the call of module.kms'
      }
    ])
  })

  it('a value given to a variable with nullable = false and a default is used', async () => {
    const files = {
      'main.tf': call('grant = true') + nodes('module.kms.arn'),
      'kms/main.tf': kmsModule('var.grant', 'default  = false\n  nullable = false')
    }
    expect(statuses(await check(files))).toEqual([['module.kms.aws_kms_key.this', 'granted']])
  })

  it('null passed to a nullable variable stays null: its default is not used', async () => {
    const files = {
      'main.tf': call('grant = null') + nodes('module.kms.arn'),
      'kms/main.tf': kmsModule('var.grant != null', 'default  = true\n  nullable = true')
    }
    expect(statuses(await check(files))).toEqual([['module.kms.aws_kms_key.this', 'missing']])
  })
})

// developer.hashicorp.com/terraform/language/meta-arguments/for_each and .../count (modules):
// module.<name>[<key or index>] is one instance, its resources addressed under it; the call
// "accepts a map or a set of strings" (for_each) or "a whole number" (count), not both.
describe('module calls with for_each and count', () => {
  const MAP = 'for_each = { alpha = true, bravo = false }\n  grant = each.value'

  it('for_each over a map: each instance is given its own each.value and named by its key', async () => {
    const outcome = await check({
      'main.tf':
        call(MAP) + nodes('module.kms[each.key].arn', 'for_each = { alpha = 1, bravo = 2 }'),
      'kms/main.tf': kmsModule()
    })
    expect(statuses(outcome)).toEqual([
      ['module.kms["alpha"].aws_kms_key.this', 'granted'],
      ['module.kms["bravo"].aws_kms_key.this', 'missing']
    ])
  })

  it('a literal key picks its own instance, not the first', async () => {
    const outcome = await check({
      'main.tf': call(MAP) + nodes('module.kms["bravo"].arn'),
      'kms/main.tf': kmsModule()
    })
    expect(statuses(outcome)).toEqual([['module.kms["bravo"].aws_kms_key.this', 'missing']])
  })

  it('a key that is not there, with one instance only: not taken for that instance', async () => {
    const main =
      call('for_each = { alpha = true }\n  grant = each.value') + nodes('module.kms["zulu"].arn')
    const unknown = await refused({ 'main.tf': main, 'kms/main.tf': kmsModule() })
    expect(unknown.how).toBe('it could not be evaluated: this object has no attribute "zulu"')
  })

  it('a key with a quote: the address quotes and escapes it', async () => {
    const outcome = await check({
      'main.tf':
        call('for_each = toset(["a\\"b"])\n  grant = true') + nodes('module.kms["a\\"b"].arn'),
      'kms/main.tf': kmsModule()
    })
    expect(statuses(outcome)).toEqual([['module.kms["a\\"b"].aws_kms_key.this', 'granted']])
  })

  it('count: count.index in the call, module.kms[1] is the second instance', async () => {
    const outcome = await check({
      'main.tf': call('count = 2\n  grant = count.index == 0') + nodes('module.kms[1].arn'),
      'kms/main.tf': kmsModule()
    })
    expect(statuses(outcome)).toEqual([['module.kms[1].aws_kms_key.this', 'missing']])
  })

  it.each([
    ['a literal key', 'module.kms["bravo"].arn'],
    ['values()', 'values(module.kms)[0].arn']
  ])(
    'for_each not known here, reached by %s: one instance [?], naming the variable to give a value',
    async (_, ref) => {
      const main =
        'variable "teams" {\n  type = map(bool)\n}\n' +
        call('for_each = var.teams\n  grant = each.value') +
        nodes(ref)
      const found = only(await check({ 'main.tf': main, 'kms/main.tf': kmsModule() }))
      expect([found.key, found.status]).toEqual(['module.kms[?].aws_kms_key.this', 'unknown'])
      expect(found.unknowns.map(u => [u.what, u.pos?.line])).toEqual([
        ['var.teams (no value)', lineOf(main, 'for_each = var.teams')]
      ])
    }
  )

  it.each([
    [
      'for_each = null',
      'for_each = null',
      'for_each is null: Terraform needs a map or a set of strings'
    ],
    [
      'count and for_each',
      'count = 1\n  for_each = { a = true }',
      'count and for_each are both set: Terraform accepts only one of them'
    ],
    ['count = -1', 'count = -1', 'count is -1: Terraform needs a whole number, 0 or more']
  ])('%s: refused as Terraform refuses it, and check goes on', async (_, meta, why) => {
    const main = call(meta) + nodes('module.kms[0].arn')
    const unknown = await refused({ 'main.tf': main, 'kms/main.tf': kmsModule() })
    expect(unknown).toEqual({
      what: 'kms_key_id',
      pos: { file: 'main.tf', line: lineOf(main, 'kms_key_id') },
      how: `it could not be evaluated: ${why}`
    })
  })
})

// developer.hashicorp.com/terraform/language/expressions/references: module.<name> is an object
// of the module's outputs; .../modules/sources: a registry module is in the folder terraform
// init fills.
describe('outputs of a module instance', () => {
  it('lookup() of an output by name reaches the key', async () => {
    const outcome = await check({
      'main.tf': call('grant = true') + nodes('lookup(module.kms, "arn", null)'),
      'kms/main.tf': kmsModule()
    })
    expect(statuses(outcome)).toEqual([['module.kms.aws_kms_key.this', 'granted']])
  })

  it('an output the module does not declare: cannot tell, naming it', async () => {
    const unknown = await refused({
      'main.tf': call('') + nodes('module.kms.nope'),
      'kms/main.tf': kmsModule()
    })
    expect(unknown.how).toBe('it could not be evaluated: module.kms has no output "nope"')
  })

  it('a module whose source is not here: cannot tell, asking for terraform init', async () => {
    const main =
      'module "kms" {\n  source = "terraform-aws-modules/kms/aws"\n}\n' +
      nodes('module.kms.key_arn')
    const unknown = await refused({ 'main.tf': main })
    expect(unknown.what).toBe('module kms (terraform-aws-modules/kms/aws)')
    expect(unknown.pos).toEqual({ file: 'main.tf', line: lineOf(main, 'module.kms.key_arn') })
    expect(unknown.how).toContain('run `terraform init -backend=false` before check')
  })

  it('a key three modules down is found and named by its full address', async () => {
    const down = (name: string) => `module "${name}" {\n  source = "../${name}"\n}\n`
    const pass = (name: string) => `output "arn" {\n  value = module.${name}.arn\n}\n`
    const outcome = await check({
      'main.tf': 'module "a" {\n  source = "./a"\n}\n' + nodes('module.a.arn'),
      'a/main.tf': down('b') + pass('b'),
      'b/main.tf': down('c') + pass('c'),
      'c/main.tf': kmsModule('true')
    })
    expect(statuses(outcome)).toEqual([['module.a.module.b.module.c.aws_kms_key.this', 'granted']])
  })
})
