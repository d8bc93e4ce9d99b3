import { readFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'

/** What the event loop's thread did between two of its turns, at the longest. */
export interface Stalls {
  /** the longest stretch the loop's thread spent on the CPU without reaching the next turn, ms */
  cpuMs: number
  /** the longest wall-clock delay a timer saw (what monitorEventLoopDelay reports), ms: for messages */
  wallMs: number
  /** where cpuMs comes from: 'thread' on Linux, 'wall' where the thread's CPU time cannot be read */
  measured: 'thread' | 'wall'
}

// the event loop runs on the process's main thread, whose task id is the pid; the first field of
// schedstat is the nanoseconds it has spent on a CPU (the second: waiting for one)
const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`

function onCpuNs(): number | undefined {
  try {
    return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0])
  } catch {
    return undefined
  }
}

/**
 * Watches how long the code under test keeps the event loop from turning, in the loop thread's own CPU
 * time: a timer every millisecond reads how long the thread has been on a CPU, and the longest gap between
 * two reads is the longest stretch of work that did not yield. On a busy machine the wall-clock delay
 * (monitorEventLoopDelay) also counts the time the thread waited for a CPU while others ran, so a bound on
 * it fails for the machine's load, not for our code; the thread's CPU time does not. Where it cannot be read
 * (not Linux), the wall-clock delay stands in for it.
 */
export function watchLoopStalls(): { stop(): Stalls } {
  const wall = monitorEventLoopDelay({ resolution: 10 })
  wall.enable()
  let last = onCpuNs()
  let longest = 0
  let timer: NodeJS.Timeout
  const tick = () => {
    const now = onCpuNs()
    if (now !== undefined && last !== undefined) longest = Math.max(longest, now - last)
    last = now
    timer = setTimeout(tick, 1)
  }
  timer = setTimeout(tick, 1)
  return {
    stop() {
      clearTimeout(timer)
      tick()
      clearTimeout(timer)
      wall.disable()
      const wallMs = wall.max / 1e6
      return last === undefined
        ? { cpuMs: wallMs, wallMs, measured: 'wall' }
        : { cpuMs: longest / 1e6, wallMs, measured: 'thread' }
    },
  }
}
