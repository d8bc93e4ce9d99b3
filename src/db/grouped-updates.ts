import type { Collection, Document, Filter, UpdateFilter } from 'mongodb'
import { settleBulk } from './bulk-write-errors.js'
import { dbWait } from './command-timing.js'
import { GroupCommit } from './group-commit.js'

/** One conditional update of one document, as GroupedUpdates sends it. */
export interface GroupedUpdate {
  /** the document's identity: one update per document per command, the first to arrive */
  key: string
  /**
   * The condition, with the document's unique key as equality (`_id`, or the fields of a unique index):
   * an upsert of a filter that no longer matches then collides with the document on that key.
   */
  filter: Filter<Document>
  update: UpdateFilter<Document>
  /** matches the document only once THIS update is stored (what only it writes) */
  stored: Filter<Document>
}

interface Waiting extends GroupedUpdate {
  resolve: (applied: boolean) => void
  reject: (err: unknown) => void
}

/**
 * Group commit for conditional updates of documents that are never deleted (the dialogs' turn saves, the
 * round units' head writes): an update alone is a plain `updateOne`; updates that arrive while one is in
 * flight go together in the next command, one unordered bulk write.
 *
 * A bulk write reports only how many of its updates matched, not which. So in a batch each update is an
 * upsert: one whose condition no longer holds tries to insert a second document with the same unique key
 * (the filter's equality fields), and the unique index refuses it with a duplicate key error AT THAT
 * WRITE'S INDEX: that update lost (the caller re-reads, as with a plain update that matched nothing).
 * Nothing is ever inserted as long as the document exists, which is why this is only for collections
 * whose documents nothing in src/ deletes. MongoDB's own retry of an upsert that hit a duplicate key does
 * not apply: it needs a filter of equalities on exactly the unique index's fields, and every filter here
 * has its condition besides. Checked on mongo-java-server (test/db/grouped-updates.test.ts); re-check on
 * a real server.
 *
 * A bulk that fails as a whole (no per-write errors) fails every update in it only when the database is
 * unavailable, as an update alone would. Any other failure (an update the driver refuses to send, a
 * server error) is tried again one update at a time, so that it fails only its own caller; an update the
 * failed command stored before failing is recognised by `stored` and reported applied, never lost and redone.
 */
export class GroupedUpdates {
  private readonly queue = new GroupCommit<Waiting>((batch) => this.send(batch))
  constructor(private readonly collection: () => Collection) {}

  /** true when the condition held and the document now holds the update */
  apply(u: GroupedUpdate): Promise<boolean> {
    return dbWait(new Promise<boolean>((resolve, reject) => this.queue.push({ ...u, resolve, reject })))
  }

  private async send(waiting: Waiting[]): Promise<void> {
    // one update per document per command, the first to arrive: an unordered bulk may be applied in any
    // order, and of two updates on the same condition the earlier must win (the later then loses, and its
    // caller re-reads). The later ones go first in the next command.
    const batch: Waiting[] = []
    const later: Waiting[] = []
    const seen = new Set<string>()
    for (const w of waiting) {
      ;(seen.has(w.key) ? later : batch).push(w)
      seen.add(w.key)
    }
    if (later.length) this.queue.putBack(later)
    if (batch.length === 1) {
      const [w] = batch
      try {
        const r = await this.collection().updateOne(w.filter, w.update)
        w.resolve(r.matchedCount === 1)
      } catch (err) {
        w.reject(err)
      }
      return
    }
    // a duplicate key: its condition no longer held, the update lost
    await settleBulk(
      batch,
      () =>
        this.collection().bulkWrite(
          batch.map((w) => ({ updateOne: { filter: w.filter, update: w.update, upsert: true } })),
          { ordered: false },
        ),
      (all) => this.sendEach(all),
      'not applied',
    )
  }

  /** The updates of a bulk that failed as a whole, one by one in arrival order. */
  private async sendEach(batch: Waiting[]): Promise<void> {
    for (const w of batch) {
      try {
        const r = await this.collection().updateOne(w.filter, w.update)
        if (r.matchedCount === 1) w.resolve(true)
        // lost, unless the failed bulk had stored it already
        else w.resolve((await this.collection().countDocuments(w.stored, { limit: 1 })) === 1)
      } catch (err) {
        w.reject(err)
      }
    }
  }
}
