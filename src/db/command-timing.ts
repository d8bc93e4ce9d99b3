import { AsyncLocalStorage } from 'node:async_hooks'

/** The phases of one API request, in milliseconds (Server-Timing, SERVER_TIMING=1). */
export interface PhaseTimings {
  auth: number
  validate: number
  service: number
  /** database command time (driver command monitoring) while the handler ran; part of `service` */
  db: number
  /** the whole request inside the app, from the first middleware to the answer's headers */
  total: number
  /** set while the handler runs, so database time of auth or of the audit write is not counted as db */
  inService: boolean
}

// an AsyncLocalStorage costs every promise a hook on Node 20: it is entered only when SERVER_TIMING is on
/** The timings of the API request being served (entered by src/http/server-timing.ts). */
export const requestTimings = new AsyncLocalStorage<PhaseTimings>()

interface CommandEvents {
  on(event: 'commandStarted', l: (e: { requestId: number }) => void): unknown
  on(event: 'commandSucceeded' | 'commandFailed', l: (e: { requestId: number; duration: number }) => void): unknown
}

/**
 * Attributes the driver's command durations (a client made with `monitorCommands: true`) to the request
 * that issued them: a command starts in the request's async context, but it completes in the socket's,
 * so the request's timings are remembered by the command's id until its answer arrives.
 */
export function attachDbTiming(client: CommandEvents): void {
  const pending = new Map<number, PhaseTimings>()
  client.on('commandStarted', (e) => {
    const t = requestTimings.getStore()
    if (t?.inService) pending.set(e.requestId, t)
  })
  const done = (e: { requestId: number; duration: number }): void => {
    const t = pending.get(e.requestId)
    if (!t) return
    pending.delete(e.requestId)
    t.db += e.duration
  }
  client.on('commandSucceeded', done)
  client.on('commandFailed', done)
}

/**
 * Starts work shared by several requests (a group commit's flush) outside the current request's context,
 * so its commands' monitored time is not charged to whichever request happened to start it; each request
 * counts its own wait instead (`dbWait`). Without Server-Timing it only runs `fn`.
 */
export function detached(fn: () => void): void {
  if (requestTimings.getStore()) requestTimings.exit(fn)
  else fn()
}

/** A request's wait on shared database work, counted as its database time (in the service phase). */
export function dbWait<T>(p: Promise<T>): Promise<T> {
  const t = requestTimings.getStore()
  if (!t?.inService) return p
  const started = performance.now()
  return p.finally(() => {
    t.db += performance.now() - started
  })
}
