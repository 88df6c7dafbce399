/**
 * The deployment's phases, computed from the timeline's typed events and the diagnosis. Pure
 * computation, not rendering: the report's gantt draws them and the timeline file records them.
 */
import type { Diagnosis, TimelineEvent } from '../model/index.js'

export interface Phase {
  name: string
  /** The gantt section: Run, Cluster, Node group <name>, Add-ons. */
  section: string
  start: string
  end: string
}

/** Phases that started more than this before the run are old history, not this deployment. */
const HISTORY_MS = 60 * 60_000

const NODEGROUP_END = /→ (ACTIVE|CREATE_FAILED|DEGRADED|DELETE_FAILED)$/
const ADDON_END = /→ (ACTIVE|CREATE_FAILED|UPDATE_FAILED|DEGRADED)$/

/**
 * The deployment's phases from the timeline's typed events: the run, the cluster (creation or
 * update), each node group (creation: waiting for the Auto Scaling group, first launch, detection;
 * update) and each add-on, each ending at its settling event or the verdict.
 */
export function phases(events: TimelineEvent[], diagnosis: Diagnosis): Phase[] {
  const last = events[events.length - 1]
  const verdict = events.find(e => e.kind === 'verdict') ?? last
  const started = events.find(e => e.kind === 'started')
  const result: Phase[] = []
  if (!verdict) return result
  const origin = started ? Date.parse(started.time) - HISTORY_MS : Number.NEGATIVE_INFINITY
  const add = (name: string, section: string, start?: TimelineEvent, end?: TimelineEvent) => {
    if (start && end && Date.parse(start.time) >= origin)
      result.push({ name, section, start: start.time, end: end.time })
  }
  const after = (from: TimelineEvent, test: (e: TimelineEvent) => boolean) =>
    events.find(e => e.time >= from.time && test(e))
  add('Guard running', 'Run', started, verdict)

  const clusterCreated = events.find(e => e.kind === 'cluster-created')
  if (clusterCreated && /\(CREATING\)/.test(clusterCreated.detail))
    add(
      'Cluster creation',
      'Cluster',
      clusterCreated,
      after(clusterCreated, e => e.kind === 'cluster-status' && / → ACTIVE$/.test(e.detail)) ??
        verdict
    )
  for (const update of events.filter(e => e.kind === 'cluster-update-started'))
    add(
      'Cluster update',
      'Cluster',
      update,
      after(update, e => e.kind === 'cluster-update-ended') ?? verdict
    )

  const nodegroups = [
    ...new Set(
      events.filter(e => e.nodegroup && e.kind.startsWith('nodegroup-')).map(e => e.nodegroup!)
    )
  ]
  for (const name of nodegroups) {
    const section = `Node group ${name}`
    const of = (e: TimelineEvent) => e.nodegroup === name
    const created = events.find(e => of(e) && e.kind === 'nodegroup-created')
    if (created && !/found \w+ when this run started/.test(created.detail)) {
      const settled =
        after(
          created,
          e => of(e) && e.kind === 'nodegroup-status' && NODEGROUP_END.test(e.detail)
        ) ?? verdict
      add(`Node group ${name} creation`, section, created, settled)
      const asg = after(created, e => of(e) && e.kind === 'asg-created')
      add('Waiting for the Auto Scaling group', section, created, asg)
      const launch = after(created, e => of(e) && e.kind === 'launch-attempt')
      const failure = launch && after(launch, e => of(e) && e.kind === 'launch-failed')
      add('Until first launch', section, asg ?? created, launch)
      if (launch && failure) add('First launch', section, launch, failure)
      if (failure && diagnosis.result === 'failure' && diagnosis.nodegroup === name)
        add('Detection', section, failure, verdict)
    }
    for (const update of events.filter(e => of(e) && e.kind === 'nodegroup-update-started')) {
      const id = update.detail.split(' ').find((_, i, words) => /Update$/.test(words[i - 1] ?? ''))
      const ended =
        after(
          update,
          e => of(e) && e.kind === 'nodegroup-update-ended' && (!id || e.detail.includes(id))
        ) ?? verdict
      add(`Node group ${name} update`, section, update, ended)
      const failure = after(update, e => of(e) && e.kind === 'launch-failed')
      if (
        failure &&
        failure.time <= ended.time &&
        diagnosis.nodegroup === name &&
        diagnosis.result === 'failure'
      )
        add('Detection', section, failure, verdict)
    }
  }

  for (const created of events.filter(e => e.kind === 'addon-created')) {
    const name = created.addon ?? ''
    const settled =
      after(
        created,
        e => e.addon === name && e.kind === 'addon-status' && ADDON_END.test(e.detail)
      ) ?? verdict
    add(`Add-on ${name}`, 'Add-ons', created, settled)
  }
  return result.filter(p => p.end >= p.start)
}
