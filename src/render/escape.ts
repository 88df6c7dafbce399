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
      // A mention (@name) or a GFM e-mail autolink (a@-.tf: the domain may start with - or .).
      .replace(/@(?=[\w.-])/g, '@\u200b')
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

/*
 * One function per place a string the pull request controls (a file or folder name, a module
 * path, a resource name) lands in Markdown. Each keeps the string inside its context: no HTML
 * tag, no link or autolink, no live @mention or #reference, no new line (CommonMark ends a line
 * at \n, \r and \r\n: a lone \r inside a code span still starts a new block), and in a table no
 * `|` that adds a cell — GFM splits a row on every unescaped `|`, inside code spans too
 * (https://github.github.com/gfm/#tables-extension-: "include a pipe in a cell’s content by
 * escaping it, including inside other inline spans").
 */

const LINE_BREAKS = /\r\n|[\r\n]/g

/** Breaks what GitHub would turn into a link or a reference, with a zero-width space. */
function defuse(text: string): string {
  return (
    text
      // GFM extended autolinks: www., http://, https://, ftp:// (https://github.github.com/gfm/#autolinks-extension-).
      .replace(/(www)\./gi, '$1\u200b.')
      .replace(/([a-z])(:\/\/)/gi, '$1\u200b$2')
      // GitHub references: #123, GH-123.
      .replace(/#(?=\d)/g, '#\u200b')
      .replace(/\b(GH)-(?=\d)/gi, '$1\u200b-')
  )
}

/**
 * A message that holds untrusted names but is escaped later by a renderer that keeps its `code
 * spans` raw: on one line (a lone \r would start a new block, an HTML block among them), with
 * autolinks and references defused. What stays for the renderer to escape is the rest.
 */
export function messageLine(text: string): string {
  return defuse(oneLine(text)).replace(/^(\d+)\)/, '$1\u200b)')
}

/**
 * On one line, with no leading white space: what starts a block (`#`, `-`, `>`, `1.`, four
 * spaces of indented code) must be at the very start for escapeMarkdown to escape it.
 */
function oneLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(/^\s+/, '')
}

/** Untrusted text in Markdown prose (a paragraph or a list item). */
export function markdownText(text: string): string {
  return defuse(escapeMarkdown(oneLine(text)).replace(/^(\d+)\)/, '$1\\)'))
}

/** Untrusted text in a table cell: as prose, `|` escaped (escapeMarkdown escapes it). */
export function tableCell(text: string): string {
  return markdownText(text)
}

/** Untrusted text as a code span in prose: a fence longer than any backtick run inside, one line. */
export function codeSpan(text: string): string {
  return inlineCode(text.replace(LINE_BREAKS, ' '))
}

/**
 * Untrusted text as a code span inside a table cell: `|` as `\|` (GFM unescapes it before the
 * span is read). The table scanner takes a backslash and the punctuation after it as one escaped
 * pair, so `\` followed by `\|` would leave the pipe bare: text with a backslash is written as an
 * escaped table cell instead of a code span.
 */
export function tableCode(text: string): string {
  const line = text.replace(LINE_BREAKS, ' ')
  if (line.includes('\\')) return tableCell(line)
  return inlineCode(line.replace(/\|/g, '\\|'))
}

/** Untrusted text in an ATX heading: as prose, and a closing `#` sequence kept as text. */
export function headingText(text: string): string {
  return markdownText(text).replace(/(\s)(#+)\s*$/, '$1\\$2')
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
