/** The run's setup, before any wait: who we are, the cluster, the Auto Scaling role, and the keys named in the inputs. */
import { resolveAutoscalingRole } from '../aws/role.js'
import { INPUT_NODEGROUP } from '../model/index.js'
import { AddonReads } from '../watch/addons.js'
import { describeCluster, readAddons } from './cluster-facts.js'
import type { GuardRun } from './context.js'
import { callerIdentity, ensureRole } from './identity.js'

export async function prepare(run: GuardRun): Promise<void> {
  const { config, deps, facts } = run
  const { clients, timeline, log } = deps
  facts.identity = await callerIdentity(clients.sts)
  timeline.add(
    'action',
    'started',
    `${config.mode} of cluster ${config.clusterName} in ${config.region}`
  )
  await describeCluster(run)
  if (facts.clusterState === 'missing' && !deps.command) return
  facts.addonReads = new AddonReads(clients.eks, timeline, {
    clusterName: config.clusterName,
    signal: deps.signal,
    now: () => deps.clock.now()
  })
  // Pre-flight: add-on versions against the cluster's version (and its target) before any wait.
  if (facts.clusterState === 'found') await readAddons(run)
  facts.role = await resolveAutoscalingRole(clients.iam, {
    input: config.autoscalingRoleArn,
    partition: facts.identity.partition,
    account: facts.identity.account
  })
  if (facts.role.note) log.warning(facts.role.note)
  // Only the default role is ours to create; a custom-suffix one named by the input is said.
  if (facts.role.exists === false && facts.role.source !== 'input') {
    const ensured = await ensureRole(clients.iam, config, facts.role, timeline, log)
    facts.role = ensured.role
    facts.roleCreated = ensured.created
  } else
    timeline.add(
      'iam',
      'role-found',
      `Auto Scaling service-linked role ${facts.role.arn} (${facts.role.source})`
    )
  for (const reference of config.kmsKeyIds) {
    await run.registry.check(
      {
        nodegroup: INPUT_NODEGROUP,
        reference,
        source: 'input',
        why: 'named in the kms-key-ids input'
      },
      facts.role.arn
    )
  }
}
