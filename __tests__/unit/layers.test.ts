/**
 * The layers of src/ run one way. A node is a first-level folder of src/ (`kms/`) or a file
 * directly in src/ (`main.ts`); every import between nodes (type imports, re-exports and dynamic
 * imports included) must go to a node listed before the importer in LAYERS, and no nodes may form
 * a cycle. A new folder must be placed in LAYERS before its first import is accepted.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

/** Lowest first: each node may import only nodes listed before it (the README shows this order). */
const LAYERS: string[][] = [
  // Domain types, closed sets, the failure table and its classifier, the timeline port.
  ['model/'],
  // Leaves with no domain: the clock, the retry policy, the inputs' parsing.
  ['clock.ts', 'retry.ts', 'inputs.ts'],
  // Pure renderers shared by check and verify (escaping, HCL).
  ['render/'],
  // AWS clients, errors, the permissions data.
  ['aws/'],
  // Readers and writers of the world; they emit events through the model's port.
  ['kms/', 'watch/', 'terraform/', 'cloudformation/', 'cdk/', 'eksctl/'],
  // Launchers beside the node groups (Karpenter, EKS Auto Mode): reads, key checks, patches.
  ['launchers/'],
  // The run's record and pure decisions: the timeline (its collector, the phases computed from
  // it), the verdict, then the diagnosis.
  ['timeline/', 'verdict/', 'diagnose/', 'check/'],
  // Pure rendering of a run: phases, gantt, tables, the report and the comment.
  ['report/'],
  // What runs a mode: the deploy command, the guard, the shared edge contract and publishing.
  ['deploy/', 'guard/', 'edge.ts', 'run-report.ts', 'run-modes.ts'],
  // The edges: the action's, the CLI's, the post step's, and the entry points.
  ['action-edge.ts', 'main.ts', 'post-step.ts', 'post.ts', 'cli/', 'index.ts']
]

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src')

interface ImportEdge {
  from: string
  to: string
  /** The importing file and the imported one, relative to src/. */
  evidence: string
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name) ? [path] : []
  })
}

function nodeOf(file: string): string {
  const parts = relative(SRC, file).split(sep)
  return parts.length === 1 ? parts[0] : `${parts[0]}/`
}

function resolveImport(file: string, specifier: string): string | undefined {
  const target = resolve(dirname(file), specifier).replace(/\.js$/, '')
  return [`${target}.ts`, join(target, 'index.ts')].find(
    candidate => existsSync(candidate) && statSync(candidate).isFile()
  )
}

/** Every import between two nodes of src/, as the TypeScript compiler's pre-processor reads it. */
function importEdges(): ImportEdge[] {
  const edges: ImportEdge[] = []
  for (const file of sourceFiles(SRC)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue
      const target = resolveImport(file, fileName)
      if (!target || !target.startsWith(SRC)) continue
      const from = nodeOf(file)
      const to = nodeOf(target)
      if (from !== to)
        edges.push({ from, to, evidence: `${relative(SRC, file)} → ${relative(SRC, target)}` })
    }
  }
  return edges
}

/** The imports that break the order: to a node at or above the importer, or to an unplaced one. */
function layerViolations(edges: ImportEdge[], layers: string[][]): string[] {
  const order = layers.flat()
  const layerOf = (node: string) => layers.findIndex(layer => layer.includes(node)) + 1
  const problems: string[] = []
  for (const { from, to, evidence } of edges) {
    const rankFrom = order.indexOf(from)
    const rankTo = order.indexOf(to)
    if (rankFrom < 0 || rankTo < 0) {
      const missing = rankFrom < 0 ? from : to
      problems.push(`${evidence}: ${missing} is in no layer; place it in LAYERS`)
    } else if (rankTo >= rankFrom)
      problems.push(
        `${evidence}: ${from} (layer ${layerOf(from)}) imports ${to} (layer ${layerOf(to)}), which is not below it`
      )
  }
  return problems
}

/** Cycles between nodes, each with one import per arrow. */
function folderCycles(edges: ImportEdge[]): string[] {
  const next = new Map<string, ImportEdge[]>()
  for (const edge of edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge])
  const cycles: string[] = []
  const done = new Set<string>()
  const path: ImportEdge[] = []
  const onPath = new Set<string>()
  const visit = (node: string): void => {
    if (done.has(node)) return
    onPath.add(node)
    for (const edge of next.get(node) ?? []) {
      if (onPath.has(edge.to)) {
        const start = path.findIndex(e => e.from === edge.to)
        cycles.push(
          [...path.slice(start < 0 ? path.length : start), edge].map(e => e.evidence).join(', ')
        )
      } else {
        path.push(edge)
        visit(edge.to)
        path.pop()
      }
    }
    onPath.delete(node)
    done.add(node)
  }
  for (const node of next.keys()) visit(node)
  return cycles
}

describe('layers', () => {
  const edges = importEdges()

  it('reads static, type, re-export and dynamic imports', () => {
    const evidence = edges.map(e => e.evidence)
    // A dynamic import (main loads the action's edge lazily) and a type-only one.
    expect(evidence).toContain('main.ts → action-edge.ts')
    expect(evidence).toContain('run-modes.ts → edge.ts')
  })

  it('places every node of src/ in exactly one layer', () => {
    const nodes = new Set(edges.flatMap(e => [e.from, e.to]))
    const declared = LAYERS.flat()
    expect([...nodes].filter(node => !declared.includes(node))).toEqual([])
    expect(declared.filter((node, i) => declared.indexOf(node) !== i)).toEqual([])
  })

  it('has no import from a node to one at or above it', () => {
    expect(layerViolations(edges, LAYERS)).toEqual([])
  })

  it('has no cycle between folders', () => {
    expect(folderCycles(edges)).toEqual([])
  })

  it('names the offending import of an upward edge and of a cycle', () => {
    const upward = [
      { from: 'kms/', to: 'report/', evidence: 'kms/registry.ts → report/timeline.ts' },
      { from: 'report/', to: 'kms/', evidence: 'report/markdown.ts → kms/key.ts' }
    ]
    expect(layerViolations(upward, LAYERS)).toEqual([
      'kms/registry.ts → report/timeline.ts: kms/ (layer 5) imports report/ (layer 8), which is not below it'
    ])
    expect(folderCycles(upward)).toEqual([
      'kms/registry.ts → report/timeline.ts, report/markdown.ts → kms/key.ts'
    ])
    expect(
      layerViolations(
        [{ from: 'plugins/', to: 'model/', evidence: 'plugins/a.ts → model/index.ts' }],
        LAYERS
      )
    ).toEqual(['plugins/a.ts → model/index.ts: plugins/ is in no layer; place it in LAYERS'])
  })
})
