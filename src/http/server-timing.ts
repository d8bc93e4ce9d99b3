import type { Middleware } from 'koa'
import { requestTimings as store, type PhaseTimings } from '../db/command-timing.js'

export type Phase = 'auth' | 'validate' | 'service'

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

/** Parses a Server-Timing header into { name: ms } (the bench reads its samples with it). */
export function parseServerTiming(header: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const part of header.split(',')) {
    const m = /^\s*([\w-]+)\s*;\s*dur=([\d.]+)\s*$/.exec(part)
    if (m) out[m[1]] = Number(m[2])
  }
  return out
}
