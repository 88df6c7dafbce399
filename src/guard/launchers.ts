/** The launchers' watch (Karpenter, EKS Auto Mode) as a run of verify or deploy sets it up. */
import type { Config } from '../inputs.js'
import { LauncherWatch } from '../launchers/watch.js'
import type { GuardDeps } from './context.js'

export function launcherWatch(
  config: Config,
  deps: GuardDeps,
  account: () => string
): LauncherWatch {
  const { clients } = deps
  return new LauncherWatch({
    kms: clients.kms,
    iam: clients.iam,
    ec2: clients.ec2,
    eks: clients.eks,
    clock: deps.clock,
    log: deps.log,
    timeline: deps.timeline,
    signal: deps.signal,
    region: config.region,
    account,
    permission: config,
    clusterName: config.clusterName,
    karpenterRoleArn: config.karpenterRoleArn,
    kmsKeyIds: config.kmsKeyIds
  })
}
