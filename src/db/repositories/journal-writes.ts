import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb'
import { bulkOpErrors, opError } from '../bulk-write-errors.js'
import { isDuplicateKey } from '../duplicate-key.js'

/** One journal write waiting for its command: a record to insert, or a done/failed mark. */
type Waiting = ({ record: Document } | { mark: AnyBulkWriteOperation }) & {
  /** a record: false when the entry was there already (delivered twice); a mark: always true */
  resolve: (applied: boolean) => void
  reject: (err: unknown) => void
}

/** Most journal writes one flush carries. */
const BATCH = 200

/**
 * Group commit for the inbound journal: the records of new messages (one unordered `insert`) and the
 * done/failed marks of handled ones (one unordered `update`), from all conversations at once. A flush
 * goes out at once when none is in flight; what arrives meanwhile goes together in the next. Each
 * caller's promise settles only once its own write is stored, so the journal's order of events
 * (journaled before handled, done after the reply is queued) is exactly what it was with one command
 * each. (Records are inserts, not upserts sharing the marks' command: mongo-java-server 1.47 failed
 * such mixed batches now and then with "Unknown error: null".)
 */
export class JournalWrites {
  private waiting: Waiting[] = []
  private flushing = false
  constructor(private readonly collection: () => Collection) {}

  record(doc: Document): Promise<boolean> {
    return this.push((resolve, reject) => ({ record: doc, resolve, reject }))
  }

  mark(op: AnyBulkWriteOperation): Promise<void> {
    return this.push((resolve, reject) => ({ mark: op, resolve, reject })).then(() => undefined)
  }

  private push(make: (resolve: (b: boolean) => void, reject: (e: unknown) => void) => Waiting): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push(make(resolve, reject))
      if (!this.flushing) void this.flush()
    })
  }

  private async flush(): Promise<void> {
    this.flushing = true
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, BATCH)
        const records = batch.filter((w): w is Waiting & { record: Document } => 'record' in w)
        const marks = batch.filter((w): w is Waiting & { mark: AnyBulkWriteOperation } => 'mark' in w)
        await Promise.all([this.insert(records), this.update(marks)])
      }
    } finally {
      this.flushing = false
    }
  }

  private async insert(batch: (Waiting & { record: Document })[]): Promise<void> {
    if (!batch.length) return
    try {
      await this.collection().insertMany(
        batch.map((w) => w.record),
        { ordered: false },
      )
      for (const w of batch) w.resolve(true)
    } catch (err) {
      const failed = bulkOpErrors(err)
      // not a per-write failure (the connection went away): every caller gets the error
      if (!failed) return batch.forEach((w) => w.reject(err))
      batch.forEach((w, i) => {
        const e = failed.get(i)
        if (!e) w.resolve(true)
        else if (isDuplicateKey(e))
          w.resolve(false) // journaled before: the message delivered twice
        else w.reject(opError(e))
      })
    }
  }

  private async update(batch: (Waiting & { mark: AnyBulkWriteOperation })[]): Promise<void> {
    if (!batch.length) return
    try {
      await this.collection().bulkWrite(
        batch.map((w) => w.mark),
        { ordered: false },
      )
      for (const w of batch) w.resolve(true)
    } catch (err) {
      const failed = bulkOpErrors(err)
      if (!failed) return batch.forEach((w) => w.reject(err))
      batch.forEach((w, i) => {
        const e = failed.get(i)
        if (e) w.reject(opError(e))
        else w.resolve(true)
      })
    }
  }
}
