/**
 * The CLI's edge: flags instead of INPUT_ variables, readable lines instead of workflow commands,
 * outputs collected for --format json, the report on request. Progress goes to stderr, so stdout
 * stays the result.
 */
import type { AnnotationProperties } from '@actions/core'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFile } from 'node:fs/promises'
import type { Edge } from '../edge.js'
import type { CliArgs } from './args.js'

export interface CliEdge extends Edge {
  outputs: Record<string, string>
  annotations: { level: string; message: string; file?: string; line?: number }[]
  /** 0 passed, 1 a finding or failed deployment, 2 bad usage or an error. */
  exitCode: number
}

export function cliEdge(
  args: CliArgs,
  io: { out: (text: string) => void; err: (text: string) => void }
): CliEdge {
  const text = args.format === 'text'
  const where = (p?: AnnotationProperties) =>
    p?.file ? `${p.file}${p.startLine ? `:${p.startLine}` : ''}: ` : ''
  const edge: CliEdge = {
    outputs: {},
    annotations: [],
    exitCode: 0,
    input: name => args.inputs[name] ?? '',
    setOutput: (name, value) => {
      edge.outputs[name] = value
    },
    setSecret: () => {},
    info: line => (text ? io.out(line) : io.err(line)),
    debug: () => {},
    warning: (message, p) => {
      edge.annotations.push({ level: 'warning', message, file: p?.file, line: p?.startLine })
      io.err(`${where(p)}warning: ${message}`)
    },
    error: (message, p) => {
      edge.annotations.push({ level: 'error', message, file: p?.file, line: p?.startLine })
      ;(text ? io.out : io.err)(`${where(p)}error: ${message}`)
    },
    notice: (message, p) => {
      edge.annotations.push({ level: 'notice', message, file: p?.file, line: p?.startLine })
      if (text) io.out(`${where(p)}note: ${message}`)
    },
    startGroup: title => (text ? io.out(`\n== ${title}`) : io.err(`== ${title}`)),
    endGroup: () => {},
    saveState: () => {},
    setFailed: message => {
      edge.exitCode = 2
      io.err(`error: ${message}`)
    },
    setVerdictFailed: couldNotLook => {
      edge.exitCode = Math.max(edge.exitCode, couldNotLook ? 2 : 1)
    },
    report: async markdown => {
      if (args.reportFile) await writeFile(args.reportFile, markdown)
    }
  }
  return edge
}

/** What stdout gets at the end for the machine-readable formats. */
export function finalOutput(args: CliArgs, edge: CliEdge, scratch: string): string | undefined {
  if (args.format === 'json')
    return JSON.stringify({ outputs: edge.outputs, annotations: edge.annotations }, null, 2)
  if (args.format === 'sarif') {
    const sarif = readdirSync(scratch).find(name => name.endsWith('.sarif'))
    return sarif ? readFileSync(join(scratch, sarif), 'utf8') : undefined
  }
  return undefined
}
