/**
 * What the CLI prints where, and what it leaves behind: annotations as readable lines (with file
 * and line), progress on stderr when stdout carries a document, the report file on request, and no
 * scratch folder or RUNNER_TEMP left over after a run.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseCli } from '../../src/cli/args.js'
import { cliEdge, finalOutput } from '../../src/cli/edge.js'
import { cli } from '../../src/cli/main.js'

const FIXTURES = '__tests__/fixtures/terraform'
/** The CLI writes the report as given; the run's config (the PR comment's) is not its business. */
const NO_CONFIG = {} as never

function capture() {
  const out: string[] = []
  const err: string[] = []
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } }
}

describe('the CLI edge', () => {
  it('prints notices, warnings and errors as "file:line: level: message" for a terminal', () => {
    const { out, err, io } = capture()
    const edge = cliEdge(parseCli(['check', '.']), io)
    edge.notice('the key is shared', { file: 'kms.tf', startLine: 7 })
    edge.notice('read 3 files')
    edge.warning('ReEncrypt is open', { file: 'kms.tf' })
    edge.error('the role cannot use the key', { file: 'eks.tf', startLine: 12 })
    edge.info('checked 3 files')
    edge.startGroup('Key policies')
    expect(out).toEqual([
      'kms.tf:7: note: the key is shared',
      'note: read 3 files',
      'eks.tf:12: error: the role cannot use the key',
      'checked 3 files',
      '\n== Key policies'
    ])
    expect(err).toEqual(['kms.tf: warning: ReEncrypt is open'])
    expect(edge.annotations).toEqual([
      { level: 'notice', message: 'the key is shared', file: 'kms.tf', line: 7 },
      { level: 'notice', message: 'read 3 files', file: undefined, line: undefined },
      { level: 'warning', message: 'ReEncrypt is open', file: 'kms.tf', line: undefined },
      { level: 'error', message: 'the role cannot use the key', file: 'eks.tf', line: 12 }
    ])
  })

  it('keeps stdout for the document under --format json: the log goes to stderr, notices only to the document', () => {
    const { out, err, io } = capture()
    const edge = cliEdge(parseCli(['check', '.', '--format', 'json']), io)
    edge.notice('the key is shared', { file: 'kms.tf', startLine: 7 })
    edge.info('checked 3 files')
    edge.startGroup('Key policies')
    edge.error('the role cannot use the key')
    expect(out).toEqual([])
    expect(err).toEqual([
      'checked 3 files',
      '== Key policies',
      'error: the role cannot use the key'
    ])
    expect(edge.annotations.map(a => a.level)).toEqual(['notice', 'error'])
  })

  it('a failed verdict is exit 1, one that could not look is exit 2, and a later pass never lowers it', () => {
    const edge = cliEdge(parseCli(['check', '.']), capture().io)
    edge.setVerdictFailed(false)
    expect(edge.exitCode).toBe(1)
    edge.setVerdictFailed(true)
    expect(edge.exitCode).toBe(2)
    edge.setVerdictFailed(false)
    expect(edge.exitCode).toBe(2)
  })

  it('writes the report where --report says, and nowhere without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-report-'))
    try {
      const file = join(dir, 'report.md')
      await cliEdge(parseCli(['check', '.', '--report', file]), capture().io).report(
        '# Report',
        NO_CONFIG
      )
      expect(readFileSync(file, 'utf8')).toBe('# Report')
      await cliEdge(parseCli(['check', '.']), capture().io).report('# Other', NO_CONFIG)
      expect(readdirSync(dir)).toEqual(['report.md'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('--format sarif prints the SARIF file of the run, and nothing when the run wrote none', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'cli-sarif-'))
    try {
      const args = parseCli(['check', '.', '--format', 'sarif'])
      const edge = cliEdge(args, capture().io)
      expect(finalOutput(args, edge, scratch)).toBeUndefined()
      const sarif = '{"version":"2.1.0"}'
      writeFileSync(join(scratch, 'check.sarif'), sarif)
      writeFileSync(join(scratch, 'timeline.json'), '{}')
      expect(finalOutput(args, edge, scratch)).toBe(sarif)
      expect(finalOutput(parseCli(['check', '.']), edge, scratch)).toBeUndefined()
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  })
})

describe('after a CLI run', () => {
  const before = process.env.RUNNER_TEMP
  afterEach(() => {
    if (before === undefined) delete process.env.RUNNER_TEMP
    else process.env.RUNNER_TEMP = before
  })

  it('leaves no scratch folder and gives RUNNER_TEMP back as it found it (unset, or set)', async () => {
    // A temp folder of this test's own, so that other test files' runs cannot show up in it.
    const temp = mkdtempSync(join(tmpdir(), 'cli-temp-'))
    const tmpBefore = process.env.TMPDIR
    process.env.TMPDIR = temp
    try {
      for (const runnerTemp of [undefined, '/somewhere/of/the/runner']) {
        if (runnerTemp === undefined) delete process.env.RUNNER_TEMP
        else process.env.RUNNER_TEMP = runnerTemp
        const exitCode = process.exitCode
        const code = await cli(['check', `${FIXTURES}/incident-fixed`, '--format', 'sarif'], {
          ...capture().io,
          version: '9.9.9'
        })
        process.exitCode = exitCode
        expect(code).toBe(0)
        expect(process.env.RUNNER_TEMP).toBe(runnerTemp)
        expect(readdirSync(temp)).toEqual([])
      }
    } finally {
      if (tmpBefore === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = tmpBefore
      rmSync(temp, { recursive: true, force: true })
    }
  })

  it('--version prints the version it was given, "unknown" without one', async () => {
    const a = capture()
    expect(await cli(['--version'], { ...a.io, version: '1.2.3' })).toBe(0)
    const b = capture()
    expect(await cli(['--version'], b.io)).toBe(0)
    expect([a.out, b.out]).toEqual([['1.2.3'], ['unknown']])
  })
})
