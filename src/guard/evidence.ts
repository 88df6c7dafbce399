/**
 * KMS launch failures are evidence about the keys: keys judged usable are read again when a
 * failure started after their last read (the key may have changed during the run), and (deploy)
 * an undecided key gets the documented statements, once. Both run as key work of the node group,
 * so the verdict waits for their answer.
 */
import type { KeyRegistry } from '../kms/registry.js'
import type { NodegroupState, Observation } from '../model/index.js'
import { decidingFailures } from '../verdict/history.js'
import type { KeyWork } from './key-work.js'

export class KmsEvidence {
  /** The newest KMS launch failure per node group a key re-read was queued for. */
  private readonly rereadFor = new Map<string, number>()
  private readonly actedOn = new Set<string>()

  constructor(
    private readonly registry: KeyRegistry,
    private readonly work: KeyWork,
    /** deploy may write: an undecided key gets the statements on evidence. */
    private readonly mayWrite: () => boolean
  ) {}

  act(observation: Observation, states: Iterable<NodegroupState>): void {
    for (const state of states) {
      const failures = decidingFailures(observation, state).filter(
        a => a.pattern?.rootCause === 'key-check'
      )
      if (failures.length === 0) continue
      const newest = Math.max(...failures.map(a => a.start.getTime()))
      if (newest > (this.rereadFor.get(state.name) ?? Number.NEGATIVE_INFINITY)) {
        this.rereadFor.set(state.name, newest)
        this.work.enqueue(state.name, () =>
          this.registry.rereadAfterKmsFailures(state.name, newest)
        )
      }
      if (!this.mayWrite() || this.actedOn.has(state.name)) continue
      this.actedOn.add(state.name)
      this.work.enqueue(state.name, () => this.registry.actOnKmsFailures(state.name))
    }
  }
}
