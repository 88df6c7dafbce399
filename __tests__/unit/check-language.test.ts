/**
 * check names the language it read: a configuration with a .tofu file is read by OpenTofu's rules,
 * and the job's timeline, verdict and report (the diagnosis's open questions) say "OpenTofu";
 * without one, "Terraform".
 */
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readConfig } from '../../src/inputs.js'
import { Timeline } from '../../src/timeline/collector.js'
import { checkMode, type CheckSink } from '../../src/check/mode.js'

const exitCode = process.exitCode
afterAll(() => {
  process.exitCode = exitCode
})

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

const KEY = `resource "aws_kms_key" "ebs" {\n  description = "nodes"\n}\n`

async function run(files: Record<string, string>) {
  dir = mkdtempSync(join(process.cwd(), '.check-language-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  const sink: CheckSink = {
    info: () => undefined,
    error: () => undefined,
    warning: () => undefined,
    notice: () => undefined,
    setOutput: () => undefined,
    saveState: () => undefined
  }
  const config = readConfig(
    name => ({ mode: 'check', 'working-directory': dir as string })[name] ?? '',
    {}
  )
  const timeline = new Timeline(() => 0)
  let sections: string[] = []
  const previous = process.env.GITHUB_WORKSPACE
  process.env.GITHUB_WORKSPACE = process.cwd()
  try {
    await checkMode(config, timeline, sink, async (diagnosis, published) => {
      sections = [JSON.stringify(diagnosis), ...published]
    })
  } finally {
    process.env.GITHUB_WORKSPACE = previous
  }
  return { timeline: JSON.stringify(timeline), report: sections.join('\n') }
}

describe('the language check read', () => {
  it('OpenTofu, when a .tofu file is here: said in the timeline and the report', async () => {
    const { timeline, report } = await run({ 'main.tofu': KEY, 'main.tf': KEY })
    expect(timeline).toContain('2 OpenTofu files read')
    expect(report).toContain('Read as OpenTofu reads a configuration')
  })

  it('Terraform otherwise', async () => {
    const { timeline } = await run({ 'main.tf': KEY })
    expect(timeline).toContain('1 Terraform files read')
    expect(timeline).not.toContain('OpenTofu')
  })
})
