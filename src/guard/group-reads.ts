/**
 * The readers of the groups a run watches: managed node groups and self-managed Auto Scaling
 * groups, each told what the other kind's names leave to it.
 */
import { NodegroupReads } from '../watch/reads.js'
import { SelfManagedReads } from '../watch/self-managed.js'
import type { GuardRun } from './context.js'

export function nodegroupReads(run: GuardRun): NodegroupReads {
  const { config, deps } = run
  const { clients, clock, timeline, log, signal } = deps
  return new NodegroupReads(clients, timeline, line => log.info(line), {
    clusterName: config.clusterName,
    nodegroupNames: config.nodegroupNames,
    // Naming either kind of group narrows the watch to what is named.
    discover: config.asgNames.length === 0,
    signal,
    maxCallsPerPoll: deps.maxCallsPerPoll,
    startedAt: run.startedAt,
    now: () => clock.now()
  })
}

export function selfManagedReads(run: GuardRun): SelfManagedReads {
  const { config, deps } = run
  const { clients, clock, timeline, log, signal } = deps
  return new SelfManagedReads(clients.autoscaling, timeline, line => log.info(line), {
    clusterName: config.clusterName,
    asgNames: config.asgNames,
    // Named node groups narrow the watch to what is named: tags add no group then.
    discover: config.nodegroupNames.length === 0,
    signal,
    maxCallsPerPoll: deps.maxCallsPerPoll,
    startedAt: run.startedAt,
    now: () => clock.now()
  })
}
