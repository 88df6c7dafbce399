import { describe, expect, it } from '@jest/globals'
import { capText } from '../../src/render/cap.js'
import { fitSummary } from '../../src/render/summary-limit.js'

describe('capText', () => {
  it('keeps short text and says how much of long text was cut', () => {
    expect(capText('short', 10)).toBe('short')
    expect(capText('x'.repeat(25), 10)).toBe(`${'x'.repeat(10)}… [15 more characters cut]`)
  })
})

describe('fitSummary: the job summary under GitHub’s 1 MiB', () => {
  it('leaves a summary under the limit as it is', () => {
    expect(fitSummary('# ok\n')).toBe('# ok\n')
  })

  it('cuts a summary over 1 MiB below GitHub’s limit, at a whole line, and says so', () => {
    const rows = Array.from(
      { length: 30_000 },
      (_, i) => `| file-${i}.tf | ✓ | ${'é'.repeat(20)} |`
    )
    const markdown = ['# report', '', '| file | ok | note |', '|---|---|---|', ...rows].join('\n')
    expect(Buffer.byteLength(markdown)).toBeGreaterThan(1_048_576)
    const capped = fitSummary(markdown)
    expect(Buffer.byteLength(capped)).toBeLessThan(1_048_576)
    expect(capped).toMatch(/The summary is cut here/)
    const body = capped.slice(0, capped.indexOf('\n\n> '))
    expect(body.split('\n').at(-1)).toMatch(/^\| file-\d+\.tf \| ✓ \| (é){20} \|$/)
  })

  it('closes a code fence the cut left open, so the note is not swallowed', () => {
    const markdown = `intro\n\n\`\`\`json\n${'{"a": 1}\n'.repeat(200)}\`\`\`\n`
    const capped = fitSummary(markdown, 600)
    expect(capped.match(/^```/gm)).toHaveLength(2)
    expect(capped).toContain('The summary is cut here')
  })
})
