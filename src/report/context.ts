/** What a report is about besides the diagnosis: the run, its events and what the guard saw. */
import type { GuardOutcome, TimelineEvent } from '../model/index.js'

export interface ReportContext {
  mode: string
  clusterName: string
  region: string
  runUrl?: string
  events: TimelineEvent[]
  outcome?: GuardOutcome
  /** Extra sections (check mode findings). */
  sections?: string[]
  /** deploy with dry-run: nothing was written. */
  dryRun?: boolean
}
