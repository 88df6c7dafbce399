/**
 * Issue 28, item 4: every string a pull request controls (file and folder names, resource names,
 * module paths, messages built from them) stays in its context in check's Markdown — the job
 * summary, the pull request comment — and in its SARIF file: no HTML tag, no link, no live
 * @mention, no `|` that adds a table cell, no new line that starts a block.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { marked } from 'marked'
import type { Log } from 'sarif'
import { renderComment, renderReport } from '../../src/report/markdown.js'
import { Timeline } from '../../src/timeline/collector.js'
import {
  codeSpan,
  headingText,
  markdownText,
  tableCell,
  tableCode
} from '../../src/render/escape.js'
import { checkDiagnosis, checkTable, verdictDetail } from '../../src/check/report/findings.js'
import type { CheckOutcome, KeyStatus } from '../../src/terraform/model.js'
import { toSarif } from '../../src/check/report/sarif.js'
import { check, keyStack, ROOT_ONLY, tempDir } from './workspace.js'

/** Pieces that break out of a context when left raw. */
const HOSTILE = [
  '|',
  '`',
  '``',
  '\\',
  '\\|',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<details open>',
  '@acme/team',
  '@octocat',
  '[link](https://evil.example)',
  '![i](https://evil.example/i.png)',
  'https://evil.example',
  'www.evil.example',
  'mail@evil.example',
  '#1',
  '\n',
  '\r',
  '\r\n',
  '\n# heading\n',
  '\r<img src=x>',
  '\n| a | b |\n',
  '- ',
  '> ',
  '*',
  '_',
  '~~',
  '&lt;',
  '&#60;',
  '<!--',
  ']',
  '(',
  ':',
  ' ',
  'a',
  'aws_kms_key.x'
]

const hostile = fc.oneof(
  fc.array(fc.constantFrom(...HOSTILE), { minLength: 1, maxLength: 8 }).map(a => a.join('')),
  fc.string({ maxLength: 12 })
)

/** Cells in a GFM table row: pipes not escaped by a backslash (cmark-gfm's scanner). */
function pipes(row: string): number {
  let count = 0
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\' && /[!-/:-@[-`{-~]/.test(row[i + 1] ?? '')) i++
    else if (row[i] === '|') count++
  }
  return count
}

const ALLOWED_TAGS = new Set([
  'p',
  'h2',
  'h3',
  'h4',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'code',
  'pre',
  'strong',
  'em',
  'a',
  'details',
  'summary',
  'ul',
  'ol',
  'li',
  'br',
  'blockquote',
  'hr',
  'del'
])

/** What a rendered report may not hold, whatever the names in it. */
function assertContained(markdown: string, where: string): void {
  const html = marked.parse(markdown, { gfm: true, async: false })
  for (const [, tag] of html.matchAll(/<\/?([a-zA-Z][\w-]*)/g))
    expect({ where, tag, allowed: ALLOWED_TAGS.has(tag.toLowerCase()) }).toEqual({
      where,
      tag,
      allowed: true
    })
  // The report's own links only: the AWS documentation and the workflow run.
  for (const [, href] of html.matchAll(/<a [^>]*href="([^"]*)"/g))
    expect(href).toMatch(
      /^https:\/\/(docs\.aws\.amazon\.com\/|github\.com\/acme\/infra\/actions\/runs\/)/
    )
  // No live mention: in a text node (outside code), an @ is never followed by a name. An element
  // ends the text node, so it stands as a space.
  const text = html.replace(/<code[^>]*>[\s\S]*?<\/code>/g, ' ').replace(/<[^>]+>/g, ' ')
  expect(text).not.toMatch(/@[A-Za-z0-9]/)
  // Tables: every row has the header's cells.
  const lines = markdown.split('\n')
  for (let i = 1; i < lines.length; i++) {
    if (!/^\| ?-/.test(lines[i])) continue
    const header = pipes(lines[i - 1])
    for (let j = i + 1; j < lines.length && lines[j].startsWith('|'); j++)
      expect({ where, row: lines[j], cells: pipes(lines[j]) }).toEqual({
        where,
        row: lines[j],
        cells: header
      })
  }
}

/** SARIF text has no embedded link: every [ and ] is escaped; URIs are URI references. */
function assertSarif(log: Log): void {
  const texts: string[] = []
  for (const result of log.runs[0].results ?? []) {
    texts.push(result.message.text ?? '')
    for (const related of result.relatedLocations ?? []) texts.push(related.message?.text ?? '')
    for (const location of [...(result.locations ?? []), ...(result.relatedLocations ?? [])]) {
      const uri = location.physicalLocation?.artifactLocation?.uri
      if (uri !== undefined) expect(uri).toMatch(/^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/)
    }
  }
  for (const text of texts) {
    const unescaped = text.replace(/\\[\\[\]]/g, '')
    expect(unescaped).not.toMatch(/[[\]]/)
  }
}

const STATUSES: KeyStatus[] = ['granted', 'missing', 'unknown', 'denied', 'unusable', 'outside']

/** An outcome with a hostile string in every field that comes from the pull request. */
const outcomes = fc
  .record({
    names: fc.array(hostile, { minLength: 12, maxLength: 12 }),
    status: fc.constantFrom(...STATUSES),
    line: fc.nat(500)
  })
  .map(({ names: n, status, line }): CheckOutcome => ({
    result: 'failure',
    keys: [
      {
        key: n[0],
        file: `${n[1]}/${n[2]}.tf`,
        line,
        style: 'jsonencode',
        status,
        message: `The policy of ${n[0]} in \`${n[2]}\` is wrong: ${n[3]}`,
        uses: [{ consumer: n[4], via: n[5], role: 'r', file: `${n[6]}.tf`, line: 1 }],
        decidedBy: [{ kind: 'statement', name: n[7] }],
        unknowns: [{ what: n[8], how: n[9], pos: { file: n[10], line: 2 } }],
        fix: `policy = "${n[11]}"`
      }
    ],
    problems: [{ path: n[10], line: 3, message: n[9] }],
    errors: [{ path: `${n[1]}/${n[6]}`, line: 4, message: `module "${n[7]}" calls itself` }],
    notes: [n[3]],
    filesRead: 1
  }))

function reports(outcome: CheckOutcome): Record<string, string> {
  const diagnosis = checkDiagnosis(outcome)
  const timeline = new Timeline(() => 0)
  timeline.add('action', 'verdict', verdictDetail(diagnosis))
  const context = {
    mode: 'check',
    clusterName: '',
    region: 'us-east-1',
    events: timeline.sorted(),
    sections: [checkTable(outcome)]
  }
  return {
    table: checkTable(outcome),
    summary: renderReport(diagnosis, context),
    comment: renderComment(diagnosis, context)
  }
}

describe('property: hostile strings in every field of the check report', () => {
  it('stay in their context in the summary, the comment and the SARIF file', () => {
    fc.assert(
      fc.property(outcomes, outcome => {
        for (const [where, markdown] of Object.entries(reports(outcome)))
          assertContained(markdown, where)
        assertSarif(toSarif(outcome, '1.0.0'))
      }),
      { numRuns: 300 }
    )
  })
})

describe('one escaping function per context', () => {
  it.each([
    ['prose', (s: string) => `Text ${markdownText(s)} text.`],
    ['code span in prose', (s: string) => `In ${codeSpan(s)}:`],
    ['heading', (s: string) => `### ${headingText(s)}`],
    ['table cell', (s: string) => `| a | b |\n| --- | --- |\n| ${tableCell(s)} | x |`],
    [
      'code span in a table cell',
      (s: string) => `| a | b |\n| --- | --- |\n| ${tableCode(s)} | x |`
    ]
  ])('%s', (where, render) => {
    fc.assert(
      fc.property(hostile, s => {
        const markdown = render(s)
        assertContained(markdown, where)
        // One block: no line break survives (a table is its three lines).
        expect(markdown.split('\n')).toHaveLength(
          where.startsWith('table') || where.startsWith('code span in a') ? 3 : 1
        )
      }),
      { numRuns: 300 }
    )
  })

  it.each(['0@-.tf', 'ops@team.tf', 'a.b@c-d.e_f.tf'])(
    'a file name shaped like an e-mail address (%s) is no mailto link in prose, a cell or a heading',
    name => {
      for (const markdown of [markdownText(name), tableCell(name), headingText(name)])
        expect(marked.parse(markdown, { gfm: true, async: false })).not.toContain('<a ')
    }
  )

  it('a pipe in a code span inside a table cell is \\| (GFM splits cells there too)', () => {
    expect(tableCode('a|b')).toBe('`a\\|b`')
    expect(pipes(`| ${tableCode('a\\|b')} |`)).toBe(2)
  })
})

describe('end to end: hostile file, folder and resource names', () => {
  it('the summary and SARIF keep them in place', async () => {
    const dir = tempDir('hostile-names-')
    const folder = 'evil|<img src=x onerror=alert(1)> @acme\n[l](javascript:alert(1))`|`'
    const file = 'k|<b>x<b>@acme`#1\r.tf'
    mkdirSync(join(dir, folder), { recursive: true })
    writeFileSync(join(dir, folder, file), keyStack('ebs', ROOT_ONLY))
    writeFileSync(join(dir, 'main.tf'), keyStack('plain', ROOT_ONLY))
    const run = await check(dir)
    expect(run.outputs.result).toBe('failure')
    // Both keys are found and judged: the hostile folder's too.
    expect(run.outputs['keys-missing']).toBe('2')
    expect(run.annotations.map(a => a.file)).toContain(`${folder}/${file}`)
    assertContained(run.summary, 'summary')
    assertSarif(run.sarif)
    // Rendered, the names are text: `<img` and `<b>` are shown, never made tags.
    const html = marked.parse(run.summary, { gfm: true, async: false })
    expect(html).not.toMatch(/<img|<b>/)
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })
})
