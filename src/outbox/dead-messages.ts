import type { OutboxDoc } from '../db/models/outbox-message.js'
import type { OutboxState } from '../domain/outbox-message.js'
import { recipient } from './outbox-listing.js'

/** The outbox reads and the revive the console needs (src/outbox/outbox-repository.ts). */
export interface DeadMessageStore {
  list(states: OutboxState[], limit: number): Promise<OutboxDoc[]>
  revive(keys?: readonly string[]): Promise<number>
}

/** A dead message as the console lists it: who it was for and how it failed, not its whole body. */
export interface DeadMessageView {
  key: string
  channel: string
  recipient: string
  excerpt: string
  attempts: number
  lastError: string
  createdAt: Date
  /** when it was last tried (its due time when it died) */
  lastTriedAt: Date
}

const EXCERPT = 80

/**
 * Dead outbox messages (every retry spent) for the console's outbox page, and sending chosen ones again
 * with the repository's revive (pending now, fresh retry budget). A WeCom group message still waiting for
 * its push address is not revived (it would only die again): the result says how many were left.
 */
export class DeadMessages {
  constructor(private readonly store: DeadMessageStore) {}

  async list(limit: number): Promise<{ messages: DeadMessageView[] }> {
    const docs = await this.store.list(['dead'], limit)
    return {
      messages: docs.map((d) => ({
        key: d.key,
        channel: d.channel,
        recipient: recipient(d),
        excerpt: d.text.length > EXCERPT ? `${d.text.slice(0, EXCERPT)}…` : d.text,
        attempts: d.attempts,
        lastError: d.lastError ?? '',
        createdAt: d.createdAt,
        lastTriedAt: d.dueAt,
      })),
    }
  }

  async revive(keys: readonly string[]): Promise<{ revived: number; notRevived: number }> {
    const unique = [...new Set(keys)]
    const revived = await this.store.revive(unique)
    return { revived, notRevived: unique.length - revived }
  }
}
