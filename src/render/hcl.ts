/** Renders plain JSON values as HCL expressions (for Terraform snippets). */

function key(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : JSON.stringify(name)
}

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
    if (value.every(v => typeof v !== 'object' || v === null))
      return `[${value.map(v => hclValue(v, '', interpolate)).join(', ')}]`
    return `[\n${value.map(v => inner + hclValue(v, inner, interpolate)).join(',\n')}\n${indent}]`
  }
  const entries = Object.entries(value as Record<string, unknown>)
  const width = Math.max(...entries.map(([k]) => key(k).length))
  return `{\n${entries.map(([k, v]) => `${inner}${key(k).padEnd(width)} = ${hclValue(v, inner, interpolate)}`).join('\n')}\n${indent}}`
}
