/**
 * A CloudFormation template (or any YAML/JSON document) as plain data that remembers where each
 * object and each key was written, so a finding points at its line. YAML short forms become the
 * long forms CloudFormation defines: `!Ref X` → `{Ref: X}`, `!GetAtt A.B` → `{"Fn::GetAtt": [A, B]}`,
 * `!Condition C` → `{Condition: C}`, every other `!Name` → `{"Fn::Name": …}`
 * (docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html).
 * JSON is read by the same parser (JSON is YAML 1.2), so both keep their lines. The YAML 1.2 core
 * schema keeps an unquoted `Version: 2012-10-17` a string.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml'
import { positions } from '../terraform/eval/values.js'
import type { Pos } from '../terraform/hcl/ast.js'

export type Raw = null | boolean | number | string | Raw[] | { [key: string]: Raw }

/** The line each key of an object is written at. */
const keyLines = new WeakMap<object, Map<string, number>>()

export function posOf(value: Raw | undefined, fallback: Pos): Pos {
  return (value && typeof value === 'object' && positions.get(value)) || fallback
}

/** Where `object[key]` is written: its key's line, else the object's. */
export function keyPos(object: Raw | undefined, key: string, fallback: Pos): Pos {
  if (!object || typeof object !== 'object') return fallback
  const line = keyLines.get(object)?.get(key)
  const at = positions.get(object) ?? fallback
  return line ? { file: at.file, line } : at
}

export function isRecord(value: unknown): value is Record<string, Raw> {
  return !!value && typeof value === 'object' && !Array.isArray(value)
}

/** `!GetAtt A.B.C` names attribute `B.C` of `A`: the split is at the first dot. */
function getAttArgs(text: string): Raw[] {
  const dot = text.indexOf('.')
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)]
}

function convert(node: Node | null | undefined, file: string, lines: LineCounter, depth = 0): Raw {
  if (!node || depth > 200) return null
  if (isAlias(node)) return null
  const line = node.range ? lines.linePos(node.range[0]).line : 1
  let value: Raw
  if (isMap(node)) {
    const object: Record<string, Raw> = {}
    const at = new Map<string, number>()
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
      const child = convert(pair.value as Node, file, lines, depth + 1)
      object[key] = child
      const keyNode = pair.key as Node | undefined
      if (!keyNode?.range) continue
      const keyLine = lines.linePos(keyNode.range[0]).line
      at.set(key, keyLine)
      // A mapping under a key (a resource, a property) is where its key is written.
      if (child && typeof child === 'object') positions.set(child, { file, line: keyLine })
    }
    positions.set(object, { file, line })
    keyLines.set(object, at)
    value = object
  } else if (isSeq(node)) {
    value = node.items.map(item => convert(item as Node, file, lines, depth + 1))
    positions.set(value, { file, line })
  } else if (isScalar(node)) {
    const scalar = node.value
    value =
      scalar === null || ['string', 'number', 'boolean'].includes(typeof scalar)
        ? (scalar as Raw)
        : String(scalar)
  } else value = null
  const tag = node.tag
  if (!tag?.startsWith('!') || tag.startsWith('!!')) return value
  const name = tag.slice(1)
  const long =
    name === 'Ref' || name === 'Condition'
      ? { [name]: value }
      : name === 'GetAtt' && typeof value === 'string'
        ? { 'Fn::GetAtt': getAttArgs(value) }
        : { [`Fn::${name}`]: value }
  positions.set(long, { file, line })
  return long
}

export interface Parsed {
  documents: Raw[]
  error?: { line: number; message: string }
}

/** Every document of a YAML or JSON file (eksctl files may hold several). */
export function parseSource(text: string, file: string): Parsed {
  const lines = new LineCounter()
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false, strict: false })
  const list = Array.isArray(docs) ? docs : []
  const failed = list.flatMap(d => d.errors)[0]
  if (failed)
    return {
      documents: [],
      error: { line: lines.linePos(failed.pos[0]).line, message: failed.message.split('\n')[0] }
    }
  return { documents: list.map(d => convert(d.contents as Node, file, lines)) }
}
