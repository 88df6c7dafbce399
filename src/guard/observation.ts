/** Everything the run knows, as the one verdict function reads it. */
import { writeMode } from '../kms/plan.js'
import type { Observation, Verdict } from '../model/index.js'
import { decideVerdict } from '../verdict/decide.js'
import { runError, type DecideFlags } from '../watch/loop.js'
import { deletedStates, watchedStates, type GuardRun } from './context.js'

export function decide(run: GuardRun, flags: DecideFlags): Verdict | undefined {
  return decideVerdict(observation(run, flags))
}

export function observation(run: GuardRun, flags: DecideFlags): Observation {
  const { config, deps, facts, registry, work, launchers } = run
  const workError = work.error()
  return {
    now: deps.clock.now(),
    startedAt: run.startedAt,
    clusterName: config.clusterName,
    region: config.region,
    cluster: facts.clusterState,
    clusterCreatedAt: facts.cluster?.createdAt?.getTime(),
    autoMode: facts.cluster?.autoMode,
    launchers: [...launchers.states.values()],
    launcherKeys: launchers.keys,
    clusterUpdatedAt: facts.clusterUpdatedAt,
    nodegroups: watchedStates(run),
    existingNodegroups: facts.reads?.existing,
    existingAsgs: facts.selfManaged?.existing,
    deletedNodegroups: facts.reads ? deletedStates(run) : undefined,
    keys: registry.all(),
    unreadableImages: registry.unreadableImages(),
    keyWorkPending: work.pending(),
    keyWorkMayWrite: writeMode(config) !== 'none',
    propagationGraceMs: config.propagationGraceMs,
    pollIntervalMs: config.pollIntervalMs,
    addons: facts.addonReads ? [...facts.addonReads.addons.values()] : undefined,
    clusterVersion: facts.addonReads?.cluster,
    command: deps.command?.(),
    timeoutMs: config.timeoutMs,
    ...flags,
    error: flags.error ?? (workError ? runError(workError) : undefined)
  }
}
