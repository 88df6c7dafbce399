/**
 * Terraform counts "characters" as user-perceived ones, grapheme clusters (length("👾🕹️") is 2:
 * developer.hashicorp.com/terraform/language/functions/length), not code points or UTF-16 units.
 */
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' })

export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), s => s.segment)
}
