import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { watchLoopStalls } from '../support/loop-stalls.js'

/** The loop thread's own CPU time, ms (the helper's source: /proc/self/task/<pid>/schedstat). */
const threadCpuMs = () => Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6

/** Computes without yielding until the loop's thread has spent `ms` of its own CPU time: the same on any machine. */
function computeFor(ms: number): void {
  const end = threadCpuMs() + ms
  let x = 0
  while (threadCpuMs() < end) x += Math.sqrt(x + 1)
  expect(x).toBeGreaterThan(0)
}

describe('watchLoopStalls: the longest stretch the event loop did not turn, in its thread’s CPU time', () => {
  it('sees work that does not yield', async () => {
    const watch = watchLoopStalls()
    await new Promise((r) => setTimeout(r, 20))
    computeFor(250)
    await new Promise((r) => setTimeout(r, 20))
    const s = watch.stop()
    expect(s.measured).toBe('thread')
    expect(s.cpuMs).toBeGreaterThanOrEqual(250)
    // a timer waited about as long (monitorEventLoopDelay is one timer of a 10 ms period)
    expect(s.wallMs).toBeGreaterThanOrEqual(200)
  })

  it('does not count waiting, and work that yields is as long as its longest piece', async () => {
    const watch = watchLoopStalls()
    await new Promise((r) => setTimeout(r, 300))
    for (let i = 0; i < 5; i++) {
      computeFor(20)
      await new Promise((r) => setImmediate(r))
    }
    const s = watch.stop()
    expect(s.cpuMs).toBeGreaterThanOrEqual(20)
    expect(s.cpuMs).toBeLessThan(150)
  })
})
