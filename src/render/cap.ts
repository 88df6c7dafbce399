/**
 * Caps on text from outside (AWS messages), the cut said where it happens. Pure. The job summary's
 * cap is `fitSummary` (summary-limit.ts).
 */

/** At most `max` characters of `text`; a cut ends with how much was cut. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text
  return `${text.slice(0, max)}… [${text.length - max} more characters cut]`
}
