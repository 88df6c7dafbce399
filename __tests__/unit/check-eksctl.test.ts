/**
 * eksctl ClusterConfig files: the key a node group's volumes use is named, never its policy
 * (eksctl leaves it to the user), so each key "needs checking" with the exact commands.
 */
import { describe, expect, it } from '@jest/globals'
import { resolve } from 'node:path'
import { runAllChecks } from '../../src/check/run.js'
import { CHECK_FORMATS } from '../../src/inputs.js'

const FIXTURES = resolve('__tests__/fixtures/eksctl')

const check = (dir: string) =>
  runAllChecks({ paths: ['.'], cwd: resolve(FIXTURES, dir), formats: [...CHECK_FORMATS] })

describe('eksctl ClusterConfig', () => {
  it('a key named by two node groups needs checking once, with the verify and CLI commands', async () => {
    const outcome = await check('with-key')
    expect(outcome.formatsRead).toEqual([{ format: 'eksctl', files: 1 }])
    expect(outcome.result).toBe('success')
    const key = outcome.keys.find(k => k.status === 'outside')!
    expect(key).toMatchObject({
      key: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      file: 'cluster.yaml',
      line: 12
    })
    expect(key.uses.map(u => [u.consumer, u.line])).toEqual([
      ['managedNodeGroups: general (cluster payments)', 12],
      ['nodeGroups: batch (cluster payments)', 22]
    ])
    expect(key.message).toContain(
      '`eks-kms-guard verify --cluster-name payments --aws-region eu-central-1 --kms-key-ids 0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`'
    )
    expect(key.message).toContain('aws kms get-key-policy --region eu-central-1 --key-id 0f1e2d3c')
  })

  it('a launch template outside the file cannot be told, with the command that shows its key', async () => {
    const outcome = await check('with-key')
    const template = outcome.keys.find(k => k.status === 'unknown')!
    expect(template).toMatchObject({ file: 'cluster.yaml', line: 15 })
    expect(template.message).toContain('--launch-template-id lt-0a1b2c3d4e5f67890')
  })

  it('node groups that name no key: read, nothing to check', async () => {
    const outcome = await check('without-key')
    expect(outcome).toMatchObject({
      result: 'success',
      keys: [],
      formatsRead: [{ format: 'eksctl', files: 1 }]
    })
    expect(outcome.inputError).toBeUndefined()
  })
})
