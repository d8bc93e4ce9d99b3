import type { AnyBulkWriteOperation, Collection, MongoBulkWriteError } from 'mongodb'
import { bulkOpErrors, opError } from '../bulk-write-errors.js'
import { isDuplicateKey } from '../duplicate-key.js'

/** One journal write: `true` when it did what it asked (a record inserted, an entry still ours updated). */
interface Waiting {
  op: AnyBulkWriteOperation
  /** a record: an upsert, whose `false` means the entry was there already (delivered twice) */
  record: boolean
  resolve: (applied: boolean) => void
  reject: (err: unknown) => void
}

/** Most journal writes one command carries. */
const BATCH = 200

/**
 * Group commit for the inbound journal: the records of new messages and the done/failed marks of handled
 * ones, from all conversations at once, go to the database as ONE `update` command (a record is an upsert
 * with `$setOnInsert`, so both kinds fit one unordered bulk write). A write goes out at once when none is
 * in flight; what arrives meanwhile goes together in the next. Each caller's promise settles only once its
 * own write is stored, so the journal's order of events (journaled before handled, done after the reply is
 * queued) is exactly what it was with one command each.
 */
export class JournalWrites {
  private waiting: Waiting[] = []
  private flushing = false
  constructor(private readonly collection: () => Collection) {}

  write(op: AnyBulkWriteOperation, record: boolean): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ op, record, resolve, reject })
      if (!this.flushing) void this.flush()
    })
  }

  private async flush(): Promise<void> {
    this.flushing = true
    try {
      while (this.waiting.length) await this.send(this.waiting.splice(0, BATCH))
    } finally {
      this.flushing = false
    }
  }

  private async send(batch: Waiting[]): Promise<void> {
    try {
      const r = await this.collection().bulkWrite(
        batch.map((w) => w.op),
        { ordered: false },
      )
      const upserted = r.upsertedIds as Record<number, unknown>
      // a record applied iff it inserted; a mark is a no-op only when the entry is no longer ours
      batch.forEach((w, i) => w.resolve(w.record ? upserted[i] !== undefined : true))
    } catch (err) {
      const failed = bulkOpErrors(err)
      // not a per-write failure (the connection went away): every caller gets the error
      if (!failed) return batch.forEach((w) => w.reject(err))
      const upserted = ((err as MongoBulkWriteError).result?.upsertedIds ?? {}) as Record<number, unknown>
      batch.forEach((w, i) => {
        const e = failed.get(i)
        // two records of one message racing: the loser is the message delivered twice
        if (e && !(w.record && isDuplicateKey(e))) w.reject(opError(e))
        else w.resolve(w.record ? !e && upserted[i] !== undefined : true)
      })
    }
  }
}
