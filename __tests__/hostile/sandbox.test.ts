/**
 * Issue 28, item 1 and 5: check reads only the workspace. What a pull request points outside it
 * (absolute paths, `..`, symbolic links, module sources) is refused and named, never read, never
 * quoted; file() outside it is a cannot-tell with the reason. Non-files and oversized files are
 * not read; `**` globs do not follow symlinked folders.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { runCheck } from '../../src/terraform/check.js'
import { CheckTimeout, Workspace } from '../../src/terraform/config/workspace.js'
import { evaluate, guardedEvaluation, type Scope } from '../../src/terraform/eval/evaluate.js'
import { hclParser, parseExpression } from '../../src/terraform/hcl/parse.js'
import { check, keyStack, ROOT_ONLY, tempDir, workspace } from './workspace.js'

/** A secret outside the workspace: the attack wants it in the report. */
function outsideSecret(): { dir: string; file: string; canary: string } {
  const dir = tempDir('hostile-outside-')
  const canary = `CANARY-${basename(dir)}-SECRET`
  const file = join(dir, 'secret.txt')
  writeFileSync(file, `root:x:0:0:${canary}\nINPUT_GITHUB-TOKEN=${canary}\n`)
  return { dir, file, canary }
}

/**
 * A policy whose principal is cut out of a file, 10 characters a key, as the reported attack did:
 * whether the role is granted depends on it, so its value would reach the report.
 */
const leak = (path: string) => `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "FromAFile"
      Effect    = "Allow"
      Principal = { AWS = substr(file("${path}"), count.index * 10, 10) }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })`

describe('file() and templatefile() outside the workspace', () => {
  it.each([
    ['an absolute path (/proc/self/environ)', () => '/proc/self/environ'],
    ['an absolute path to a secret', (s: string) => s],
    ['a .. path that escapes', (s: string, ws: string) => relativeFrom(ws, s)],
    ['a symbolic link inside that leads out', () => 'link.txt']
  ])('%s is unknown, with the reason, and nothing of it is reported', async (_, pathOf) => {
    const secret = outsideSecret()
    const dir = workspace({})
    symlinkSync(secret.file, join(dir, 'link.txt'))
    const path = pathOf(secret.file, dir)
    writeFileSync(join(dir, 'main.tf'), keyStack('leak', leak(path), '  count = 4'))
    const run = await check(dir)
    expect(run.outputs['keys-cannot-tell']).toBe('1')
    const warning = run.annotations.find(a => a.message.includes('reads outside the workspace'))
    expect(warning).toMatchObject({ level: 'warning', file: 'main.tf' })
    expect(warning?.message).toContain(`file(${JSON.stringify(path)})`)
    expect(run.all).not.toContain(secret.canary)
    expect(run.all).not.toContain('root:x:0:0')
    // /proc/self/environ of this process: none of its names reach the report.
    expect(run.all).not.toMatch(/\bPATH=|\bHOME=/)
  })

  it('a file inside the workspace is still read (the sandbox refuses only what leaves it)', async () => {
    const dir = workspace({
      'policies/key.json': JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Root',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111122223333:root' },
            Action: 'kms:*',
            Resource: '*'
          }
        ]
      }),
      'main.tf': keyStack('ebs', 'file("${path.module}/policies/key.json")')
    })
    const run = await check(dir)
    expect(run.outputs).toMatchObject({ result: 'failure', 'keys-missing': '1' })
  })
})

/** `../../…/to`: a path from `from` that climbs to the root and down to `to`. */
function relativeFrom(from: string, to: string): string {
  return join(
    ...from
      .split('/')
      .filter(Boolean)
      .map(() => '..'),
    to
  )
}

describe('configuration and variable files that lead out of the workspace', () => {
  it('a .auto.tfvars symlinked to a secret is refused by name, never quoted, and fails the check', async () => {
    const secret = outsideSecret()
    const dir = workspace({ 'main.tf': keyStack('ebs', ROOT_ONLY) })
    symlinkSync(secret.file, join(dir, 'a.auto.tfvars'))
    symlinkSync('/etc/passwd', join(dir, 'b.auto.tfvars'))
    const run = await check(dir)
    expect(run.outputs.result).toBe('failure')
    const refused = run.annotations.filter(a => /outside the workspace/.test(a.message))
    expect(refused.map(a => a.file).sort()).toEqual(['a.auto.tfvars', 'b.auto.tfvars'])
    expect(refused.every(a => a.level === 'error')).toBe(true)
    expect(run.all).not.toContain(secret.canary)
    expect(run.all).not.toContain('root:x:0:0')
    expect(run.summary).toContain('a.auto.tfvars')
    // The key beside them is still checked.
    expect(run.outputs['keys-missing']).toBe('1')
  })

  it('a .tf symlinked to /dev/zero or to a secret is refused without being read', async () => {
    const secret = outsideSecret()
    const dir = workspace({ 'main.tf': keyStack('ebs', ROOT_ONLY) })
    symlinkSync('/dev/zero', join(dir, 'zero.tf'))
    symlinkSync(secret.file, join(dir, 'secret.tf'))
    const run = await check(dir)
    const files = run.annotations.filter(a => a.level === 'error').map(a => a.file)
    expect(files).toEqual(expect.arrayContaining(['zero.tf', 'secret.tf']))
    expect(run.all).not.toContain(secret.canary)
    const sarifRefusals = run.sarif.runs[0].results?.filter(r => r.ruleId === 'EKSKMS102') ?? []
    expect(sarifRefusals).toHaveLength(2)
  })

  it('a FIFO inside the workspace is never opened for a blocking read', async () => {
    const dir = workspace({ 'main.tf': keyStack('fifo', 'file("pipe.json")') })
    execFileSync('mkfifo', [join(dir, 'pipe.json')])
    execFileSync('mkfifo', [join(dir, 'pipe.tf')])
    const run = await check(dir)
    // Opened blocking, either would hang the run until the job's timeout.
    expect(run.outputs['keys-cannot-tell']).toBe('1')
    expect(run.all).toContain('check does not read it: pipe.json is not a regular file')
  })

  it('a module source outside the workspace is refused at the call', async () => {
    const secret = outsideSecret()
    writeFileSync(join(secret.dir, 'evil.tf'), keyStack('outside', ROOT_ONLY))
    const dir = workspace({})
    writeFileSync(
      join(dir, 'main.tf'),
      `module "evil" {\n  source = "${relativeFrom(dir, secret.dir)}"\n}\n`
    )
    const run = await check(dir)
    expect(run.outputs.result).toBe('failure')
    const error = run.annotations.find(a => a.level === 'error' && a.file === 'main.tf')
    expect(error).toMatchObject({ line: 1 })
    expect(error?.message).toContain('outside the workspace')
    expect(run.outputs['keys-checked']).toBe('0')
  })
})

describe('globs and caps', () => {
  it('`root -> /` and `up -> ..` are not followed: only the workspace’s own files are read', async () => {
    const dir = workspace({ 'main.tf': keyStack('ebs', ROOT_ONLY), 'nested/other.tf': '' })
    symlinkSync('/', join(dir, 'root'))
    symlinkSync('..', join(dir, 'nested', 'up'))
    const outcome = await runCheck({ paths: ['.'], cwd: dir })
    expect(outcome.filesRead).toBe(2)
    expect(outcome.keys.map(k => k.status)).toEqual(['missing'])
  })

  it('folders below the glob depth are not searched', async () => {
    const deep = Array.from({ length: 30 }, (_, i) => `d${i}`).join('/')
    const dir = workspace({ 'main.tf': keyStack('ebs', ROOT_ONLY), [`${deep}/deep.tf`]: '' })
    const outcome = await runCheck({ paths: ['.'], cwd: dir })
    expect(outcome.filesRead).toBe(1)
  })

  it('a file over the per-file cap is named with its size, not read, and fails the check', async () => {
    const dir = workspace({
      'main.tf': keyStack('ebs', ROOT_ONLY.replace('"Root"', '"Root2"')),
      'huge.tf': `# ${'x'.repeat(5 * 1024 * 1024)}\n`
    })
    const run = await check(dir)
    expect(run.outputs.result).toBe('failure')
    const error = run.annotations.find(a => a.file === 'huge.tf')
    expect(error?.level).toBe('error')
    expect(error?.message).toMatch(/huge\.tf is 5 MiB, over the 2 MiB a file may have/)
    expect(run.outputs['keys-missing']).toBe('1')
  })

  it('the file count and total bytes caps stop reading with a message naming the cap', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 6; i++) files[`f${i}.tf`] = `# ${'y'.repeat(100)}\n`
    const dir = workspace(files)
    const byCount = await runCheck({
      paths: ['.'],
      cwd: dir,
      limits: { fileBytes: 1000, totalBytes: 10_000, files: 4, globDepth: 5 }
    })
    expect(byCount.filesRead).toBe(4)
    expect(byCount.result).toBe('failure')
    expect(byCount.errors[0].message).toContain('matched 6 .tf and .tf.json files, over the 4')
    const byBytes = await runCheck({
      paths: ['.'],
      cwd: dir,
      limits: { fileBytes: 1000, totalBytes: 250, files: 100, globDepth: 5 }
    })
    expect(byBytes.result).toBe('failure')
    expect(byBytes.errors.map(e => e.path)).toEqual(['f2.tf', 'f3.tf', 'f4.tf', 'f5.tf'])
    expect(byBytes.errors[0].message).toContain('reached the 250 bytes check reads in one run')
  })

  it('a bounded read: never more than the cap, whatever the file claims', () => {
    const dir = workspace({ 'big.txt': 'z'.repeat(5000) })
    const ws = new Workspace(dir, { fileBytes: 1000, totalBytes: 1e6, files: 10, globDepth: 5 })
    expect(ws.read(join(dir, 'big.txt'))).toEqual({
      refused: 'big.txt is 5000 bytes, over the 1000 bytes a file may have: not read'
    })
    expect(ws.bytesRead).toBe(0)
    expect(new Workspace('/').read('/dev/zero')).toEqual({
      refused: 'dev/zero is not a regular file: not read'
    })
  })

  it('working-directory outside the workspace is an input error', async () => {
    const dir = workspace({ 'main.tf': keyStack('ebs', ROOT_ONLY) })
    const other = tempDir('hostile-other-')
    mkdirSync(join(other, 'x'))
    const outcome = await runCheck({ paths: ['.'], cwd: dir, workspace: join(other, 'x') })
    expect(outcome.result).toBe('failure')
    expect(outcome.inputError).toContain("Input 'working-directory'")
    expect(outcome.keys).toEqual([])
  })
})

describe('timeout-minutes', () => {
  it('check stops at the deadline between steps, with a timeout result that says so', async () => {
    const dir = workspace({ 'main.tf': keyStack('ebs', ROOT_ONLY), 'b.tf': '' })
    // A clock that advances one minute each time it is read: the deadline passes mid-run.
    let minute = 0
    const outcome = await runCheck({
      paths: ['.'],
      cwd: dir,
      timeoutMs: 2 * 60_000,
      now: () => minute++ * 60_000
    })
    expect(outcome.result).toBe('timeout')
    expect(outcome.inputError).toMatch(/^check stopped at timeout-minutes \(2\)/)
  })

  it('with time to spare the same run is judged', async () => {
    const dir = workspace({ 'main.tf': keyStack('ebs', ROOT_ONLY), 'b.tf': '' })
    const outcome = await runCheck({ paths: ['.'], cwd: dir, timeoutMs: 60_000, now: () => 0 })
    expect(outcome.result).toBe('failure')
    expect(outcome.keys.map(k => k.status)).toEqual(['missing'])
  })
})

describe('plan-json', () => {
  it('a plan-json that leads out of the workspace is refused by name, not read', async () => {
    const dir = workspace({ 'main.tf': keyStack('ebs', ROOT_ONLY) })
    symlinkSync('/etc/passwd', join(dir, 'plan.json'))
    await expect(runCheck({ paths: ['.'], cwd: dir, planJson: 'plan.json' })).rejects.toThrow(
      "Input 'plan-json': plan.json leads (through a symbolic link) outside the workspace: not read."
    )
  })

  it('a plan-json that is not JSON is said without quoting it', async () => {
    const dir = workspace({
      'main.tf': keyStack('ebs', ROOT_ONLY),
      'plan.json': 'root:x:0:0:secret'
    })
    await expect(runCheck({ paths: ['.'], cwd: dir, planJson: 'plan.json' })).rejects.toThrow(
      /^Input 'plan-json' \(plan\.json\) is not JSON, so not the output of terraform show -json\.$/
    )
  })
})

describe('the deadline inside one evaluation', () => {
  it('stops a long expression between steps, and try() does not swallow it', async () => {
    await hclParser()
    const expr = await parseExpression(
      'try([for i in range(1000) : [for j in range(1000) : i * j]], "fallback")',
      'deadline.tf'
    )
    const scope: Scope = {
      root: () => null,
      readFile: () => undefined,
      parseTemplate: () => {
        throw new Error('no templates')
      }
    }
    let calls = 0
    const stop = () => {
      if (++calls === 3) throw new CheckTimeout(1)
    }
    expect(() => guardedEvaluation(stop, () => evaluate(expr, scope))).toThrow(CheckTimeout)
    expect(calls).toBe(3)
  })
})
