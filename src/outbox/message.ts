import type { OutboxInput } from '../domain/outbox-message.js'

/** The message types live in src/domain (the stored notices and the outbox's model use them too). */
export * from '../domain/outbox-message.js'

export interface OutboxPort {
  /** inserts unless the key exists; true when inserted */
  enqueue(msg: OutboxInput): Promise<boolean>
  /** bulk insert, unordered; duplicates by key are skipped; returns how many were inserted */
  enqueueMany(msgs: OutboxInput[]): Promise<number>
}
