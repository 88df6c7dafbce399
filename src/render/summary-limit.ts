/**
 * The job summary under GitHub's limit. A step's summary may be at most 1 MiB; past that GitHub
 * shows an error instead of it ("Job summaries … The maximum size of the summary for a step is
 * 1MiB": docs.github.com, "Workflow commands for GitHub Actions", Adding a job summary). A
 * report of thousands of files can be larger, so it is cut well below, at a line, with any code
 * fence or <details> still open closed, and the cut said. Pure.
 */

/** Bytes of Markdown a summary keeps: well below 1 MiB (1,048,576), leaving room for the note. */
export const SUMMARY_BYTES = 800_000

/** Closes what the kept lines left open, so the note after it renders as text. */
function closing(lines: string[]): string[] {
  let fence: string | undefined
  let details = 0
  for (const line of lines) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence) {
      if (
        marker &&
        marker[0] === fence[0] &&
        marker.length >= fence.length &&
        /^ {0,3}[`~]+\s*$/.test(line)
      )
        fence = undefined
      continue
    }
    if (marker) fence = marker
    details += (line.match(/<details>/g) ?? []).length
    details -= (line.match(/<\/details>/g) ?? []).length
  }
  return [
    ...(fence ? [fence] : []),
    ...Array.from({ length: Math.max(0, details) }, () => '</details>')
  ]
}

/** The summary, cut at a line below `limit` bytes with what was cut said; unchanged when it fits. */
export function fitSummary(markdown: string, limit = SUMMARY_BYTES): string {
  const total = Buffer.byteLength(markdown, 'utf8')
  if (total <= limit) return markdown
  // The first `limit` bytes, at a character boundary, then back to the last whole line.
  const head = Buffer.from(markdown, 'utf8')
    .subarray(0, limit)
    .toString('utf8')
    .replace(/\uFFFD$/, '')
  const lines = head.slice(0, Math.max(0, head.lastIndexOf('\n'))).split('\n')
  const kept = lines.join('\n')
  const note = `> ✂️ **The summary is cut here**: it is ${Math.ceil(total / 1024)} KB, and GitHub shows no step summary over 1 MiB. The ${Math.ceil((total - Buffer.byteLength(kept, 'utf8')) / 1024)} KB not shown hold more of the same; the step's log has them, and check's SARIF file (\`sarif-file\` output) lists every finding.`
  return [kept, ...closing(lines), '', note, ''].join('\n')
}
