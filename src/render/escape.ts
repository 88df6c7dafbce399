/**
 * AWS messages, key descriptions and policy text are untrusted: they must not render as
 * Markdown, HTML or @mentions in a summary or a pull request comment.
 */

/** Text for Markdown prose and table cells. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // Only what can start markup mid-line: links need [ ], so ( ) stay readable.
      .replace(/([\\`*[\]|~])/g, '\\$1')
      // An underscore between two word characters never starts emphasis (aws_kms_key stays readable).
      .replace(/(?<!\w)_|_(?!\w)/g, '\\_')
      .replace(/^([#+\->=]|\d+\.)/, '\\$1')
      .replace(/@(?=\w)/g, '@\u200b')
      .replace(/\r?\n/g, ' ')
  )
}

/** A fenced code block whose fence no content can close early. */
export function codeBlock(text: string, language = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map(m => m[0].length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}${language}\n${text}\n${fence}`
}

/** Inline code that survives backticks inside. */
export function inlineCode(text: string): string {
  const clean = text.replace(/\r?\n/g, ' ')
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map(m => m[0].length))
  const fence = '`'.repeat(longest + 1)
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${clean}${pad}${fence}`
}

/**
 * Text for the job log that no line of can act as a workflow command. The runner reads a line as
 * a command when, after leading blanks, it starts with `::` (and, in the older syntax, wherever it
 * holds `##[`): a zero-width space in front of those makes them plain text and still reads the
 * same. AWS messages, Terraform's and the command's text go through this before `info`.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
export function inertLogText(text: string): string {
  return text
    .split(/\r?\n|\r/)
    .map(line => line.replace(/^(\s*)::/, '$1\u200b::').replace(/##\[/g, '##\u200b['))
    .join('\n')
}
