import { AutoScalingClient } from '@aws-sdk/client-auto-scaling'
import { EC2Client } from '@aws-sdk/client-ec2'
import { EKSClient } from '@aws-sdk/client-eks'
import { IAMClient } from '@aws-sdk/client-iam'
import { KMSClient } from '@aws-sdk/client-kms'
import { STSClient } from '@aws-sdk/client-sts'

/** The AWS clients the action uses, built in one place so tests and the runner agree on settings. */
export interface AwsClients {
  kms: KMSClient
  eks: EKSClient
  autoscaling: AutoScalingClient
  ec2: EC2Client
  iam: IAMClient
  sts: STSClient
}

export const USER_AGENT = 'eks-kms-guard'

/**
 * Standard retry mode: the SDK retries throttling, 5xx and network errors with jittered
 * exponential backoff, and never AccessDenied or validation errors. The watch loop adds its own
 * slow-down on top; adaptive mode's client-side rate limiter would stall a loop that polls every
 * few seconds for tens of seconds after a burst. No endpoint is set here, so the SDK's own
 * `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` apply.
 */
export interface ClientOptions {
  /** A request that takes longer is abandoned and retried (a hung connection must not hang the run). */
  requestTimeoutMs?: number
}

/**
 * On Node < 22 the SDK prints a NodeVersionSupportWarning: its releases after early January 2027
 * will need Node 22. The SDK bundled here supports Node 20, which package.json's `engines` still
 * includes (a unit test fails when an upgraded dependency no longer supports every runtime
 * `engines` admits), so on a supported runtime that notice is noise for the user. The SDK's own
 * switch turns it off; a value the user set is kept.
 */
export function quietSdkRuntimeNotice(
  env: NodeJS.ProcessEnv = process.env,
  nodeVersion = process.versions.node
): void {
  if (Number(nodeVersion.split('.')[0]) >= 20)
    env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
}

export function createClients(region: string, options: ClientOptions = {}): AwsClients {
  quietSdkRuntimeNotice()
  const config = {
    region,
    retryMode: 'standard',
    maxAttempts: 6,
    customUserAgent: USER_AGENT,
    // Without throwOnRequestTimeout the SDK only logs a warning and keeps waiting.
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      connectionTimeout: 5_000,
      throwOnRequestTimeout: true
    }
  } as const
  return {
    kms: new KMSClient(config),
    eks: new EKSClient(config),
    autoscaling: new AutoScalingClient(config),
    ec2: new EC2Client(config),
    iam: new IAMClient(config),
    sts: new STSClient(config)
  }
}

export function destroyClients(clients: AwsClients): void {
  for (const client of Object.values(clients)) client.destroy()
}
