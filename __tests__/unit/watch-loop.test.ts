/**
 * The watch loop's schedule: polls every interval, slower while AWS throttles — but never slower
 * than four intervals, however long the throttling lasts — and back to the interval once it stops.
 */
import { describe, expect, it } from '@jest/globals'
import type { Clock } from '../../src/clock.js'
import { watchUntilVerdict } from '../../src/watch/loop.js'

/** A clock that records every wait the loop asks for and lets it pass at once. */
function recordingClock(): Clock & { waits: number[] } {
  let now = 0
  const waits: number[] = []
  return {
    waits,
    now: () => now,
    sleep: async ms => {
      waits.push(ms)
      now += ms
    }
  }
}

/** Runs the loop for `polls` polls; `throttled(i)` says whether poll i was throttled. */
async function schedule(polls: number, throttled: (poll: number) => boolean, random = 0.5) {
  const clock = recordingClock()
  let poll = 0
  await watchUntilVerdict({
    clock,
    pollIntervalMs: 15_000,
    deadline: Number.MAX_SAFE_INTEGER,
    random: () => random,
    poll: async () => ({ throttled: throttled(poll++) }),
    decide: () =>
      poll >= polls ? { result: 'success', message: 'done', decidedAt: clock.now() } : undefined,
    warn: () => {}
  })
  return clock.waits
}

describe('the watch loop under throttling', () => {
  it('ten throttled polls in a row never wait more than four intervals (60 s at the default 15 s)', async () => {
    const waits = await schedule(11, () => true, 1)
    expect(waits).toHaveLength(10)
    // The largest jitter (+10 %) on the cap.
    expect(Math.max(...waits)).toBeLessThanOrEqual(60_000 * 1.1)
    // It did slow down: the last waits sit at the cap.
    expect(waits.at(-1)).toBeGreaterThanOrEqual(60_000)
  })

  it('a clean run polls every interval (±10 % jitter)', async () => {
    const waits = await schedule(6, () => false, 0.5)
    expect(waits).toEqual([15_000, 15_000, 15_000, 15_000, 15_000])
  })

  it('slows down step by step while throttled and recovers once AWS stops throttling', async () => {
    const waits = await schedule(13, poll => poll < 6, 0.5)
    const steps = waits.map(ms => ms / 15_000)
    // ×1.5 per throttled poll up to ×4 …
    expect(steps.slice(0, 6)).toEqual([1.5, 2.25, 3.375, 4, 4, 4])
    // … then ÷1.5 per clean poll, back to the interval.
    expect(steps.slice(6)).toEqual([4 / 1.5, 4 / 1.5 ** 2, 4 / 1.5 ** 3, 1, 1, 1])
  })

  it('never sleeps past the deadline', async () => {
    const clock = recordingClock()
    await watchUntilVerdict({
      clock,
      pollIntervalMs: 15_000,
      deadline: 20_000,
      random: () => 0.5,
      poll: async () => ({ throttled: true }),
      decide: flags =>
        flags.deadlineReached
          ? { result: 'timeout', message: 'deadline', decidedAt: clock.now() }
          : undefined,
      warn: () => {}
    })
    // A throttled first poll asks for 22.5 s; the deadline is 20 s away, so it waits 20 s and stops.
    expect(clock.waits).toEqual([20_000])
    expect(clock.now()).toBe(20_000)
  })
})
