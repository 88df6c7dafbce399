/**
 * Issue 28, item 3: a module graph cannot turn red into green. A module that calls itself
 * (`source = "./"`) or a cycle of local module calls is a configuration error Terraform refuses,
 * reported at the call; the keys beside it are still checked.
 */
import { describe, expect, it } from '@jest/globals'
import { check, keyStack, ROOT_ONLY, workspace } from './workspace.js'

describe('module cycles', () => {
  it('a self-call beside a failing key: the key still fails and the call is an error at its line', async () => {
    const dir = workspace({
      'main.tf': keyStack('ebs', ROOT_ONLY),
      'me.tf': '\nmodule "me" {\n  source = "./"\n}\n'
    })
    const run = await check(dir)
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({ result: 'failure', 'keys-missing': '1' })
    expect(run.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        file: 'me.tf',
        line: 2,
        message: expect.stringContaining('calls the module it is written in')
      })
    )
    expect(run.summary).not.toContain('No KMS key')
    expect(run.sarif.runs[0].results?.map(r => r.ruleId).sort()).toEqual([
      'EKSKMS001',
      'EKSKMS102',
      // The key policy names the Auto Scaling role, which the configuration does not create.
      'EKSKMS103'
    ])
  })

  it('a self-call alone is a failure that says why, never "no key found" with exit 0', async () => {
    const dir = workspace({ 'main.tf': 'module "me" {\n  source = "./"\n}\n' })
    const run = await check(dir)
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('failure')
    expect(run.summary).toContain('configuration error')
    expect(run.summary).not.toContain('No KMS key')
  })

  it('two modules that call each other: an error at the call that closes the cycle', async () => {
    const dir = workspace({
      'root/main.tf': 'module "a" {\n  source = "../a"\n}\n',
      'a/main.tf': `module "b" {\n  source = "../b"\n}\n${keyStack('a', ROOT_ONLY)}`,
      'b/main.tf': 'module "back" {\n  source = "../a"\n}\n'
    })
    const run = await check(dir, { 'terraform-paths': 'root' })
    expect(run.outputs.result).toBe('failure')
    const cycle = run.annotations.find(a => /cycle of module calls/.test(a.message))
    expect(cycle).toMatchObject({ level: 'error', file: 'b/main.tf', line: 1 })
    expect(cycle?.message).toContain('module.b → module.back')
    // The key in the cycle is still checked once per path from the root.
    expect(Number(run.outputs['keys-missing'])).toBeGreaterThanOrEqual(1)
  })

  it('a chain without a cycle is not an error', async () => {
    const dir = workspace({
      'main.tf': 'module "a" {\n  source = "./a"\n}\n',
      'a/main.tf': 'module "b" {\n  source = "../b"\n}\n',
      'b/main.tf': keyStack('b', ROOT_ONLY)
    })
    const run = await check(dir)
    expect(run.annotations.filter(a => /cycle|calls the module/.test(a.message))).toEqual([])
    expect(run.outputs['keys-missing']).toBe('1')
  })
})
