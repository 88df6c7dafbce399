/**
 * The one PutKeyPolicy call and the text it sends: what is retried (only a role KMS cannot see
 * yet, only right after creating it), how each of KMS's refusals is told apart, which failures may
 * still have landed, and the diff and bytes a reviewer and the quota see.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms'
import { mockClient } from 'aws-sdk-client-mock'
import { ExpiredCredentialsError, PermissionError } from '../../src/aws/errors.js'
import { mayHaveLanded, putWithRetry, RefusedByKms } from '../../src/kms/put-policy.js'
import { policyDiff, policyToSend, POLICY_SIZE_LIMIT } from '../../src/kms/policy-text.js'
import type { KeyPolicy } from '../../src/model/index.js'

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/k1'
const kms = mockClient(KMSClient)
const client = () => new KMSClient({ region: 'us-east-1' })
const named = (name: string, message: string) => Object.assign(new Error(message), { name })
const invalidPrincipal = () =>
  named(
    'MalformedPolicyDocumentException',
    'Policy contains a statement with one or more invalid principals.'
  )

function options(extra = {}) {
  return {
    sleep: jest.fn(async (_ms: number) => {}),
    log: jest.fn((_line: string) => {}),
    ...extra
  }
}

beforeEach(() => {
  kms.reset()
})

describe('putWithRetry', () => {
  it('sends the text as the default policy of the key, without bypassing the lockout check', async () => {
    kms.on(PutKeyPolicyCommand).resolves({})
    await putWithRetry(client(), KEY, '{"text":1}', options())
    const calls = kms.commandCalls(PutKeyPolicyCommand)
    expect(calls).toHaveLength(1)
    expect(calls[0].args[0].input).toEqual({
      KeyId: KEY,
      PolicyName: 'default',
      Policy: '{"text":1}'
    })
  })

  it('right after creating the role, tries seven times in all by default, then refuses', async () => {
    kms.on(PutKeyPolicyCommand).rejects(invalidPrincipal())
    const opts = options({ roleJustCreated: true })
    const error = await putWithRetry(client(), KEY, '{}', opts).catch(e => e)
    expect(error).toBeInstanceOf(RefusedByKms)
    expect(error.refusal).toBe('invalid-principal')
    expect(error.message).toBe(
      `KMS rejected the patched policy of ${KEY} because a principal does not exist: Policy contains a statement with one or more invalid principals.`
    )
    expect(kms.commandCalls(PutKeyPolicyCommand)).toHaveLength(7)
    expect(opts.sleep).toHaveBeenCalledTimes(6)
  })

  it('principal-retries sets how many times it waits; the waits double from 2 s, with jitter', async () => {
    kms.on(PutKeyPolicyCommand).rejects(invalidPrincipal())
    const opts = options({ roleJustCreated: true, principalRetries: 2 })
    await expect(putWithRetry(client(), KEY, '{}', opts)).rejects.toBeInstanceOf(RefusedByKms)
    expect(kms.commandCalls(PutKeyPolicyCommand)).toHaveLength(3)
    const waits = opts.sleep.mock.calls.map(([ms]) => ms)
    expect(waits).toHaveLength(2)
    expect(waits[0]).toBeGreaterThanOrEqual(1800)
    expect(waits[0]).toBeLessThanOrEqual(2200)
    expect(waits[1]).toBeGreaterThanOrEqual(3600)
    expect(waits[1]).toBeLessThanOrEqual(4400)
    // Each wait is said, in seconds, with KMS's words.
    expect(opts.log).toHaveBeenCalledTimes(2)
    expect(opts.log.mock.calls[0][0]).toMatch(
      /^KMS does not see the new service-linked role yet \(Policy contains a statement with one or more invalid principals\.\); retrying in (1\.[89]|2\.[0-2])s\.$/
    )
  })

  it('retries nothing but "invalid principals", and only right after creating the role', async () => {
    kms.on(PutKeyPolicyCommand).rejects(invalidPrincipal())
    const notJustCreated = options({ principalRetries: 3 })
    await expect(putWithRetry(client(), KEY, '{}', notJustCreated)).rejects.toMatchObject({
      refusal: 'invalid-principal'
    })
    expect(notJustCreated.sleep).not.toHaveBeenCalled()

    // The same words under another error name, and another malformed-document reason, are not waited out.
    for (const error of [
      named('ValidationException', 'one or more invalid principals'),
      named('MalformedPolicyDocumentException', 'The policy is not valid JSON.')
    ]) {
      kms.reset()
      kms.on(PutKeyPolicyCommand).rejects(error)
      const opts = options({ roleJustCreated: true })
      const thrown = await putWithRetry(client(), KEY, '{}', opts).catch(e => e)
      expect(kms.commandCalls(PutKeyPolicyCommand)).toHaveLength(1)
      expect(opts.sleep).not.toHaveBeenCalled()
      // Neither is a refusal we name: the error goes up as AWS gave it.
      expect(thrown).not.toBeInstanceOf(RefusedByKms)
      expect(thrown.message).toBe(error.message)
    }
  })

  it('a role that becomes visible on the third try is written, after two waits', async () => {
    let attempts = 0
    kms.on(PutKeyPolicyCommand).callsFake(() => {
      if (++attempts < 3) throw invalidPrincipal()
      return {}
    })
    const opts = options({ roleJustCreated: true })
    await putWithRetry(client(), KEY, '{}', opts)
    expect(attempts).toBe(3)
    expect(opts.sleep).toHaveBeenCalledTimes(2)
  })

  it('names the lockout check and the size quota as refusals, with what KMS said', async () => {
    kms
      .on(PutKeyPolicyCommand)
      .rejects(
        named(
          'MalformedPolicyDocumentException',
          'The new key policy will not allow you to update the key policy in the future.'
        )
      )
    await expect(putWithRetry(client(), KEY, '{}', options())).rejects.toMatchObject({
      refusal: 'lockout',
      message: `KMS's lockout safety check rejected the patched policy of ${KEY}: The new key policy will not allow you to update the key policy in the future.`
    })
    kms.reset()
    kms.on(PutKeyPolicyCommand).rejects(named('LimitExceededException', 'Policy too large'))
    await expect(putWithRetry(client(), KEY, '{}', options())).rejects.toMatchObject({
      refusal: 'too-large',
      message: `KMS rejected the patched policy of ${KEY} as too large: Policy too large`
    })
  })

  it('an AccessDenied becomes a PermissionError naming kms:PutKeyPolicy and the key', async () => {
    kms
      .on(PutKeyPolicyCommand)
      .rejects(named('AccessDeniedException', 'User is not authorized to perform this'))
    const error = await putWithRetry(client(), KEY, '{}', options()).catch(e => e)
    expect(error).toBeInstanceOf(PermissionError)
    expect(error.message).toContain(`Access denied for kms:PutKeyPolicy on ${KEY}`)
  })
})

describe('mayHaveLanded', () => {
  it('a timeout, a reset or a server error may have reached KMS', () => {
    for (const error of [
      named('TimeoutError', 'Connection timed out after 2000 ms'),
      named('AbortError', 'Request aborted'),
      named('RequestTimeoutException', 'took too long'),
      named('Error', 'read ECONNRESET'),
      named('Error', 'write EPIPE'),
      named('Error', 'socket hang up'),
      named('Error', 'connect ETIMEDOUT 10.0.0.1:443'),
      named('KMSInternalException', 'internal'),
      Object.assign(named('UnknownError', 'no body'), { $metadata: { httpStatusCode: 503 } })
    ])
      expect([error.name, mayHaveLanded(error)]).toEqual([error.name, true])
  })

  it('an answer from KMS, a missing permission or expired credentials means nothing landed', () => {
    for (const error of [
      named('MalformedPolicyDocumentException', 'The policy is not valid JSON.'),
      named('NotFoundException', 'Key does not exist'),
      new Error('plain failure')
    ])
      expect([error.message, mayHaveLanded(error)]).toEqual([error.message, false])
  })

  it('a refusal never counts as landed, whatever words its message carries', () => {
    const words = 'socket hang up; ThrottlingException; ECONNRESET'
    expect(mayHaveLanded(new RefusedByKms(words, 'lockout'))).toBe(false)
    expect(
      mayHaveLanded(new PermissionError('kms:PutKeyPolicy', KEY, named('AccessDenied', words)))
    ).toBe(false)
    expect(
      mayHaveLanded(new ExpiredCredentialsError('kms:PutKeyPolicy', named('ExpiredToken', words)))
    ).toBe(false)
  })
})

describe('policyDiff', () => {
  const lines = (n: number, changed = -1) =>
    Array.from({ length: n }, (_, i) => (i === changed ? `  "line${i}": "new"` : `  "line${i}": 1`))

  it('names both sides by the key, and shows three lines of context around a change', () => {
    const before = lines(20).join('\n')
    const after = lines(20, 10).join('\n')
    const diff = policyDiff(KEY, before, after)
    expect(diff).toContain(`--- ${KEY} (current)\n+++ ${KEY} (patched)\n`)
    expect(diff).toContain('@@ -8,7 +8,7 @@')
    expect(diff).toContain('-  "line10": 1\n+  "line10": "new"\n')
    expect(diff).not.toContain('line6')
    expect(diff).toContain('  "line7": 1')
    expect(diff).toContain('  "line13": 1')
    expect(diff).not.toContain('line14')
  })

  it('a policy read without a final newline does not show as a change of its last line', () => {
    const before = lines(3).join('\n')
    for (const current of [before, before + '\n']) {
      const diff = policyDiff(KEY, current, before)
      expect(diff).not.toContain('No newline')
      expect(diff).not.toMatch(/^[-+] /m)
    }
  })
})

describe('policyToSend', () => {
  const statementOfSize = (bytes: number): KeyPolicy => ({
    Version: '2012-10-17',
    Statement: [{ Sid: 'x'.repeat(bytes), Effect: 'Allow', Action: 'kms:*', Resource: '*' }]
  })

  it('sends our layout while it fits, up to the quota’s last byte', () => {
    const policy = statementOfSize(10)
    for (const size of [100, POLICY_SIZE_LIMIT]) {
      const pretty = ' '.repeat(size - 2) + '{}'
      expect(policyToSend(policy, pretty)).toEqual({ text: pretty, size })
    }
  })

  it('one byte over, sends the same policy compact and counts its bytes (UTF-8, not characters)', () => {
    const policy: KeyPolicy = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'Ünïcödé', Effect: 'Allow', Action: 'kms:*', Resource: '*' }]
    }
    const pretty = ' '.repeat(POLICY_SIZE_LIMIT + 1)
    const sent = policyToSend(policy, pretty)
    expect(JSON.parse(sent.text)).toEqual(policy)
    expect(sent.text).not.toMatch(/\s/)
    expect(sent.size).toBe(Buffer.byteLength(sent.text, 'utf8'))
    expect(sent.size).toBeGreaterThan(sent.text.length)
  })

  it('a pretty text of multi-byte characters is measured in bytes against the quota', () => {
    const policy = statementOfSize(10)
    // 16,385 two-byte characters: under the quota in characters, over it in bytes.
    const pretty = 'é'.repeat(POLICY_SIZE_LIMIT / 2 + 1)
    expect(policyToSend(policy, pretty).text).toBe(JSON.stringify(policy))
  })
})
