/**
 * The rounds of a key policy write, each against a mocked KMS with the other writer or the lost
 * answer placed exactly: what the outcome says (status, statements added, rounds, other writers,
 * the message a reviewer reads) when the policy moves under us, a write's fate is unclear, or the
 * merge would lose a statement.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  GetKeyPolicyCommand,
  KMSClient,
  PutKeyPolicyCommand,
  type PutKeyPolicyCommandInput
} from '@aws-sdk/client-kms'
import { mockClient } from 'aws-sdk-client-mock'
import { checkRequirements } from '../../src/kms/requirements.js'
import { mergeMissing as realMerge } from '../../src/kms/merge.js'
import { POLICY_SIZE_LIMIT } from '../../src/kms/policy-text.js'
import type { KeyPolicy } from '../../src/model/index.js'
import {
  KEY,
  needed,
  OTHER,
  patchOptions,
  policy,
  ROOT,
  sids,
  timeout
} from '../support/key-policy-writes.js'

/** The merge as it is, unless a test makes it lose the first statement of what it was given. */
let mergeLosesFirst = false
jest.unstable_mockModule('../../src/kms/merge.js', () => ({
  mergeMissing: (...args: Parameters<typeof realMerge>) => {
    const result = realMerge(...args)
    if (!mergeLosesFirst) return result
    const lost = { ...result.policy, Statement: result.policy.Statement.slice(1) }
    return { ...result, policy: lost, text: JSON.stringify(lost, null, 2) }
  }
}))
const { patchKeyPolicy } = await import('../../src/kms/patch-rounds.js')
const { patchKeyPolicySafely } = await import('../../src/kms/patch.js')

const USE = 'EksKmsGuardAutoScalingUse'
const GRANTS = 'EksKmsGuardAutoScalingGrants'
const ADDED = `Added ${USE}, ${GRANTS} to the key policy of ${KEY}.`
const without = (text: string, sid: string) => {
  const doc = JSON.parse(text)
  return JSON.stringify({
    ...doc,
    Statement: doc.Statement.filter((s: { Sid?: string }) => s.Sid !== sid)
  })
}

const kms = mockClient(KMSClient)
const client = () => new KMSClient({ region: 'us-east-1' })

const options = patchOptions

/**
 * KMS as a store whose reads and writes can be intercepted: `onRead(n, current)` may replace the
 * policy before read n (1-based) is answered, `onPut(n, sent)` decides what the store holds after
 * write n (or throws).
 */
function store(
  initial: string,
  hooks: {
    onRead?: (n: number, current: string) => string | undefined
    onPut?: (n: number, sent: string) => string
  } = {}
) {
  const state = { current: initial, reads: 0, puts: 0 }
  kms.on(GetKeyPolicyCommand).callsFake(() => {
    state.reads++
    state.current = hooks.onRead?.(state.reads, state.current) ?? state.current
    return { Policy: state.current, PolicyName: 'default' }
  })
  kms.on(PutKeyPolicyCommand).callsFake((input: PutKeyPolicyCommandInput) => {
    state.puts++
    state.current = hooks.onPut
      ? hooks.onPut(state.puts, input.Policy as string)
      : (input.Policy as string)
    return {}
  })
  return state
}

beforeEach(() => {
  kms.reset()
  mergeLosesFirst = false
})

describe('a write with nobody else about', () => {
  it('says exactly what it added, in one round', async () => {
    store(policy(ROOT))
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options())
    expect(outcome).toMatchObject({
      status: 'written',
      message: ADDED,
      rounds: 1,
      concurrentWrites: 0
    })
    expect(outcome.added.map(s => s.Sid)).toEqual([USE, GRANTS])
  })

  it('says a policy that already grants it needs nothing, naming the key', async () => {
    store(policy(ROOT, ...needed.map(r => r.statement)))
    expect(await patchKeyPolicySafely(client(), KEY, needed, options())).toEqual({
      status: 'unchanged',
      added: [],
      message: `Key policy of ${KEY} already grants what Auto Scaling needs; nothing written.`,
      rounds: 1,
      concurrentWrites: 0
    })
  })

  it('a policy that is not JSON is refused with the reason, in the round it was read', async () => {
    store('{ not json')
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options())
    expect(outcome).toMatchObject({ status: 'refused', refusal: 'not-json', rounds: 1, added: [] })
    expect(outcome.message).toMatch(/ Nothing was written\.$/)
  })

  it('names the orphaned principal ids it cannot write around', async () => {
    store(policy(ROOT, { ...OTHER, Principal: { AWS: 'AROAEXAMPLEID123456789' } }))
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options())
    expect(outcome.message).toBe(
      `The key policy of ${KEY} names deleted principals by unique id (AROAEXAMPLEID123456789); KMS rejects any update of it until they are removed or replaced by ARNs. Nothing was written.`
    )
  })
})

describe('the size quota', () => {
  /** A policy whose patched form, compact, is `target` bytes. */
  function patchedOf(target: number): string {
    const padded = (n: number): KeyPolicy => ({
      Version: '2012-10-17',
      Statement: [ROOT, { ...OTHER, Sid: 'x'.repeat(n) }]
    })
    const size = (n: number) => {
      const doc = padded(n)
      return Buffer.byteLength(
        JSON.stringify(realMerge(doc, checkRequirements(doc, KEY, needed)).policy)
      )
    }
    const n = target - size(0)
    expect(size(n)).toBe(target)
    return JSON.stringify(padded(n))
  }

  it('a patched policy of exactly 32,768 bytes is written; one byte more is refused, unsent', async () => {
    const fits = store(patchedOf(POLICY_SIZE_LIMIT))
    expect((await patchKeyPolicySafely(client(), KEY, needed, options())).status).toBe('written')
    expect(fits.puts).toBe(1)

    kms.reset()
    const over = store(patchedOf(POLICY_SIZE_LIMIT + 1))
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options())
    expect(outcome).toMatchObject({ status: 'refused', refusal: 'too-large' })
    expect(outcome.message).toBe(
      `The patched key policy of ${KEY} would be ${POLICY_SIZE_LIMIT + 1} bytes even without indentation, over the ${POLICY_SIZE_LIMIT}-byte key policy quota; create a grant for the Auto Scaling role instead. Nothing was written.`
    )
    expect(over.puts).toBe(0)
  })
})

describe('another writer', () => {
  it('between our reads: named by what it added and dropped, Sid-less statements included', async () => {
    const log = jest.fn((_: string) => {})
    const anonymous = { ...OTHER, Sid: undefined, Action: 'kms:Encrypt' }
    // Read 2 is the re-read just before writing: the other writer swapped OtherTeam for its own.
    store(policy(ROOT, OTHER), { onRead: n => (n === 2 ? policy(ROOT, anonymous) : undefined) })
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options({ log }))
    const note = `The key policy of ${KEY} changed between two of our reads (another writer added (no Sid) and dropped OtherTeam); merged again instead of overwriting it.`
    expect(log).toHaveBeenCalledWith(note)
    expect(outcome).toMatchObject({ status: 'written', rounds: 2, concurrentWrites: 1 })
    expect(outcome.message).toBe(`${ADDED} ${note}`)
  })

  it('between our reads, with a text that changed but no statement: said without a list', async () => {
    const log = jest.fn((_: string) => {})
    store(policy(ROOT), {
      onRead: (n, current) => (n === 2 ? JSON.stringify(JSON.parse(current), null, 4) : undefined)
    })
    await patchKeyPolicySafely(client(), KEY, needed, options({ log }))
    expect(log).toHaveBeenCalledWith(
      `The key policy of ${KEY} changed between two of our reads; merged again instead of overwriting it.`
    )
  })

  it('right after our write, dropping one of ours: counted, said, and that one written again', async () => {
    const log = jest.fn((_: string) => {})
    const s = store(policy(ROOT), { onPut: (n, sent) => (n === 1 ? without(sent, GRANTS) : sent) })
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options({ log }))
    const note = `Another writer changed the key policy of ${KEY} right after our write and dropped ${GRANTS}; merging with its version.`
    expect(log).toHaveBeenCalledWith(note)
    expect(s.puts).toBe(2)
    expect(sids(s.current)).toEqual(['Root', USE, GRANTS])
    // Each statement is counted once, though it was written twice.
    expect(outcome).toMatchObject({ status: 'written', rounds: 2, concurrentWrites: 1 })
    expect(outcome.added.map(st => st.Sid)).toEqual([USE, GRANTS])
    expect(outcome.message).toBe(`${ADDED} ${note}`)
  })

  it('right after our write, adding its own: named, and ours kept', async () => {
    const log = jest.fn((_: string) => {})
    const s = store(policy(ROOT), {
      onPut: (n, sent) =>
        n === 1
          ? JSON.stringify({
              ...JSON.parse(sent),
              Statement: [...JSON.parse(sent).Statement, OTHER]
            })
          : sent
    })
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options({ log }))
    expect(log).toHaveBeenCalledWith(
      `Another writer changed the key policy of ${KEY} right after our write (it added OtherTeam); merging with its version.`
    )
    expect(outcome).toMatchObject({ status: 'written', rounds: 1, concurrentWrites: 1 })
    expect(sids(s.current)).toEqual(['Root', USE, GRANTS, 'OtherTeam'])
  })

  it('that never stops: refused after the rounds allowed, without overwriting it', async () => {
    let version = 0
    // Every read sees a new statement of the other writer's: the re-read never matches the read.
    const s = store(policy(ROOT), {
      onRead: () => policy(ROOT, { ...OTHER, Sid: `Other${++version}` })
    })
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options())
    expect(outcome).toMatchObject({
      status: 'refused',
      refusal: 'unresolved',
      rounds: 5,
      concurrentWrites: 5,
      added: []
    })
    expect(outcome.message).toMatch(
      new RegExp(
        `^The key policy of ${KEY} kept changing under us \\(5 concurrent writes in 5 rounds\\); stopped without overwriting the other writer\\.( The key policy of .* changed between two of our reads .*){5}$`
      )
    )
    expect(s.reads).toBe(10)
    expect(s.puts).toBe(0)

    kms.reset()
    const two = store(policy(ROOT), {
      onRead: () => policy(ROOT, { ...OTHER, Sid: `Other${++version}` })
    })
    expect(
      await patchKeyPolicy(client(), KEY, needed, { ...options(), maxRounds: 2 })
    ).toMatchObject({
      rounds: 2,
      concurrentWrites: 2
    })
    expect(two.reads).toBe(4)
  })
})

describe('a write whose answer is lost', () => {
  it('that landed: not written again, and the outcome comes from the next round’s read', async () => {
    const s = store(policy(ROOT), {
      onPut: (_, sent) => {
        s.current = sent
        throw timeout()
      }
    })
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options())
    expect(s.puts).toBe(1)
    expect(outcome).toMatchObject({ status: 'written', rounds: 2, concurrentWrites: 0 })
    expect(outcome.message).toBe(
      `Key policy of ${KEY} now grants what Auto Scaling needs. PutKeyPolicy on ${KEY} did not answer (Connection timed out after 2000 ms); the policy read back shows that the write landed.`
    )
  })

  it('that did not land, while another run wrote the same statements: ours is not claimed', async () => {
    const patched = realMerge(
      JSON.parse(policy(ROOT)),
      checkRequirements(JSON.parse(policy(ROOT)), KEY, needed)
    )
    const s = store(policy(ROOT), {
      onPut: () => {
        throw timeout()
      },
      // The read after our lost write shows the other run's identical statements.
      onRead: n => (n === 4 ? patched.text : undefined)
    })
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options())
    expect(s.puts).toBe(1)
    // Losing our statements is not another writer's doing when our own write did not land.
    expect(outcome).toMatchObject({
      status: 'unchanged',
      added: [],
      concurrentWrites: 0,
      rounds: 2
    })
    expect(outcome.message).toMatch(/shows that it did not land\.$/)
  })

  it('that left a read-back that is not JSON: read again, never judged on it', async () => {
    const s = store(policy(ROOT), {
      onPut: (_, sent) => {
        s.current = sent
        throw timeout()
      },
      onRead: n => (n === 3 ? '{ garbled' : undefined)
    })
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options())
    expect(outcome.message).toContain('the policy read back shows that it did not land.')
    expect(outcome).toMatchObject({ rounds: 2 })
    expect(s.puts).toBe(1)
  })

  it('a read-back that is not JSON after an answered write starts another round', async () => {
    const s = store(policy(ROOT), { onRead: n => (n === 3 ? '{ garbled' : undefined) })
    const outcome = await patchKeyPolicySafely(client(), KEY, needed, options())
    // Round 2 reads the garbled text and refuses to write over it.
    expect(outcome).toMatchObject({ status: 'refused', refusal: 'not-json', rounds: 2 })
    expect(outcome.added.map(st => st.Sid)).toEqual([])
    expect(s.puts).toBe(1)
  })
})

describe('what the patch must never do', () => {
  it('a merge that would lose a statement stops the patch before anything is sent', async () => {
    mergeLosesFirst = true
    const s = store(policy(ROOT, OTHER))
    await expect(patchKeyPolicy(client(), KEY, needed, options())).rejects.toThrow(
      `internal: the patched policy of ${KEY} would drop Root; nothing was written.`
    )
    expect(s.puts).toBe(0)
  })

  it('a refusal from KMS becomes an outcome that says nothing was changed', async () => {
    kms.on(GetKeyPolicyCommand).resolves({ Policy: policy(ROOT) })
    kms
      .on(PutKeyPolicyCommand)
      .rejects(Object.assign(new Error('Policy too large'), { name: 'LimitExceededException' }))
    expect(await patchKeyPolicySafely(client(), KEY, needed, options())).toEqual({
      status: 'refused',
      added: [],
      message: `KMS rejected the patched policy of ${KEY} as too large: Policy too large. Nothing was changed.`,
      rounds: 1,
      concurrentWrites: 0,
      refusal: 'too-large'
    })
  })

  it('any other failure of the write goes up as it is', async () => {
    kms.on(GetKeyPolicyCommand).resolves({ Policy: policy(ROOT) })
    kms
      .on(PutKeyPolicyCommand)
      .rejects(Object.assign(new Error('Key is disabled'), { name: 'DisabledException' }))
    await expect(patchKeyPolicySafely(client(), KEY, needed, options())).rejects.toThrow(
      'Key is disabled'
    )
  })
})
