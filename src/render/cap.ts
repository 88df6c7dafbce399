/**
 * Caps on text from outside (AWS messages) and on what GitHub stores (the job summary), each cut
 * said where it happens. Pure; shared by every mode's report.
 */

/** At most `max` characters of `text`; a cut ends with how much was cut. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text
  return `${text.slice(0, max)}… [${text.length - max} more characters cut]`
}

/**
 * GitHub refuses a step's job summary over 1 MiB ("each step is restricted to a maximum size of
 * 1MiB": https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#adding-a-job-summary).
 * Stay below it with room for the note.
 */
export const JOB_SUMMARY_LIMIT_BYTES = 1_000_000

/**
 * The job summary cut at a line boundary under `limit` bytes (UTF-8), with a note saying so and
 * where the rest is; unchanged when it fits.
 */
export function capJobSummary(markdown: string, limit = JOB_SUMMARY_LIMIT_BYTES): string {
  const size = Buffer.byteLength(markdown, 'utf8')
  if (size <= limit) return markdown
  const note = `\n\n---\n\n_The job summary was cut at about ${Math.round(limit / 1000)} KB of ${Math.round(size / 1000)} KB: GitHub refuses job summaries over 1 MiB. The step's log and the timeline file (output \`timeline-file\`) hold the rest._\n`
  const room = limit - Buffer.byteLength(note, 'utf8')
  // Cut by bytes, then back to the last whole line, so no table row or code fence is half there.
  let head = Buffer.from(markdown, 'utf8')
    .subarray(0, room)
    .toString('utf8')
    .replace(/\uFFFD$/, '')
  const lastLine = head.lastIndexOf('\n')
  if (lastLine > 0) head = head.slice(0, lastLine)
  // An open code fence would swallow the note.
  const fences = head.match(/^\s*(```|~~~)/gm)?.length ?? 0
  return `${head}${fences % 2 === 1 ? '\n```' : ''}${note}`
}
