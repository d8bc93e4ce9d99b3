import type { Collection, Document, ObjectId, UpdateFilter } from 'mongodb'
import { bulkOpErrors, opError } from '../bulk-write-errors.js'
import { isDatabaseUnavailable } from '../database-unavailable.js'
import { isDuplicateKey } from '../duplicate-key.js'

interface Waiting {
  _id: ObjectId
  rev: number
  update: UpdateFilter<Document>
  /** matches the dialog only once THIS save is stored (its revision and what only it writes) */
  stored: Document
  resolve: (saved: boolean) => void
  reject: (err: unknown) => void
}

/** Most turn saves one command carries. */
const BATCH = 200

/**
 * Group commit for the dialogs' turn saves: each save is an update conditional on the dialog's revision
 * (`{ _id, rev }`), and saves of other conversations that arrive while one is in flight go together in
 * the next command. A save alone is a plain `updateOne`, exactly as before.
 *
 * A bulk write reports only how many of its updates matched, not which. So in a batch each update is
 * an upsert: one whose revision no longer matches tries to insert a second document with the dialog's
 * `_id`, and the `_id` index refuses it with a duplicate key error AT THAT WRITE'S INDEX: that save lost
 * (the caller re-reads, as with a plain update that matched nothing). Nothing is ever inserted, because
 * dialogs are never deleted (nothing in src/ removes one; a dialog ends by its status). MongoDB's own
 * retry of an upsert that hit a duplicate key does not apply: it needs the duplicate's key values to equal
 * the filter's, and the clash is on `_id` alone (or on `{ _id, rev }` with rev + 1, not the filter's rev).
 * Checked on mongo-java-server (test/chat/dialog-saves.test.ts); re-check on a real server.
 *
 * A bulk that fails as a whole (no per-write errors) fails every save in it only when the database is
 * unavailable: as a save alone would, and the turn is replayed after its lease (the replay finds a save
 * that did land by its `lastTurn`). Any other failure (a save the driver refuses to send, a server
 * error) is tried again one save at a time, so that it fails only its own turn; a save the failed
 * command stored before failing is recognised by `stored` and reported applied, never lost and redone.
 */
export class DialogSaves {
  private waiting: Waiting[] = []
  private flushing = false
  constructor(private readonly collection: () => Collection) {}

  /** true when the dialog was still at `rev` and now holds the update (its revision moved on by one) */
  save(_id: ObjectId, rev: number, update: UpdateFilter<Document>, stored: Document): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ _id, rev, update, stored, resolve, reject })
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

  private async send(waiting: Waiting[]): Promise<void> {
    // one save per dialog per command, the first to arrive: an unordered bulk may be applied in any
    // order, and of two turns of one conversation on the same revision the earlier must win (the later
    // then loses, re-reads and is stepped on top of it). The later ones go first in the next command.
    const batch: Waiting[] = []
    const later: Waiting[] = []
    const seen = new Set<string>()
    for (const w of waiting) {
      const key = w._id.toHexString()
      ;(seen.has(key) ? later : batch).push(w)
      seen.add(key)
    }
    if (later.length) this.waiting.unshift(...later)
    if (batch.length === 1) {
      const [w] = batch
      try {
        const r = await this.collection().updateOne({ _id: w._id, rev: w.rev }, w.update)
        w.resolve(r.matchedCount === 1)
      } catch (err) {
        w.reject(err)
      }
      return
    }
    try {
      await this.collection().bulkWrite(
        batch.map((w) => ({ updateOne: { filter: { _id: w._id, rev: w.rev }, update: w.update, upsert: true } })),
        { ordered: false },
      )
      for (const w of batch) w.resolve(true)
    } catch (err) {
      const failed = bulkOpErrors(err)
      if (!failed) return isDatabaseUnavailable(err) ? batch.forEach((w) => w.reject(err)) : this.sendEach(batch)
      batch.forEach((w, i) => {
        const e = failed.get(i)
        if (!e) w.resolve(true)
        else if (isDuplicateKey(e))
          w.resolve(false) // its revision moved on: the save lost
        else w.reject(opError(e))
      })
    }
  }

  /** The saves of a bulk that failed as a whole, one by one in arrival order. */
  private async sendEach(batch: Waiting[]): Promise<void> {
    for (const w of batch) {
      try {
        const r = await this.collection().updateOne({ _id: w._id, rev: w.rev }, w.update)
        if (r.matchedCount === 1) w.resolve(true)
        // lost, unless the failed bulk had stored it already
        else w.resolve((await this.collection().countDocuments({ ...w.stored, _id: w._id }, { limit: 1 })) === 1)
      } catch (err) {
        w.reject(err)
      }
    }
  }
}
