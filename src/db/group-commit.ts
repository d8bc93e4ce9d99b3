import { detached } from './command-timing.js'

/**
 * The queue behind a group commit: the first write goes out at once (or, with `gather`, after this turn
 * of the event loop, so a burst that arrives in one poll shares its command), and what arrives while a
 * command is in flight goes together in the next, at most `max` per command. The flush runs outside the
 * request that happened to start it, so Server-Timing charges the shared command to no single request
 * (each waiting request counts its own wait: `dbWait`).
 */
export class GroupCommit<W> {
  private waiting: W[] = []
  private flushing = false
  constructor(
    /** sends one command's writes and settles each of them; it never rejects */
    private readonly send: (batch: W[]) => Promise<void>,
    private readonly opts: { max?: number; gather?: boolean } = {},
  ) {}

  push(...writes: W[]): void {
    this.waiting.push(...writes)
    if (this.flushing) return
    this.flushing = true
    detached(() => {
      if (this.opts.gather) setImmediate(() => void this.flush())
      else void this.flush()
    })
  }

  /** Writes to go first in the next command (taken out of a batch that could not carry them). */
  putBack(writes: W[]): void {
    this.waiting.unshift(...writes)
  }

  private async flush(): Promise<void> {
    try {
      while (this.waiting.length) await this.send(this.waiting.splice(0, this.opts.max ?? 200))
    } finally {
      this.flushing = false
    }
  }
}
