/** Builders of the verdict's plain-data inputs, shared by the verdict's unit tests. */
import {
  newNodegroupState,
  type ActivityRecord,
  type KeyRecord,
  type NodegroupState,
  type Observation,
  type RootCause
} from '../../src/model/index.js'
import { classifyMessage } from '../../src/model/index.js'

export const T0 = Date.parse('2026-11-24T12:00:00Z')
export const KMS =
  'Instance became unhealthy while waiting for instance to be in InService state. Termination Reason: Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state'
export const OLD_KMS = 'Client.InternalError: Client error on launch'
export const CAPACITY =
  'We currently do not have sufficient t4g.medium capacity in the Availability Zone you requested (us-east-1a). InsufficientInstanceCapacity'

let activityCounter = 0

export function activity(
  message: string,
  startOffsetMs: number,
  statusCode = 'Cancelled',
  asg = 'asg-1'
): ActivityRecord {
  const classification = classifyMessage(message)
  return {
    id: `a-${++activityCounter}`,
    asg,
    nodegroup: 'ng',
    start: new Date(T0 + startOffsetMs),
    end: new Date(T0 + startOffsetMs + 5_000),
    statusCode,
    statusMessage: message,
    description: 'Launching a new EC2 instance',
    pattern: statusCode === 'Successful' ? undefined : classification?.pattern,
    code: statusCode === 'Successful' ? undefined : classification?.code
  }
}

export function nodegroup(
  status: string,
  activities: ActivityRecord[] = [],
  extra: Partial<NodegroupState> = {}
): NodegroupState {
  return {
    ...newNodegroupState('ng', true),
    exists: true,
    status,
    firstSeenStatus: 'CREATING',
    createdAt: new Date(T0 - 60_000),
    asgNames: ['asg-1'],
    asgs: new Map([
      [
        'asg-1',
        {
          AutoScalingGroupName: 'asg-1',
          DesiredCapacity: 2,
          Instances: [
            { LifecycleState: 'InService' },
            { LifecycleState: status === 'ACTIVE' ? 'InService' : 'Pending' }
          ]
        } as never
      ]
    ]),
    activities: new Map(activities.map(a => [a.id, a])),
    ...extra
  }
}

export function key(causes: RootCause[], extra: Partial<KeyRecord> = {}): KeyRecord {
  const id = extra.id ?? 'arn:aws:kms:us-east-1:111122223333:key/k1'
  return {
    id,
    facts: { reference: id, found: true, arn: id, grants: [] },
    assessment: {
      facts: { reference: id, found: true, grants: [] },
      causes,
      statuses: [],
      orphans: [],
      grantCovers: false,
      crossAccount: false,
      ruledOut: [],
      openQuestions: []
    },
    uses: [{ nodegroup: 'ng', reference: id, source: 'launch-template', why: 'test' }],
    roleArn:
      'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
    context: {
      callerAccount: '111122223333',
      region: 'us-east-1',
      autoscalingRoleArn: 'role',
      autoscalingRoleExists: true
    },
    secretsKey: false,
    ...extra
  }
}

export function observe(extra: Partial<Observation> = {}): Observation {
  return {
    now: T0 + 120_000,
    startedAt: T0,
    clusterName: 'prod',
    region: 'us-east-1',
    cluster: 'found',
    nodegroups: [],
    keys: [],
    keyWorkPending: [],
    propagationGraceMs: 60_000,
    timeoutMs: 3_600_000,
    ...extra
  }
}
