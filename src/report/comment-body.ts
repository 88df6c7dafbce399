/**
 * The sticky comment's body: this run's report under the marker, earlier verdicts kept in a
 * collapsed history read back from the previous body, and the whole cut under GitHub's limit.
 */

/** GitHub refuses comment bodies over 65,536 characters; stay clear of it. */
export const COMMENT_LIMIT = 65_000
const HISTORY_LIMIT = 15

const HISTORY_START = '<!-- eks-kms-guard:history -->'
const HISTORY_END = '<!-- eks-kms-guard:history-end -->'
const VERDICT_START = '<!-- eks-kms-guard:verdict -->'

/** History lines kept in a previous body, newest first. */
export function previousHistory(body: string): string[] {
  const start = body.indexOf(HISTORY_START)
  const end = body.indexOf(HISTORY_END)
  const lines =
    start >= 0 && end > start
      ? body
          .slice(start + HISTORY_START.length, end)
          .split('\n')
          .filter(l => l.startsWith('- '))
      : []
  const verdictAt = body.indexOf(VERDICT_START)
  if (verdictAt >= 0) {
    const line = body
      .slice(verdictAt + VERDICT_START.length)
      .split('\n')
      .find(l => l.trim())
    if (line) lines.unshift(`- ${line.trim()}`)
  }
  return lines.slice(0, HISTORY_LIMIT)
}

/**
 * The full comment body: marker, this run's report, and the history of earlier verdicts. Cut
 * under GitHub's limit, pointing at the job summary for the rest.
 */
export function composeBody(
  marker: string,
  report: string,
  history: string[],
  runUrl?: string,
  stamp = ''
): string {
  const [verdict, ...rest] = report.split('\n')
  const historyBlock = history.length
    ? [
        '',
        `<details><summary>Earlier runs (${history.length})</summary>`,
        '',
        HISTORY_START,
        ...history,
        HISTORY_END,
        '',
        '</details>'
      ]
    : []
  const head = [marker, VERDICT_START, `${verdict}${stamp ? ` — ${stamp}` : ''}`]
  let body = [...head, ...rest, ...historyBlock].join('\n')
  if (body.length > COMMENT_LIMIT) {
    const note = `\n\n_The report was cut to fit a pull request comment; the full report is in the [job summary](${runUrl ?? '#'})._\n`
    const tail = historyBlock.join('\n')
    const room = COMMENT_LIMIT - head.join('\n').length - tail.length - note.length - 1
    body = [...head, rest.join('\n').slice(0, Math.max(0, room))].join('\n') + note + tail
  }
  return body
}
