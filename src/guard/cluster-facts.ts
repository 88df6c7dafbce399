/**
 * The run's view of the cluster: described until it is found and while it is created or updated,
 * its add-ons read against its version. The setup and every poll share these reads.
 */
import { watchedStates, type GuardRun } from './context.js'
import { markDegradedWithNodes, readCluster } from './cluster.js'

export async function describeCluster(run: GuardRun): Promise<void> {
  const { clients, timeline, signal } = run.deps
  const { facts } = run
  const read = await readCluster(clients.eks, run.config, facts.clusterState, timeline, signal)
  if (!read) {
    facts.clusterState = 'missing'
    return
  }
  facts.cluster = read.cluster
  facts.clusterVersion = read.version
  facts.clusterState = 'found'
}

/** The cluster is being created or updated: its status is read every poll until it settles. */
export function clusterMoving(run: GuardRun): boolean {
  const status = run.facts.addonReads?.cluster.status
  return status === 'CREATING' || status === 'UPDATING'
}

export async function readAddons(run: GuardRun): Promise<void> {
  const addons = run.facts.addonReads
  if (!addons) return
  await addons.observeCluster(run.facts.clusterVersion, run.facts.cluster?.status)
  await addons.poll()
  markDegradedWithNodes(addons.addons.values(), watchedStates(run), run.deps.clock.now())
}
