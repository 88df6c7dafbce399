/**
 * The watch of a run: each poll reads the cluster, its groups, the launchers and the add-ons,
 * schedules the key work and acts on KMS launch failures, until the loop has its verdict.
 */
import { writeMode } from '../kms/plan.js'
import { isSettled, type Verdict } from '../model/index.js'
import { TERMINAL_STATES } from '../verdict/decide.js'
import { waitingFor } from '../verdict/late.js'
import { watchUntilVerdict } from '../watch/loop.js'
import { readUpcomingTemplates } from '../watch/upcoming.js'
import { lastClusterUpdate } from './cluster.js'
import { clusterMoving, describeCluster, readAddons } from './cluster-facts.js'
import { watchedStates, type GuardRun } from './context.js'
import { nodegroupReads, selfManagedReads } from './group-reads.js'
import { decide, observation } from './observation.js'
import { progressLine, progressLog } from './progress.js'

/**
 * deploy, writing, with its command running: an apply may be about to move node groups to new
 * versions of their launch templates, whose keys are fixed before it asks EKS.
 */
function lookingAhead(run: GuardRun): boolean {
  return writeMode(run.config) === 'write' && run.deps.command?.().running === true
}

/** KMS launch failures act on the keys (re-read; deploy: the statements for an undecided key). */
function actOnEvidence(run: GuardRun): void {
  if (!run.facts.reads) return
  const seen = observation(run, { cancelled: false, deadlineReached: false })
  run.evidence.act(seen, watchedStates(run))
}

export async function watch(run: GuardRun): Promise<Verdict> {
  const { config, deps, facts } = run
  const { clients, clock, log, signal } = deps
  const reads = nodegroupReads(run)
  if (facts.clusterState === 'missing' && !deps.command)
    return decide(run, { cancelled: false, deadlineReached: false })!
  facts.reads = reads
  const selfManaged = selfManagedReads(run)
  facts.selfManaged = selfManaged
  const logProgress = progressLog(line => log.info(line), run.startedAt)
  return watchUntilVerdict({
    clock,
    pollIntervalMs: config.pollIntervalMs,
    deadline: run.startedAt + config.timeoutMs,
    signal,
    random: deps.random,
    warn: line => log.warning(line),
    poll: async () => {
      // Under a deploy command the cluster may be created after we started.
      if (facts.clusterState !== 'found' || clusterMoving(run)) await describeCluster(run)
      if (facts.clusterState === 'found') {
        await reads.poll()
        await selfManaged.poll()
        await run.launchers.poll(facts.cluster)
        for (const state of watchedStates(run))
          if (isSettled(state)) state.settledAt ??= clock.now()
        // A named node group is missing: was the cluster updated lately (a deployment)?
        if (!facts.clusterUpdatesRead && watchedStates(run).some(s => !s.exists)) {
          facts.clusterUpdatesRead = true
          facts.clusterUpdatedAt = await lastClusterUpdate(clients.eks, config.clusterName, signal)
        }
        await readAddons(run)
        if (lookingAhead(run)) await readUpcomingTemplates(clients.ec2, reads.states.values())
      }
      if (!reads.clusterSeen) facts.clusterState = 'missing'
      run.work.schedule(watchedStates(run))
      // A node group already terminal when first seen is decided on this read: its keys'
      // checks are awaited here rather than at the next poll (EKS will not change it).
      const terminal = [...reads.states.values()].filter(
        s => TERMINAL_STATES.has(s.status ?? '') && s.firstSeenStatus === s.status
      )
      if (terminal.length > 0) await run.work.settledFor(terminal.map(s => s.name))
      actOnEvidence(run)
      return { throttled: reads.throttled || selfManaged.throttled }
    },
    decide: flags => decide(run, flags),
    progress: () =>
      logProgress(
        progressLine(watchedStates(run), facts.clusterState, config.clusterName, state =>
          waitingFor(observation(run, { cancelled: false, deadlineReached: false }), state)
        ),
        clock.now()
      )
  })
}
