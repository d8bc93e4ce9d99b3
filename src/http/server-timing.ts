import { AsyncLocalStorage } from 'node:async_hooks'
import type { Middleware } from 'koa'

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

export type Phase = 'auth' | 'validate' | 'service'

// an AsyncLocalStorage costs every promise a hook on Node 20: it is entered only when the option is on
const store = new AsyncLocalStorage<PhaseTimings>()

/**
 * Measures the request's phases and answers them as a standard `Server-Timing` header
 * (`auth;dur=0.4, validate;dur=0.2, service;dur=3.1, db;dur=2.2, total;dur=4.0`). Off: passes through
 * untouched.
 */
export function serverTiming(enabled: boolean): Middleware {
  if (!enabled) return (_ctx, next) => next()
  return async (ctx, next) => {
    const t: PhaseTimings = { auth: 0, validate: 0, service: 0, db: 0, total: 0, inService: false }
    const started = performance.now()
    try {
      await store.run(t, next)
    } finally {
      t.total = performance.now() - started
      // set before Koa writes the response (it writes after the middleware chain returns)
      if (!ctx.headerSent) ctx.set('Server-Timing', formatServerTiming(t))
    }
  }
}

export function formatServerTiming(t: PhaseTimings): string {
  return (['auth', 'validate', 'service', 'db', 'total'] as const).map((k) => `${k};dur=${t[k].toFixed(2)}`).join(', ')
}

/** Runs `fn` and adds its time to the request's `phase`; without Server-Timing it only runs `fn`. */
export async function timed<T>(phase: Phase, fn: () => Promise<T>): Promise<T> {
  const t = store.getStore()
  if (!t) return fn()
  const started = performance.now()
  if (phase === 'service') t.inService = true
  try {
    return await fn()
  } finally {
    t[phase] += performance.now() - started
    if (phase === 'service') t.inService = false
  }
}

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
    const t = store.getStore()
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

/** Parses a Server-Timing header into { name: ms } (the bench reads its samples with it). */
export function parseServerTiming(header: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const part of header.split(',')) {
    const m = /^\s*([\w-]+)\s*;\s*dur=([\d.]+)\s*$/.exec(part)
    if (m) out[m[1]] = Number(m[2])
  }
  return out
}
