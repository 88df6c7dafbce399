/** Renders plain JSON values as HCL expressions (for Terraform snippets). */

function key(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : JSON.stringify(name)
}

export function hclValue(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string')
    return JSON.stringify(value).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  const inner = indent + '  '
  if (Array.isArray(value)) {
    if (value.every(v => typeof v !== 'object' || v === null))
      return `[${value.map(v => hclValue(v)).join(', ')}]`
    return `[\n${value.map(v => inner + hclValue(v, inner)).join(',\n')}\n${indent}]`
  }
  const entries = Object.entries(value as Record<string, unknown>)
  const width = Math.max(...entries.map(([k]) => key(k).length))
  return `{\n${entries.map(([k, v]) => `${inner}${key(k).padEnd(width)} = ${hclValue(v, inner)}`).join('\n')}\n${indent}}`
}
