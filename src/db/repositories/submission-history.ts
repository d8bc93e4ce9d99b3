import { ObjectId, type AnyBulkWriteOperation, type Document } from 'mongodb'
import type { Connection } from 'mongoose'
import type { FormCode, FullHead } from '../../domain/types.js'
import { submissionModel } from '../models/submission.js'
import { bulkOpErrors, opError } from '../bulk-write-errors.js'
import { isDuplicateKey } from '../duplicate-key.js'
import { dbWait } from '../command-timing.js'
import { GroupCommit } from '../group-commit.js'

/** One append waiting for its flush. */
interface Waiting {
  row: Document
  seq: number
  resolve: () => void
  reject: (err: unknown) => void
}

/**
 * The common case: the row is new, or holds the head's previous state (a head's seq grows by one per
 * write, and a row keeps its id only while it is the head). Equality on `{ _id, seq }` is answered from
 * its unique index; a row at another seq makes the upsert's insert collide on `_id` (see `guarded`).
 */
function upsert(w: Waiting): AnyBulkWriteOperation {
  return { replaceOne: { filter: { _id: w.row._id, seq: w.seq - 1 }, replacement: w.row, upsert: true } }
}

/** The rare case: replaces any older state of the row (or one from before `seq`), never a later one. */
function guarded(w: Waiting): AnyBulkWriteOperation {
  return {
    replaceOne: { filter: { _id: w.row._id, seq: { $not: { $gte: w.seq } } }, replacement: w.row, upsert: true },
  }
}

/** A head's history row: its fields, the unit's keys, `_id` the head's id; no undefined fields. */
function rowOf(roundId: string, unitCode: string, form: FormCode, head: FullHead): Document {
  const { id, ...fields } = head
  const row: Document = { _id: new ObjectId(id), roundId, unitCode, form }
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) row[k] = v
  return row
}

/**
 * The `submissions` collection as the append-only history of the heads (issue 19): one row per
 * (round, unit, form, version), `_id` = the head's id, written after the head by an idempotent upsert
 * that never replaces a row with a later state of it (the filter asks for an earlier `seq`; a row at that
 * seq or later makes the upsert's insert collide on `_id`, which is "already there"). Appends from
 * concurrent requests are group-committed: a flush goes out at once when none is in flight, what comes
 * meanwhile goes together in the next, one unordered bulkWrite of replaceOne upserts only
 * (mongo-java-server 1.47 failed batches mixing upserts and updates with "Unknown error: null").
 * Each caller's promise settles once its own row is stored.
 */
export class SubmissionHistory {
  private model
  // the first append waits out this turn of the event loop: heads written by the same poll of the
  // driver's sockets (a burst of submits) go in one flush
  private readonly queue = new GroupCommit<Waiting>((batch) => this.write(batch), { gather: true })
  constructor(conn: Connection) {
    this.model = submissionModel(conn)
  }

  /** A new head id, made before the head is written (the history row's `_id`). */
  newId(): string {
    return new ObjectId().toHexString()
  }

  append(roundId: string, unitCode: string, form: FormCode, head: FullHead): Promise<void> {
    const row = rowOf(roundId, unitCode, form, head)
    return dbWait(new Promise<void>((resolve, reject) => this.queue.push({ row, seq: head.seq, resolve, reject })))
  }

  /** The stored `seq` of these rows (0 for a row from before `seq`), by id; ids without a row are left out. */
  async seqs(ids: readonly string[]): Promise<Map<string, number>> {
    const valid = ids.filter((id) => ObjectId.isValid(id)).map((id) => new ObjectId(id))
    if (valid.length === 0) return new Map()
    const rows = await this.model.collection
      .find<{ _id: ObjectId; seq?: number }>({ _id: { $in: valid } }, { projection: { seq: 1 } })
      .toArray()
    return new Map(rows.map((r) => [r._id.toHexString(), r.seq ?? 0]))
  }

  /** One unordered bulkWrite of upserts; those that collided, again one by one with the guarded filter. */
  private async write(batch: Waiting[], op = upsert): Promise<void> {
    const collided: Waiting[] = []
    try {
      await this.model.collection.bulkWrite(batch.map(op), { ordered: false })
      for (const w of batch) w.resolve()
    } catch (err) {
      const failed = bulkOpErrors(err)
      // not a per-write failure (the connection went away): every caller gets the error
      if (!failed) return batch.forEach((w) => w.reject(err))
      batch.forEach((w, i) => {
        const e = failed.get(i)
        if (!e) w.resolve()
        // the row is at another seq: a later state (nothing to do) or an earlier one (replace it)
        else if (isDuplicateKey(e) && op === upsert) collided.push(w)
        // the guarded filter collided too: the row holds this state or a later one already
        else if (isDuplicateKey(e)) w.resolve()
        else w.reject(opError(e))
      })
    }
    for (const w of collided) await this.write([w], guarded)
  }
}
