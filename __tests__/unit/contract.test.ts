/** The root-cause ids the code can set are the contract's: each is documented where users read. */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { ROOT_CAUSES } from '../../src/model/index.js'

describe('root-cause contract', () => {
  const readme = readFileSync('README.md', 'utf8')
  const action = readFileSync('action.yml', 'utf8')
  it.each(Object.keys(ROOT_CAUSES))('%s is listed in README.md and action.yml', id => {
    expect(readme).toContain(`\`${id}\``)
    expect(action).toMatch(new RegExp(`[\\s:,]${id}[,.]`))
  })
})
