/**
 * The key, role and statements the key policy write tests share: a key of account 111122223333,
 * its root statement, another team's statement (which a write must never lose), and the text KMS
 * would return for a list of statements.
 */
import { jest } from '@jest/globals'
import { requirements } from '../../src/kms/requirements.js'

export const KEY = 'arn:aws:kms:us-east-1:111122223333:key/k1'
export const ROLE =
  'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'
export const ROOT = {
  Sid: 'Root',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111122223333:root' },
  Action: 'kms:*',
  Resource: '*'
}
export const OTHER = {
  Sid: 'OtherTeam',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111122223333:role/other' },
  Action: 'kms:Decrypt',
  Resource: '*'
}

/** The statements the Auto Scaling role needs, in the run's Region and account. */
export const needed = requirements({
  autoscalingRoleArn: ROLE,
  region: 'us-east-1',
  account: '111122223333'
})

/** A key policy's text as GetKeyPolicy returns it. */
export const policy = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements })

/** The Sids of a policy text, in order. */
export const sids = (text: string) =>
  (JSON.parse(text).Statement as { Sid?: string }[]).map(s => s.Sid)

/** A write that gets no answer: the request may or may not have reached KMS. */
export const timeout = () =>
  Object.assign(new Error('Connection timed out after 2000 ms'), { name: 'TimeoutError' })

/** A patch's options with a sleep that returns at once and a log to inspect. */
export function patchOptions(extra = {}) {
  return {
    dryRun: false,
    sleep: jest.fn(async (_ms: number) => {}),
    log: jest.fn((_line: string) => {}),
    ...extra
  }
}
