import { afterEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import fc from 'fast-check'
import { failBeforeOpen, readActionInput } from '../../src/action-edge.js'

// The edge reads inputs and fails on bad ones without @actions/core; core itself is the oracle.
describe('the action edge before @actions/core loads', () => {
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved }
    process.exitCode = undefined
  })

  const names = fc.constantFrom('cluster-name', 'mode', 'kms-key-ids', 'pr comment', 'aws-region')

  it('reads an input exactly as core.getInput does', () => {
    fc.assert(
      fc.property(names, fc.option(fc.string({ unit: 'grapheme' })), (name, value) => {
        const key = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
        if (value === null) delete process.env[key]
        else process.env[key] = value
        expect(readActionInput(process.env, name)).toBe(core.getInput(name))
      })
    )
  })

  it('trims what a multi-line `with:` value carries, and reads a missing input as empty', () => {
    expect(readActionInput({ 'INPUT_CLUSTER-NAME': '  prod\n' }, 'cluster-name')).toBe('prod')
    expect(readActionInput({}, 'cluster-name')).toBe('')
  })

  it('fails the step with the same workflow command and exit code as core.setFailed', () => {
    // What workflow commands escape, among ordinary text.
    const unit = fc.oneof(
      fc.constantFrom('%', '\r', '\n', ':', ',', '::'),
      fc.string({ unit: 'grapheme' })
    )
    const message = fc.string({ unit }).map(s => `Input 'mode' ${s}`)
    fc.assert(
      fc.property(message, text => {
        const written: string[] = []
        const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
          written.push(String(chunk))
          return true
        })
        try {
          core.setFailed(text)
          const coreExit = process.exitCode
          process.exitCode = undefined
          failBeforeOpen(text, line => written.push(line))
          expect(process.exitCode).toBe(coreExit)
        } finally {
          spy.mockRestore()
        }
        expect(written).toHaveLength(2)
        expect(written[1]).toBe(written[0])
      })
    )
  })

  it('escapes a multi-line message into one annotation', () => {
    const lines: string[] = []
    failBeforeOpen("Input 'mode' must be one of: check, verify, deploy.\r\nInput 'x' 100%", l =>
      lines.push(l)
    )
    expect(lines.join('')).toMatch(/^::error::Input 'mode' .*deploy\.%0D%0AInput 'x' 100%25\r?\n$/)
    expect(process.exitCode).toBe(1)
  })
})
