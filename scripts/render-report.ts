/**
 * `npm run render-check`: renders real reports (the incident, failed and fixed) the way GitHub
 * would — GitHub-flavoured Markdown with Mermaid — in headless Chromium from Debian, and fails
 * when the gantt has a Mermaid syntax error or a table did not render as a table. Screenshots go
 * to .bench/report-*.png for a person to look at.
 */
import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { marked } from 'marked'
import { chromium } from 'playwright-core'
import { compressedInputs, ROOT, startSession } from '../sim/harness.js'
import { resolveScenario } from '../sim/scenarios.js'

const require = createRequire(import.meta.url)
const MERMAID = require.resolve('mermaid/dist/mermaid.min.js')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

async function report(mode: 'verify' | 'deploy'): Promise<string> {
  const scenario = resolveScenario('incident')
  const session = await startSession(scenario)
  try {
    return (await session.run({ inputs: compressedInputs(scenario, { mode }) })).summary
  } finally {
    await session.close()
  }
}

function toHtml(markdown: string): string {
  const renderer = new marked.Renderer()
  const code = renderer.code.bind(renderer)
  renderer.code = token =>
    token.lang === 'mermaid'
      ? `<pre class="mermaid">${token.text.replace(/</g, '&lt;')}</pre>`
      : code(token)
  return `<!doctype html><meta charset="utf-8"><style>body{font:14px sans-serif;max-width:1100px;margin:1em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style><body>${marked.parse(markdown, { gfm: true, renderer, async: false })}</body>`
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync'
  ]
})
mkdirSync(join(ROOT, '.bench'), { recursive: true })
const problems: string[] = []
try {
  for (const mode of ['verify', 'deploy'] as const) {
    const markdown = await report(mode)
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
    await page.setContent(toHtml(markdown))
    await page.addScriptTag({ path: MERMAID })
    const result = await page.evaluate(async () => {
      const mermaid = (
        window as unknown as {
          mermaid: { initialize(o: object): void; run(o: object): Promise<void> }
        }
      ).mermaid
      mermaid.initialize({ startOnLoad: false })
      let error = ''
      try {
        await mermaid.run({ querySelector: 'pre.mermaid' })
      } catch (e) {
        error = String(e)
      }
      const diagrams = [...document.querySelectorAll('pre.mermaid')]
      return {
        error,
        diagrams: diagrams.length,
        rendered: diagrams.filter(
          d => d.querySelector('svg') && !/Syntax error/i.test(d.textContent ?? '')
        ).length,
        bars: document.querySelectorAll('pre.mermaid svg rect.task').length,
        tables: [...document.querySelectorAll('table')].map(t => ({
          headers: t.querySelectorAll('th').length,
          rows: t.querySelectorAll('tbody tr').length
        })),
        strayPipes: [...document.querySelectorAll('p')].filter(p =>
          /^\s*\|.*\|\s*$/m.test(p.textContent ?? '')
        ).length
      }
    })
    await page.screenshot({ path: join(ROOT, '.bench', `report-${mode}.png`), fullPage: true })
    console.log(
      `${mode}: ${result.rendered}/${result.diagrams} gantt rendered with ${result.bars} bars, tables ${JSON.stringify(result.tables)}`
    )
    if (result.error) problems.push(`${mode}: mermaid error ${result.error}`)
    if (result.diagrams !== 1 || result.rendered !== 1 || result.bars === 0)
      problems.push(`${mode}: the gantt did not render`)
    if (result.tables.length === 0 || result.tables.some(t => t.headers === 0 || t.rows === 0))
      problems.push(`${mode}: a table did not render as a table`)
    if (result.strayPipes > 0)
      problems.push(`${mode}: ${result.strayPipes} paragraphs look like broken tables`)
    await page.close()
  }
} finally {
  await browser.close()
}
if (problems.length) {
  console.error(problems.join('\n'))
  process.exit(1)
}
console.log('Reports render: gantt without syntax errors, tables as tables.')
