/** The run's finish: what it checked and found, handed on with its verdict to the report. */
import type { GuardOutcome, Verdict } from '../model/index.js'
import { deletedStates, watchedStates, type GuardRun } from './context.js'

export function outcome(run: GuardRun, verdict: Verdict): GuardOutcome {
  const { config, deps, facts, registry, launchers } = run
  const watched = watchedStates(run).length + deletedStates(run).length
  if (verdict.result === 'success' && watched === 0 && launchers.keys.length === 0)
    deps.log.warning(
      `No node group or self-managed Auto Scaling group of cluster ${config.clusterName} was checked: this green run vouches for no node's key.`
    )
  return {
    verdict,
    identity: facts.identity,
    cluster: facts.cluster,
    role: facts.role,
    roleCreated: facts.roleCreated,
    keys: [...registry.all(), ...launchers.keys],
    nodegroups: watchedStates(run),
    launchers: [...launchers.states.values()],
    policyChanged: registry.policyChanged || launchers.policyChanged,
    watchedFrom: run.startedAt,
    addons: facts.addonReads ? [...facts.addonReads.addons.values()] : undefined,
    unreadableImages: registry.unreadableImages()
  }
}
