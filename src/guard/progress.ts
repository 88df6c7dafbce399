/** The progress line the log gets between polls. */
import { FAILED_ACTIVITY, type NodegroupState } from '../model/index.js'

export function progressLine(
  states: NodegroupState[],
  cluster: 'found' | 'missing' | 'unknown',
  clusterName: string,
  /** How a named node group that does not exist yet is waited for. */
  waiting?: (state: NodegroupState) => string
): string {
  const parts = states.map(s => {
    if (!s.exists) return waiting ? waiting(s) : `${s.name}: not created yet`
    const activities = [...s.activities.values()]
    const failed = activities.filter(a => FAILED_ACTIVITY.has(a.statusCode)).length
    const group = s.asgNames.map(n => s.asgs.get(n)).find(Boolean)
    const inService = group
      ? `${(group.Instances ?? []).filter(i => i.LifecycleState === 'InService').length}/${group.DesiredCapacity ?? 0} in service`
      : 'no Auto Scaling group yet'
    return `${s.name}: ${s.selfManaged ? 'self-managed Auto Scaling group' : s.status}, ${inService}, ${activities.length} launch activities (${failed} failed)`
  })
  if (parts.length > 0) return parts.join(' | ')
  return cluster === 'found' ? 'waiting for node groups' : `waiting for cluster ${clusterName}`
}

export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`
}

/**
 * Logs the progress line with the time since the run started: a line that did not change is
 * repeated once a minute at most.
 */
export function progressLog(
  info: (line: string) => void,
  startedAt: number
): (line: string, now: number) => void {
  let last = { line: '', at: 0 }
  return (line, now) => {
    if (line === last.line && now - last.at < 60_000) return
    last = { line, at: now }
    info(`[${formatElapsed(now - startedAt)}] ${line}`)
  }
}
