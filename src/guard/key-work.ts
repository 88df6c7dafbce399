/**
 * Key work (discovery, checks, patches) as a step the watch schedules and does not wait for, so
 * a policy write with its role-propagation retries never stops other node groups' polls. Work for
 * one node group runs in order; the verdict waits where it needs the answer.
 */
import { activeUpdate, nextTemplates, type NodegroupState } from '../model/index.js'

export class KeyWork {
  private readonly running = new Map<string, Promise<void>>()
  private readonly seen = new Map<string, string>()
  private failure?: unknown
  /** Node groups whose last work hit throttling or a 5xx: done again at the next poll. */
  private readonly retry = new Set<string>()

  constructor(
    private readonly check: (state: NodegroupState) => Promise<void>,
    /** Errors that pass (throttling, 5xx): the work is retried, the run goes on. */
    private readonly isTransient: (error: unknown) => boolean = () => false
  ) {}

  /** Starts work for every node group whose launch configuration changed since the last look. */
  schedule(states: Iterable<NodegroupState>): void {
    if (this.failure) return
    for (const state of states) {
      if (!state.exists) continue
      const refs = [state.launchTemplate, ...nextTemplates(state)]
      const signature = [
        // The versions it launches from and is about to; a new update looks again whatever its target.
        ...refs.map(ref => (ref ? `${ref.id ?? ref.name}@${ref.version}` : '')),
        activeUpdate(state)?.id ?? '',
        ...state.asgNames.map(name => {
          const group = state.asgs.get(name)
          const spec =
            group?.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification ??
            group?.LaunchTemplate
          return `${name}:${spec?.LaunchTemplateId ?? spec?.LaunchTemplateName ?? ''}@${spec?.Version ?? ''}`
        })
      ].join('|')
      if (this.seen.get(state.name) === signature && !this.retry.has(state.name)) continue
      this.seen.set(state.name, signature)
      this.retry.delete(state.name)
      this.enqueue(state.name, () => this.check(state))
    }
  }

  /** Runs more key work for a node group, after what is already queued for it. */
  enqueue(nodegroup: string, work: () => Promise<void>): void {
    if (this.failure) return
    const before = this.running.get(nodegroup) ?? Promise.resolve()
    const next: Promise<void> = before
      .then(work)
      .catch(error => {
        if (this.isTransient(error)) this.retry.add(nodegroup)
        else this.failure ??= error
      })
      .finally(() => {
        if (this.running.get(nodegroup) === next) this.running.delete(nodegroup)
      })
    this.running.set(nodegroup, next)
  }

  /** Node groups with work in flight. */
  pending(): string[] {
    return [...new Set([...this.running.keys(), ...this.retry])]
  }

  /** Waits for the work in flight of these node groups. */
  async settledFor(nodegroups: string[]): Promise<void> {
    await Promise.all(nodegroups.map(name => this.running.get(name)))
  }

  /** Waits for all work in flight. */
  async settled(): Promise<void> {
    await Promise.all(this.running.values())
  }

  /** The first error key work hit (an AccessDenied ends the run with its own verdict). */
  error(): unknown {
    return this.failure
  }
}
