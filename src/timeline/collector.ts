/**
 * The run's timeline: what happened, when, according to whom. Times come from AWS timestamps
 * where AWS has them (activity start/end, node group createdAt), else the action's clock.
 */
import { writeFileSync } from 'node:fs'
import type {
  EventKind,
  EventOptions,
  EventSource,
  TimelineEvent,
  TimelineSink
} from '../model/index.js'

export type { EventKind, EventSource, TimelineEvent }

/** The run's collector of events: the implementation of the model's {@link TimelineSink} port. */
export class Timeline implements TimelineSink {
  readonly events: TimelineEvent[] = []

  private autosavePath?: string
  private autosaveExtra: Record<string, unknown> = {}

  constructor(private readonly now: () => number) {}

  /** Keeps the file current after every event, so a killed run still leaves its timeline behind. */
  autosave(path: string, extra: Record<string, unknown> = {}): void {
    this.autosavePath = path
    this.autosaveExtra = extra
    this.write(path, extra)
  }

  add(
    source: EventSource,
    kind: EventKind,
    detail: string,
    options: EventOptions = {}
  ): TimelineEvent {
    const event: TimelineEvent = {
      time: new Date(options.at ?? this.now()).toISOString(),
      source,
      kind,
      detail,
      nodegroup: options.nodegroup,
      addon: options.addon,
      ...(options.activity ? { activity: options.activity } : {}),
      clock: options.at === undefined ? 'action' : 'aws'
    }
    this.events.push(event)
    if (this.autosavePath) {
      try {
        this.write(this.autosavePath, this.autosaveExtra)
      } catch {
        // A full disk must not stop the guard; the final write reports the problem.
      }
    }
    return event
  }

  /** Events in time order (stable for equal times). */
  sorted(): TimelineEvent[] {
    return this.events
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.time.localeCompare(b.e.time) || a.i - b.i)
      .map(x => x.e)
  }

  first(kind: EventKind, nodegroup?: string): TimelineEvent | undefined {
    return this.sorted().find(
      e => e.kind === kind && (nodegroup === undefined || e.nodegroup === nodegroup)
    )
  }

  write(path: string, extra: Record<string, unknown> = {}): void {
    writeFileSync(path, JSON.stringify({ ...extra, events: this.sorted() }, null, 2))
  }
}
