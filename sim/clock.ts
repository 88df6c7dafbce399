/**
 * Simulated time for the simulator and the code under test, so that no assertion depends on how
 * busy the machine is. Time stands still while anything is working — a request to the simulator
 * or from this process is in flight, a cooperative deploy command is between its waits, or
 * something holds the clock — and jumps to the next waiter's due time once everything that waits
 * on it is waiting and the event loop has settled. This is what jest's modern fake timers and the
 * AWS SDK's own waiter tests do, extended across the loopback HTTP hop to the simulator.
 *
 * Outside the in-process runs (the bundle tier spawns dist/ with its real timers) the same clock
 * runs in real time: `realTime()` switches it, and then `now()` follows Date.now().
 */
import { channel } from 'node:diagnostics_channel'
import type { ClientRequest } from 'node:http'
import type { Clock } from '../src/clock.js'

interface Waiter {
  due: number
  seq: number
  resolve: () => void
  cancel?: () => void
}

/** Event-loop turns with nothing new happening before time may jump. */
const SETTLE_TURNS = 8

export class VirtualClock implements Clock {
  private virtualNow: number
  private realOffset = 0
  private real = false
  private readonly waiters: Waiter[] = []
  /** Waiters on real timers (real time), cancelled when the clock closes. */
  private readonly realWaiters = new Set<Waiter>()
  private holds = 0
  private activity = 0
  private seq = 0
  private settling = false
  private closed = false
  private readonly unsubscribe: () => void

  constructor(start = Date.now()) {
    this.virtualNow = start
    // Requests this process sends (the SDK inside the code under test, the tests' own clients)
    // hold the clock from the moment they start until their socket closes.
    const started = channel('http.client.request.start')
    const onStart = (message: unknown) => {
      const request = (message as { request: ClientRequest }).request
      const release = this.hold()
      request.once('close', release)
    }
    started.subscribe(onStart)
    this.unsubscribe = () => started.unsubscribe(onStart)
  }

  now(): number {
    return this.real ? Date.now() + this.realOffset : this.virtualNow
  }

  /** From now on, time is the machine's (for runs in another process, with real timers). */
  realTime(): void {
    if (this.real) return
    this.realOffset = this.virtualNow - Date.now()
    this.real = true
    for (const waiter of this.waiters.splice(0)) this.realWaiter(waiter)
  }

  /** Back to simulated time, continuing from the present moment. */
  virtualTime(): void {
    if (!this.real) return
    this.virtualNow = this.now()
    this.real = false
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise(resolve => {
      if (signal?.aborted) return resolve()
      const waiter: Waiter = {
        due: this.now() + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', abort)
          resolve()
        }
      }
      const abort = () => {
        waiter.cancel?.()
        this.remove(waiter)
        waiter.resolve()
      }
      signal?.addEventListener('abort', abort, { once: true })
      if (this.real) this.realWaiter(waiter)
      else {
        this.waiters.push(waiter)
        this.touch()
      }
    })
  }

  /**
   * Work under way that the clock cannot see: time stands still until the returned function is
   * called (once; later calls do nothing).
   */
  hold(): () => void {
    this.holds++
    this.activity++
    let released = false
    return () => {
      if (released) return
      released = true
      this.holds--
      this.touch()
    }
  }

  /**
   * Real time that passed in the world while everything waited on it (a request AWS held open):
   * simulated time moves on by as much, and every waiter due by then wakes.
   */
  elapse(ms: number): void {
    if (this.real || ms <= 0) return
    this.virtualNow += ms
    this.wakeDue()
  }

  /** Lets time run to `until` (the test itself waiting), resolving every waiter due on the way. */
  async advanceTo(until: number): Promise<void> {
    await this.sleep(Math.max(0, until - this.now()))
  }

  close(): void {
    this.closed = true
    this.unsubscribe()
    for (const waiter of [...this.waiters.splice(0), ...this.realWaiters]) {
      waiter.cancel?.()
      waiter.resolve()
    }
    this.realWaiters.clear()
  }

  private realWaiter(waiter: Waiter): void {
    this.realWaiters.add(waiter)
    const timer = setTimeout(
      () => {
        this.realWaiters.delete(waiter)
        waiter.resolve()
      },
      Math.max(0, waiter.due - this.now())
    )
    waiter.cancel = () => {
      clearTimeout(timer)
      this.realWaiters.delete(waiter)
    }
  }

  private remove(waiter: Waiter): void {
    const at = this.waiters.indexOf(waiter)
    if (at >= 0) this.waiters.splice(at, 1)
  }

  private touch(): void {
    this.activity++
    if (this.settling || this.closed || this.real) return
    this.settling = true
    this.settle(this.activity, 0)
  }

  /** Waits for SETTLE_TURNS quiet turns of the event loop, then moves time to the next waiter. */
  private settle(seen: number, turns: number): void {
    setImmediate(() => {
      if (this.closed || this.real) return void (this.settling = false)
      if (this.holds > 0 || this.waiters.length === 0) return void (this.settling = false)
      if (this.activity !== seen) return this.settle(this.activity, 0)
      if (turns + 1 < SETTLE_TURNS) return this.settle(seen, turns + 1)
      this.settling = false
      this.fireNext()
    })
  }

  private fireNext(): void {
    const next = this.waiters.reduce<Waiter | undefined>(
      (first, w) => (!first || w.due < first.due ? w : first),
      undefined
    )
    if (!next) return
    this.virtualNow = Math.max(this.virtualNow, next.due)
    this.wakeDue()
  }

  /** Wakes every waiter due by now, in the order they are due (then the order they came). */
  private wakeDue(): void {
    const due = this.waiters
      .filter(w => w.due <= this.virtualNow)
      .sort((a, b) => a.due - b.due || a.seq - b.seq)
    for (const waiter of due) this.remove(waiter)
    for (const waiter of due) waiter.resolve()
    this.touch()
  }
}
