/**
 * verify and deploy: resolve who we are and which role Auto Scaling uses, then watch the node
 * groups while their keys are discovered, checked and (deploy) fixed, until the one verdict.
 * This module wires the run's parts; each phase lives in its own module.
 */
import { isTransient, PermissionError } from '../aws/errors.js'
import type { Config } from '../inputs.js'
import { writeMode } from '../kms/plan.js'
import { KeyRegistry } from '../kms/registry.js'
import {
  nextTemplates,
  type GuardOutcome,
  type NodegroupState,
  type Verdict
} from '../model/index.js'
import { runError, stoppedBy } from '../watch/loop.js'
import type { GuardDeps, GuardRun, RunFacts } from './context.js'
import { KmsEvidence } from './evidence.js'
import { KeyWork } from './key-work.js'
import { launcherWatch } from './launchers.js'
import { decide } from './observation.js'
import { outcome } from './outcome.js'
import { prepare } from './prepare.js'
import { watch } from './watch.js'

/**
 * The node group's keys; during an update also those of the launch template version it moves
 * to (from the update's params), before the Auto Scaling group launches a single surge instance.
 */
async function checkKeys(registry: KeyRegistry, state: NodegroupState): Promise<void> {
  await registry.checkNodegroup(state)
  for (const next of nextTemplates(state))
    await registry.checkNodegroup({ ...state, launchTemplate: next, asgNames: [] })
}

export class Guard {
  private readonly parts: GuardRun

  constructor(config: Config, deps: GuardDeps) {
    const facts: RunFacts = {
      identity: { account: '', partition: 'aws', arn: '' },
      role: { arn: '', exists: 'unknown', source: 'expected' },
      roleCreated: false,
      clusterState: 'unknown',
      clusterUpdatesRead: false
    }
    const startedAt = deps.clock.now()
    const launchers = launcherWatch(config, deps, () => facts.identity.account)
    const registry = new KeyRegistry({
      kms: deps.clients.kms,
      ec2: deps.clients.ec2,
      clock: deps.clock,
      log: deps.log,
      timeline: deps.timeline,
      signal: deps.signal,
      region: config.region,
      permission: config,
      roleInput: config.autoscalingRoleArn,
      identity: () => facts.identity,
      role: () => facts.role,
      roleJustCreated: () => facts.roleCreated,
      cluster: () => facts.cluster
    })
    // Throttling or a 5xx in key work is retried at the next poll; AccessDenied ends the run.
    const work = new KeyWork(
      state => checkKeys(registry, state),
      error => !(error instanceof PermissionError) && isTransient(error)
    )
    const evidence = new KmsEvidence(registry, work, () => writeMode(config) !== 'none')
    this.parts = { config, deps, startedAt, facts, registry, work, evidence, launchers }
  }

  async run(): Promise<GuardOutcome> {
    const run = this.parts
    let verdict: Verdict
    try {
      await prepare(run)
      verdict = await watch(run)
    } catch (error) {
      // A call cut short by the runner's cancel or the deadline before the watch began is that
      // cancel or deadline, as in the watch loop, never an AWS failure of its own.
      const signal = run.deps.signal
      verdict = decide(run, {
        ...stoppedBy(signal),
        error: signal?.aborted ? undefined : runError(error)
      })!
    }
    await run.work.settled()
    return outcome(run, verdict)
  }
}
