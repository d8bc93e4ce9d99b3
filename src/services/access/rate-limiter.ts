import { AppError } from '../../errors.js'

/**
 * A fixed-window counter per key (client IP + route over HTTP; person or room in chat), in process
 * memory: enough to blunt guessing of login codes and bind codes in one process; behind several
 * processes each keeps its own window.
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>()
  constructor(private readonly now: () => number = Date.now) {}

  hit(key: string, windowMs: number, max: number): void {
    const t = this.now()
    const w = this.windows.get(key)
    if (!w || t - w.start >= windowMs) {
      this.windows.set(key, { start: t, count: 1 })
      if (this.windows.size > 10_000) this.sweep(t, windowMs)
      return
    }
    w.count++
    if (w.count > max) {
      const retry = Math.ceil((w.start + windowMs - t) / 1000)
      throw new AppError(429, 'rate_limited', `请求过于频繁，请 ${retry} 秒后再试`, { retryAfterSeconds: retry })
    }
  }

  private sweep(t: number, windowMs: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= windowMs) this.windows.delete(k)
  }
}
