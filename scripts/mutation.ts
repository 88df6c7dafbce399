/**
 * The whole core's mutation score: `npm run mutation -- [area…] [--summary]` runs Stryker over
 * each area of scripts/mutation-areas.mjs in turn (all of them by default), each with the unit
 * tests that judge it and an incremental file of its own, then adds the areas' reports up into one table. `--summary` only
 * reads the reports of earlier runs. An area whose report is missing is named, never counted as 0.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

// @ts-expect-error -- a plain ES module shared with the Stryker and jest configs, without types.
import { areas as areaTable } from './mutation-areas.mjs'

const areas = areaTable as Record<string, { about: string }>

const { values, positionals } = parseArgs({
  options: { summary: { type: 'boolean', default: false } },
  allowPositionals: true
})
const unknown = positionals.filter(name => !(name in areas))
if (unknown.length > 0) {
  console.error(
    `unknown area ${unknown.join(', ')}: the areas are ${Object.keys(areas).join(', ')}`
  )
  process.exit(2)
}
const chosen: string[] = positionals.length > 0 ? positionals : Object.keys(areas)

if (!values.summary)
  for (const area of chosen) {
    console.log(`\n== ${area}: ${areas[area].about}`)
    const run = spawnSync('npx', ['stryker', 'run'], {
      stdio: 'inherit',
      env: { ...process.env, MUTATION_AREA: area }
    })
    if (run.status !== 0) {
      console.error(`Stryker failed on area ${area} (exit ${run.status ?? run.signal})`)
      process.exit(1)
    }
  }

interface Tally {
  detected: number
  survived: number
  noCoverage: number
}
const empty = (): Tally => ({ detected: 0, survived: 0, noCoverage: 0 })
/** Stryker's own score: killed and timed-out mutants over every valid one; the covered score leaves out those no test reaches. */
const score = (t: Tally): string => percent(t.detected, t.detected + t.survived + t.noCoverage)
const covered = (t: Tally): string => percent(t.detected, t.detected + t.survived)
const percent = (part: number, whole: number): string =>
  whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)} %`

function tally(report: {
  files: Record<string, { mutants: { status: string }[] }>
}): Map<string, Tally> {
  const byFile = new Map<string, Tally>()
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const t = empty()
    for (const { status } of mutants) {
      if (status === 'Killed' || status === 'Timeout') t.detected++
      else if (status === 'Survived') t.survived++
      else if (status === 'NoCoverage') t.noCoverage++
    }
    byFile.set(file, t)
  }
  return byFile
}

const total = empty()
const rows: string[] = []
const missing: string[] = []
for (const area of Object.keys(areas)) {
  const path = `reports/mutation/${area}.json`
  if (!existsSync(path)) {
    missing.push(area)
    continue
  }
  const areaTally = empty()
  for (const [file, t] of tally(JSON.parse(readFileSync(path, 'utf8')))) {
    for (const key of Object.keys(t) as (keyof Tally)[]) {
      areaTally[key] += t[key]
      total[key] += t[key]
    }
    rows.push(
      `  ${file.padEnd(44)} ${score(t).padStart(7)} ${covered(t).padStart(7)}  ${t.detected + t.survived + t.noCoverage}`
    )
  }
  const size = areaTally.detected + areaTally.survived + areaTally.noCoverage
  rows.push(
    `${area.padEnd(46)} ${score(areaTally).padStart(7)} ${covered(areaTally).padStart(7)}  ${size}`,
    ''
  )
}
console.log(`\n${'file'.padEnd(46)} ${'score'.padStart(7)} ${'covered'.padStart(7)}  mutants`)
console.log(rows.join('\n'))
const size = total.detected + total.survived + total.noCoverage
console.log(
  `whole core${' '.repeat(36)} ${score(total).padStart(7)} ${covered(total).padStart(7)}  ${size}`
)
if (missing.length > 0) {
  console.error(
    `not measured (no report): ${missing.join(', ')} — run \`npm run mutation -- ${missing.join(' ')}\``
  )
  process.exit(1)
}
