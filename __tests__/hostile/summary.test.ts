/**
 * Issue 28, item 5: the job summary stays under GitHub's 1 MiB limit for a step, whatever the
 * pull request holds, and says where it was cut.
 */
import { describe, expect, it } from '@jest/globals'
import { fitSummary, SUMMARY_BYTES } from '../../src/render/summary-limit.js'
import { check, workspace } from './workspace.js'

describe('fitSummary', () => {
  it('leaves a summary that fits alone', () => {
    expect(fitSummary('# a\n\nb\n', 100)).toBe('# a\n\nb\n')
  })

  it('cuts at a line below the limit, says so, and closes an open fence and <details>', () => {
    const markdown = [
      '<details><summary>x</summary>',
      '',
      '```hcl',
      ...Array(50).fill('line = "€€€"')
    ].join('\n')
    const cut = fitSummary(markdown, 300)
    expect(Buffer.byteLength(cut)).toBeLessThan(300 + 400)
    const lines = cut.split('\n')
    expect(lines.filter(l => l.startsWith('line')).every(l => l === 'line = "€€€"')).toBe(true)
    expect(cut).toMatch(/```\n<\/details>\n\n> ✂️ \*\*The summary is cut here\*\*/)
  })

  it('never splits a character', () => {
    const cut = fitSummary(`${'€'.repeat(200)}\n${'€'.repeat(200)}\n`, 700)
    expect(cut).not.toContain('\uFFFD')
    expect(cut.startsWith(`${'€'.repeat(200)}\n`)).toBe(true)
  })
})

describe('end to end', () => {
  it('thousands of files that do not parse: the summary is cut below 1 MiB, and says so', async () => {
    const files: Record<string, string> = {}
    // 240-character names (255 is the usual limit), each file a syntax error: one line each.
    for (let i = 0; i < 3500; i++)
      files[`${String(i).padStart(4, '0')}${'n'.repeat(236)}.tf`] = '}\n'
    const run = await check(workspace(files))
    const bytes = Buffer.byteLength(run.summary)
    expect(bytes).toBeLessThan(SUMMARY_BYTES + 2_000)
    expect(bytes).toBeLessThan(1024 * 1024)
    expect(run.summary).toContain('The summary is cut here')
  })
})
