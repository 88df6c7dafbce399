/** The findings every check reader builds alike: what a user reads when check cannot decide. */
import { describe, expect, it } from '@jest/globals'
import {
  onlyElsewhere,
  outsideKey,
  undecidedKey,
  unreadPlace
} from '../../src/model/check-findings.js'
import type { KeyCheck } from '../../src/model/check.js'

const orphanUse = {
  consumer: '',
  via: 'launch template lt-a',
  role: 'slr',
  orphan: true,
  file: 'lt.tf',
  line: 4
}

function failing(status: KeyCheck['status'], orphan = true): KeyCheck {
  return {
    key: 'aws_kms_key.nodes',
    style: 'jsonencode',
    status,
    message: 'The policy does not grant the role.',
    uses: [{ ...orphanUse, orphan }],
    decidedBy: [],
    unknowns: [],
    unusableCause: status === 'unusable' ? 'kms-key-disabled' : undefined
  }
}

describe('a key only templates nobody here launches from use', () => {
  const here = { scope: 'this configuration', how: 'check the configuration that declares it' }

  it('is "cannot tell", saying what would fail and where the template is', () => {
    for (const status of ['missing', 'denied', 'unusable'] as const) {
      const check = onlyElsewhere(failing(status), here)
      expect(check.status).toBe('unknown')
      expect(check.unusableCause).toBeUndefined()
      expect(check.message).toBe(
        'No node group or Auto Scaling group in this configuration launches from launch template lt-a; if one elsewhere does, its launches fail: The policy does not grant the role.'
      )
      expect(check.unknowns).toEqual([
        {
          what: 'which node group or Auto Scaling group launches from launch template lt-a',
          pos: { file: 'lt.tf', line: 4 },
          how: here.how
        }
      ])
    }
  })

  it('stays a failure when one group here launches with it, and a pass stays a pass', () => {
    expect(onlyElsewhere(failing('missing', false), here).status).toBe('missing')
    expect(onlyElsewhere(failing('granted'), here).status).toBe('granted')
  })
})

describe('keys check cannot look into', () => {
  it('a key managed elsewhere is "outside", with how to check it', () => {
    const check = outsideKey('alias/shared', { file: 'main.tf', line: 9 }, [], {
      how: 'run verify',
      message: 'The key alias/shared is not managed here.'
    })
    expect(check).toMatchObject({
      key: 'alias/shared',
      status: 'outside',
      file: 'main.tf',
      line: 9,
      unknowns: [
        { what: 'the key alias/shared', pos: { file: 'main.tf', line: 9 }, how: 'run verify' }
      ]
    })
  })

  it('a key that depends on unknown values names each one and its place, or the expression', () => {
    const causes = [
      { what: 'var.key_arn', pos: { file: 'vars.tf', line: 2 }, how: 'give it a default' }
    ]
    const names = { key: 'the key of lt', via: 'launch template lt', text: 'var.key_arn' }
    expect(undecidedKey(names, undefined, [], causes).message).toBe(
      'Cannot tell which KMS key launch template lt uses: it depends on var.key_arn (vars.tf:2): give it a default.'
    )
    expect(undecidedKey(names, undefined, [], []).message).toBe(
      'Cannot tell which KMS key launch template lt uses: it depends on var.key_arn.'
    )
  })

  it('a place that did not parse is unread, at its line, and says who else refuses it', () => {
    const check = unreadPlace(
      { path: 'main.tf', line: 12, message: 'unexpected token' },
      { how: 'make it parse', refusedToo: 'Terraform would refuse this configuration too' }
    )
    expect(check).toMatchObject({ unread: true, status: 'unknown', file: 'main.tf', line: 12 })
    expect(check.message).toBe(
      'Cannot tell: main.tf:12 could not be read (unexpected token), so any KMS key, key policy or launch template written there was not checked; Terraform would refuse this configuration too. Fix it and check again.'
    )
  })
})
