/** The root-cause ids the code can set are the contract's: each is documented where users read. */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { ROOT_CAUSES } from '../../src/model/index.js'

describe('root-cause contract', () => {
  const readme = readFileSync('README.md', 'utf8')
  const action = readFileSync('action.yml', 'utf8')
  it.each(Object.keys(ROOT_CAUSES))('%s is listed in README.md and action.yml', id => {
    // The README's Outputs table is written from action.yml (npm run docs): the same list.
    const outputs = readme.split('\n').find(line => line.startsWith('| `root-cause` |')) ?? ''
    expect(outputs).toMatch(new RegExp(`[\\s:,]${id}[,.]`))
    expect(action).toMatch(new RegExp(`[\\s:,]${id}[,.]`))
  })
})
