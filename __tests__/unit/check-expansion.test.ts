/**
 * Resources expanded by for_each and count as Terraform expands them: which instances exist, the
 * address each key is reported under, what each.key / each.value / count.index hold, and what
 * check says — naming the file and line — when Terraform would refuse the expansion or when it
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

/** The unknown of a node group's launch template whose kms_key_id could not be evaluated. */
async function refused(main: string) {
  const outcome = await check(main)
  const found = only(outcome)
  expect(found.status).toBe('unknown')
  expect(found.key).toBe('the key of aws_launch_template.nodes (/dev/xvda)')
  expect(found.unknowns).toHaveLength(1)
  expect(found.unknowns[0].what).toBe('kms_key_id')
  expect(found.unknowns[0].pos).toEqual({ file: 'main.tf', line: lineOf(main, 'kms_key_id') })
  expect(outcome.result).toBe('success')
  return found.unknowns[0].how
}

// developer.hashicorp.com/terraform/language/meta-arguments/for_each: for_each "accepts a map or a
// set of strings"; each.key is the map key (or the set member), each.value the map value (or the
// member again); instances are addressed as <type>.<name>["<key>"].
describe('for_each: instances, their addresses and each.key / each.value', () => {
  const MAP = 'for_each = { alpha = "a", bravo = "b" }'

  it('over a map: one key per map key, named by it, and each.key is the map key', async () => {
    const main = key(MAP, 'each.key == "alpha"') + nodes('aws_kms_key.team[each.key].arn', MAP)
    const outcome = await check(main)
    expect(statuses(outcome)).toEqual([
      ['aws_kms_key.team["alpha"]', 'granted'],
      ['aws_kms_key.team["bravo"]', 'missing']
    ])
    expect(outcome.result).toBe('failure')
    expect(outcome.keys.map(k => [k.file, k.line])).toEqual([
      ['main.tf', lineOf(main, 'policy =')],
      ['main.tf', lineOf(main, 'policy =')]
    ])
    expect(outcome.keys.map(k => k.uses.map(u => u.consumer))).toEqual([
      ['aws_eks_node_group.nodes["alpha"]'],
      ['aws_eks_node_group.nodes["bravo"]']
    ])
  })

  it('over a map: each.value is the value of its own key', async () => {
    const main =
      key('for_each = { alpha = true, bravo = false }', 'each.value') +
      nodes('aws_kms_key.team["bravo"].arn')
    expect(statuses(await check(main))).toEqual([['aws_kms_key.team["bravo"]', 'missing']])
  })

  it('over an object: each.value.<attribute> reads the object of its own key', async () => {
    const OBJECT = 'for_each = { alpha = { grant = true }, bravo = { grant = false } }'
    const outcome = await check(
      key(OBJECT, 'each.value.grant') + nodes('aws_kms_key.team[each.key].arn', OBJECT)
    )
    expect(statuses(outcome)).toEqual([
      ['aws_kms_key.team["alpha"]', 'granted'],
      ['aws_kms_key.team["bravo"]', 'missing']
    ])
  })

  it('over a set of strings with a quote, a dot and a space: addresses quote and escape the key', async () => {
    const SET = 'for_each = toset(["a\\"b", "x.y z"])'
    const quoted = await check(
      key(SET, 'each.value == "x.y z"') + nodes('aws_kms_key.team["a\\"b"].arn')
    )
    expect(statuses(quoted)).toEqual([['aws_kms_key.team["a\\"b"]', 'missing']])
    const dotted = await check(
      key(SET, 'each.key == "x.y z"') + nodes('aws_kms_key.team["x.y z"].arn')
    )
    expect(statuses(dotted)).toEqual([['aws_kms_key.team["x.y z"]', 'granted']])
  })

  it('a key that is not in the map: cannot tell which key, at the reference, naming the key asked for', async () => {
    const how = await refused(key(MAP) + nodes('aws_kms_key.team["zulu"].arn'))
    expect(how).toBe('it could not be evaluated: this object has no attribute "zulu"')
  })

  it('a key that is not there, with one instance only: not taken for that instance', async () => {
    const how = await refused(
      key('for_each = { alpha = "a" }') + nodes('aws_kms_key.team["zulu"].arn')
    )
    expect(how).toBe('it could not be evaluated: this object has no attribute "zulu"')
  })

  it.each([
    ['a list written in place', 'for_each = ["alpha", "bravo"]'],
    ['a [for] expression making a list', 'for_each = [for t in ["alpha"] : t]']
  ])('over %s: refused as Terraform refuses it, not read as a set', async (_, meta) => {
    const how = await refused(key(meta) + nodes('aws_kms_key.team["alpha"].arn'))
    expect(how).toBe(
      'it could not be evaluated: for_each is a list: Terraform needs a map or a set of strings (toset() makes a set of a list)'
    )
  })

  it.each([
    ['null', 'for_each = null', 'for_each is null'],
    ['a string', 'for_each = "alpha"', 'for_each is a string'],
    ['a number', 'for_each = 2', 'for_each is a number']
  ])('over %s: refused, saying what it got', async (_, meta, got) => {
    const how = await refused(key(meta) + nodes('aws_kms_key.team["alpha"].arn'))
    expect(how).toBe(`it could not be evaluated: ${got}: Terraform needs a map or a set of strings`)
  })
})

// developer.hashicorp.com/terraform/language/meta-arguments/for_each: "All values that the
// for_each argument iterates over must be known before Terraform performs any remote resource
// operations"; check cannot know them without their values, so one instance [?] stands for each.
describe('for_each not known here: one instance [?] stands for every key', () => {
  const TEAMS = 'variable "teams" {\n  type = map(bool)\n}\n'

  it('each.value unknown in the policy: cannot tell, naming the variable to give a value', async () => {
    const main =
      TEAMS + key('for_each = var.teams', 'each.value') + nodes('aws_kms_key.team["alpha"].arn')
    const outcome = await check(main)
    const found = only(outcome)
    expect([found.key, found.status]).toEqual(['aws_kms_key.team[?]', 'unknown'])
    expect(found.unknowns).toEqual([
      {
        what: 'var.teams (no value)',
        pos: { file: 'main.tf', line: lineOf(main, 'for_each = var.teams') },
        how: expect.stringContaining('TF_VAR_teams')
      }
    ])
  })

  it('values() of the resource: the [?] instance, so its key is still judged', async () => {
    const main =
      TEAMS + key('for_each = var.teams', 'false') + nodes('values(aws_kms_key.team)[0].arn')
    expect(statuses(await check(main))).toEqual([['aws_kms_key.team[?]', 'missing']])
  })

  it('a policy that never grants, whatever the key: the key is missing for every key', async () => {
    const main =
      TEAMS + key('for_each = var.teams', 'false') + nodes('aws_kms_key.team["alpha"].arn')
    const outcome = await check(main)
    expect(statuses(outcome)).toEqual([['aws_kms_key.team[?]', 'missing']])
    expect(outcome.result).toBe('failure')
  })
})

// developer.hashicorp.com/terraform/language/meta-arguments/count: count "accepts a whole number"
// and makes that many instances, addressed <type>.<name>[<index>] from 0; "A given resource or
// module block cannot use both count and for_each".
describe('count: instances by index, and what Terraform refuses', () => {
  it('count.index picks the instance: index 1 of 2 is the one without the statements', async () => {
    const main = key('count = 2', 'count.index == 0') + nodes('aws_kms_key.team[1].arn')
    expect(statuses(await check(main))).toEqual([['aws_kms_key.team[1]', 'missing']])
  })

  it('a count written as a string of a number is taken as that number', async () => {
    const main = key('count = "2"', 'count.index == 0') + nodes('aws_kms_key.team[1].arn')
    expect(statuses(await check(main))).toEqual([['aws_kms_key.team[1]', 'missing']])
  })

  it('count = 0 on the key and the group: nothing launches, nothing to judge', async () => {
    const outcome = await check(key('count = 0') + nodes('aws_kms_key.team[0].arn', 'count = 0'))
    expect(outcome.result).toBe('success')
    expect(outcome.keys).toEqual([])
  })

  it('an index past the last instance: cannot tell, saying how many there are', async () => {
    expect(await refused(key('count = 0') + nodes('aws_kms_key.team[0].arn'))).toBe(
      'it could not be evaluated: index 0 is out of range for a list of 0'
    )
    expect(await refused(key('count = 2') + nodes('aws_kms_key.team[2].arn'))).toBe(
      'it could not be evaluated: index 2 is out of range for a list of 2'
    )
  })

  it('a count not known here is checked as one instance [0]: a policy that never grants fails', async () => {
    const main =
      'variable "n" {\n  type = number\n}\n' +
      key('count = var.n', 'false') +
      nodes('aws_kms_key.team[0].arn')
    const outcome = await check(main)
    expect(statuses(outcome)).toEqual([['aws_kms_key.team[0]', 'missing']])
    expect(outcome.result).toBe('failure')
  })

  it.each([
    ['1.5', 'count is 1.5'],
    ['-1', 'count is -1'],
    ['null', 'count is null'],
    ['"two"', 'count is "two"'],
    ['"0x2"', 'count is "0x2"']
  ])(
    'count = %s: refused as Terraform refuses it, not rounded or taken as none',
    async (value, got) => {
      const how = await refused(key(`count = ${value}`, 'false') + nodes('aws_kms_key.team[0].arn'))
      expect(how).toBe(
        `it could not be evaluated: ${got}: Terraform needs a whole number, 0 or more`
      )
    }
  )

  it('count and for_each together: refused, where count is not taken over for_each', async () => {
    const how = await refused(
      key('count = 1\n  for_each = { a = 1 }', 'false') + nodes('aws_kms_key.team[0].arn')
    )
    expect(how).toBe(
      'it could not be evaluated: count and for_each are both set: Terraform accepts only one of them'
    )
  })
})

// developer.hashicorp.com/terraform/language/meta-arguments/depends_on and .../lifecycle: they
// order and guard the resource; they are not arguments of it.
describe('depends_on and lifecycle are meta-arguments, not attributes of the key', () => {
  it('a key with depends_on and lifecycle is judged on its policy alone', async () => {
    const main =
      key(
        'depends_on = [aws_launch_template.nodes]\n  lifecycle {\n    prevent_destroy = true\n  }'
      ) + nodes('aws_kms_key.team.arn')
    const found = only(await check(main))
    expect([found.key, found.status]).toEqual(['aws_kms_key.team', 'granted'])
    expect(found.decidedBy.map(d => [d.name, d.line])).toEqual([
      // A statement is placed at its opening brace.
      ['Use', lineOf(main, '? [{')],
      ['Grants', lineOf(main, '}, {')]
    ])
  })

  it('a data source read by the launch template: a key managed elsewhere, not judged here', async () => {
    const main =
      'data "aws_kms_key" "team" {\n  key_id = "alias/team"\n}\n' +
      key('', 'false', 'own') +
      nodes('data.aws_kms_key.team.arn')
    const found = only(await check(main))
    expect([found.key, found.status]).toEqual(['data.aws_kms_key.team', 'outside'])
  })

  it('a data source of the same type is not a key this configuration manages', async () => {
    const main =
      'data "aws_kms_key" "team" {\n  key_id = "alias/team"\n}\n' +
      key('', 'false', 'own') +
      nodes('aws_kms_key.own.arn')
    expect(statuses(await check(main))).toEqual([['aws_kms_key.own', 'missing']])
  })
})

/** The one key, whose policy could not be evaluated: why, as the user reads it. */
async function policyRefused(main: string) {
  const found = only(await check(main))
  expect([found.key, found.status]).toEqual(['aws_kms_key.team', 'unknown'])
  expect(found.unknowns).toHaveLength(1)
  expect(found.unknowns[0].what).toBe('the policy of aws_kms_key.team')
  return found.unknowns[0]
}

// developer.hashicorp.com/terraform/language/expressions/references: count.index only where count
// is set, each.* only where for_each is, self only in provisioner and connection blocks; a
// reference names a declared variable, local value, resource or module.
describe('references check cannot follow: what is wrong, and where', () => {
  it.each([
    ['count.index == 0', 'count is used outside a resource or module with count'],
    ['each.key == "a"', 'each is used outside a resource or module with for_each'],
    ['self.arn == "a"', 'self is used outside a resource or module with a provisioner'],
    ['var.nope', 'var.nope is not declared in this module'],
    ['local.nope', 'local.nope is not declared in this module']
  ])('%s in the policy of a key with neither: cannot tell, saying so', async (grant, why) => {
    const main = key('', grant) + nodes('aws_kms_key.team.arn')
    const unknown = await policyRefused(main)
    expect(unknown.how).toBe(`it could not be evaluated: ${why}`)
    // The line of the reference itself, not of the policy attribute.
    expect(unknown.pos).toEqual({ file: 'main.tf', line: lineOf(main, `${grant} ?`) })
  })

  it.each([
    ['keys(var)', 'var'],
    ['keys(local)', 'local'],
    ['keys(module)', 'module'],
    ['keys(data)', 'data'],
    ['keys(data.aws_kms_key)', 'data.aws_kms_key'],
    ['keys(aws_kms_key)', 'aws_kms_key']
  ])('%s: refused as Terraform refuses a namespace used whole', async (call, namespace) => {
    const main =
      'locals {\n  a = 1\n}\n' + key('', `length(${call}) > 0`) + nodes('aws_kms_key.team.arn')
    expect((await policyRefused(main)).how).toBe(
      `it could not be evaluated: "${namespace}" cannot be used as a whole: Terraform needs one of its names, as ${namespace}.<name>`
    )
  })

  it.each([
    ['aws_kms_kee.team.arn', '"aws_kms_kee" is not declared in this module'],
    ['aws_kms_key.nope.arn', 'aws_kms_key.nope is not declared in this module'],
    ['module.kms.arn', 'module.kms is not declared in this module']
  ])('kms_key_id = %s: cannot tell which key, naming what is not declared', async (ref, why) => {
    expect(await refused(key('') + nodes(ref))).toBe(`it could not be evaluated: ${why}`)
  })

  it('a local value that refers to itself: said so, not a crash', async () => {
    const main = 'locals {\n  a = local.a\n}\n' + key('', 'local.a') + nodes('aws_kms_key.team.arn')
    expect((await policyRefused(main)).how).toBe(
      'it could not be evaluated: local.a refers to itself'
    )
  })

  it('a local value that fails, read by two instances: both are told its own error', async () => {
    const MAP = 'for_each = { alpha = "a", bravo = "b" }'
    const main =
      'locals {\n  bad = var.nope\n}\n' +
      key(MAP, 'local.bad') +
      nodes('aws_kms_key.team[each.key].arn', MAP)
    const outcome = await check(main)
    expect(statuses(outcome)).toEqual([
      ['aws_kms_key.team["alpha"]', 'unknown'],
      ['aws_kms_key.team["bravo"]', 'unknown']
    ])
    expect(outcome.keys.map(k => k.unknowns.map(u => u.how))).toEqual([
      ['it could not be evaluated: var.nope is not declared in this module'],
      ['it could not be evaluated: var.nope is not declared in this module']
    ])
  })

  it('a root variable with no value: cannot tell, naming where to give it one', async () => {
    const main =
      'variable "grant" {\n  type = bool\n}\n' +
      key('', 'var.grant') +
      nodes('aws_kms_key.team.arn')
    const found = only(await check(main))
    expect(found.status).toBe('unknown')
    expect(found.unknowns).toEqual([
      {
        what: 'var.grant (no value)',
        pos: { file: 'main.tf', line: lineOf(main, 'var.grant ?') },
        how: "give it a value in terraform.tfvars, a *.auto.tfvars file, a file in the var-files input or TF_VAR_grant in the step's environment, or pass plan-json"
      }
    ])
  })
})

const ROOT_ONLY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Root',
      Effect: 'Allow',
      Principal: { AWS: '${root}' },
      Action: 'kms:*',
      Resource: '*'
    }
  ]
})

// developer.hashicorp.com/terraform/language/functions/file and .../templatefile: read a file of
// the module's folder (path.module), the template rendered with the variables given.
describe('a policy read from a file of the module', () => {
  it.each([
    [
      'file()',
      'file("${path.module}/policy.json")',
      'policy.json',
      ROOT_ONLY.replace('${root}', 'arn:aws:iam::111122223333:root')
    ],
    [
      'templatefile()',
      'templatefile("${path.module}/policy.tftpl", { root = "arn:aws:iam::111122223333:root" })',
      'policy.tftpl',
      ROOT_ONLY
    ]
  ])('%s: the policy in the file is judged (root only: missing)', async (_, call, name, text) => {
    const main =
      `resource "aws_kms_key" "team" {\n  policy = ${call}\n}\n` + nodes('aws_kms_key.team.arn')
    const found = only(await check({ 'main.tf': main, [name]: text }))
    expect([found.key, found.status, found.unknowns]).toEqual(['aws_kms_key.team', 'missing', []])
  })
})
