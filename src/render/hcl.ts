/** Renders plain JSON values as HCL expressions (for Terraform snippets). */

function key(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : JSON.stringify(name)
}

/** Lists of plain values longer than this are written one item a line. */
const INLINE_LIST_CHARS = 64

/**
 * @param interpolate keep `${...}` as Terraform interpolations (for snippets that reference data
 *   sources); otherwise they are escaped and the string stays literal.
 */
export function hclValue(value: unknown, indent = '', interpolate = false): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') {
    const quoted = JSON.stringify(value)
    return interpolate ? quoted : quoted.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  const inner = indent + '  '
  if (Array.isArray(value)) {
    if (value.every(v => typeof v !== 'object' || v === null)) {
      const items = value.map(v => hclValue(v, '', interpolate))
      const inline = `[${items.join(', ')}]`
      // A long list one item a line: a code block scrolls sideways rather than wrap.
      if (inline.length <= INLINE_LIST_CHARS) return inline
      return `[\n${items.map(i => `${inner}${i},`).join('\n')}\n${indent}]`
    }
    return `[\n${value.map(v => inner + hclValue(v, inner, interpolate)).join(',\n')}\n${indent}]`
  }
  const entries = Object.entries(value as Record<string, unknown>)
  const width = Math.max(...entries.map(([k]) => key(k).length))
  return `{\n${entries.map(([k, v]) => `${inner}${key(k).padEnd(width)} = ${hclValue(v, inner, interpolate)}`).join('\n')}\n${indent}}`
}

/** `"${local.x}"` alone is the same value as `local.x`: written bare, as people write it. */
export function bareLocals(text: string): string {
  return text.replace(/"\$\{(local\.\w+)\}"/g, '$1')
}

/**
 * Prose as comment lines of a code block, wrapped at word breaks so each fits the narrowest
 * column a report renders at (a code block scrolls sideways instead of wrapping).
 */
export function commentLines(text: string, marker = '#', width = 88): string {
  const lines: string[] = []
  let line = marker
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line.length > marker.length && line.length + 1 + word.length > width) {
      lines.push(line)
      line = marker
    }
    line += ` ${word}`
  }
  lines.push(line)
  return lines.join('\n')
}
