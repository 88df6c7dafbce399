/** A reader's calls: counted against the poll's budget, and a retried one slows the loop down. */
import { describe, expect, it } from '@jest/globals'
import { CallMeter } from '../../src/watch/call-meter.js'

describe('CallMeter', () => {
  it('counts every call and passes the run’s abort signal to it', async () => {
    const abort = new AbortController()
    const meter = new CallMeter(abort.signal)
    const seen: (AbortSignal | undefined)[] = []
    for (let i = 0; i < 3; i++)
      await meter.send('eks:DescribeNodegroup', 'ng', async signal => {
        seen.push(signal)
        return { $metadata: { attempts: 1 } }
      })
    expect(meter.count).toBe(3)
    expect(seen).toEqual([abort.signal, abort.signal, abort.signal])
    expect(meter.throttled).toBe(false)
  })

  it('notes a call the SDK had to retry (throttling), until the poll clears it', async () => {
    const meter = new CallMeter()
    await meter.send('autoscaling:DescribeScalingActivities', 'asg', async () => ({
      $metadata: { attempts: 3 }
    }))
    expect(meter.throttled).toBe(true)
    meter.throttled = false
    await meter.send('autoscaling:DescribeScalingActivities', 'asg', async () => ({}))
    expect(meter.throttled).toBe(false)
  })

  it('counts a call that failed, and lets its error through', async () => {
    const meter = new CallMeter()
    await expect(
      meter.send('eks:DescribeCluster', 'c', async () => {
        throw Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' })
      })
    ).rejects.toThrow()
    expect(meter.count).toBe(1)
  })
})
