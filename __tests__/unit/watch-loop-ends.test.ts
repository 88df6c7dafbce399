/**
 * How the watch loop ends: the flags the verdict is asked with when the run is cancelled, reaches
 * its deadline or hits an error that is not AWS pushing back, and the verdict of last resort the
 * loop returns when the verdict has no answer for them.
 */
import { describe, expect, it } from '@jest/globals'
import { ExpiredCredentialsError, PermissionError } from '../../src/aws/errors.js'
import type { Clock } from '../../src/clock.js'
import { runError, watchUntilVerdict, type DecideFlags } from '../../src/watch/loop.js'

function clockAt(start = 0): Clock {
  let now = start
  return {
    now: () => now,
    sleep: async ms => {
      now += ms
    }
  }
}

/** Runs the loop with a verdict that never answers, and returns every flag set it was asked with. */
async function endOf(options: {
  signal?: AbortSignal
  deadline?: number
  poll?: () => Promise<{ throttled: boolean }>
}) {
  const asked: DecideFlags[] = []
  let polls = 0
  const verdict = await watchUntilVerdict({
    clock: clockAt(),
    pollIntervalMs: 1_000,
    deadline: options.deadline ?? 10_000,
    signal: options.signal,
    random: () => 0.5,
    poll:
      options.poll ??
      (async () => {
        polls++
        return { throttled: false }
      }),
    decide: flags => {
      asked.push(flags)
      return undefined
    },
    warn: () => {}
  })
  return { verdict, asked, polls }
}

describe('why an error ended the run', () => {
  it('names expired credentials, a refused permission, and anything else as unexpected', () => {
    const expired = new ExpiredCredentialsError('DescribeNodegroup', new Error('token expired'))
    expect(runError(expired)).toEqual({ kind: 'credentials', message: expired.message })
    expect(expired.message).toContain('raise role-duration-seconds')
    const refused = new PermissionError(
      'eks:DescribeNodegroup',
      'arn:aws:eks:::nodegroup/x',
      new Error('no')
    )
    expect(runError(refused)).toMatchObject({
      kind: 'permission',
      action: 'eks:DescribeNodegroup',
      resource: 'arn:aws:eks:::nodegroup/x'
    })
    expect(runError(new Error('socket hang up'))).toEqual({
      kind: 'unexpected',
      message: 'socket hang up'
    })
  })
})

describe('the end of the watch', () => {
  it('a cancelled run is not polled again, is asked as cancelled (not as out of time) and ends cancelled', async () => {
    const controller = new AbortController()
    controller.abort('cancelled by the runner')
    const { verdict, asked, polls } = await endOf({ signal: controller.signal })
    expect(polls).toBe(0)
    expect(asked).toEqual([{ cancelled: true, deadlineReached: false, error: undefined }])
    expect(verdict).toMatchObject({
      result: 'timeout',
      cancelled: true,
      message: 'The watch ended without a verdict.'
    })
  })

  it("the job's own timeout (an abort whose reason is 'timeout') is the deadline, not a cancellation", async () => {
    const controller = new AbortController()
    controller.abort('timeout')
    const { verdict, asked } = await endOf({ signal: controller.signal })
    expect(asked).toEqual([{ cancelled: false, deadlineReached: true, error: undefined }])
    expect(verdict).toMatchObject({ result: 'timeout', cancelled: false })
  })

  it('the deadline ends the watch after the poll that reaches it, asked as out of time', async () => {
    const { asked, polls } = await endOf({ deadline: 3_000 })
    expect(polls).toBe(4)
    expect(asked.at(-1)).toEqual({ cancelled: false, deadlineReached: true, error: undefined })
    expect(asked.slice(0, -1).every(f => !f.deadlineReached && !f.cancelled)).toBe(true)
  })

  it('an error that is not throttling ends the watch with its message', async () => {
    const { verdict, asked } = await endOf({
      poll: async () => {
        throw new ExpiredCredentialsError('DescribeNodegroup', new Error('expired'))
      }
    })
    expect(asked).toHaveLength(1)
    expect(asked[0].error?.kind).toBe('credentials')
    expect(verdict.message).toContain('The AWS credentials expired while calling DescribeNodegroup')
  })

  it('a call cut short by our own cancellation is not reported as an AWS failure', async () => {
    const controller = new AbortController()
    const { verdict, asked } = await endOf({
      signal: controller.signal,
      poll: async () => {
        controller.abort('cancelled by the runner')
        throw new Error('Request aborted')
      }
    })
    expect(asked).toEqual([{ cancelled: true, deadlineReached: false, error: undefined }])
    expect(verdict.message).toBe('The watch ended without a verdict.')
  })
})
