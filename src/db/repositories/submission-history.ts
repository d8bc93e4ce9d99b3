import { ObjectId, type AnyBulkWriteOperation, type Document } from 'mongodb'
import type { Connection } from 'mongoose'
import type { FormCode, FullHead } from '../../domain/types.js'
import { submissionModel } from '../models/submission.js'
import { bulkOpErrors, opError } from '../bulk-write-errors.js'
import { isDuplicateKey } from '../duplicate-key.js'

/** One append waiting for its flush. */
interface Waiting {
  op: AnyBulkWriteOperation
  resolve: () => void
  reject: (err: unknown) => void
}

/** Most appends one flush carries. */
const BATCH = 200

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
 * that never replaces a row with an older state of it (the filter asks for a lower `seq`; a row at that
 * seq or later makes the upsert's insert collide on `_id`, which is "already there"). Appends from
 * concurrent requests are group-committed: a flush goes out at once when none is in flight, what comes
 * meanwhile goes together in the next, one unordered bulkWrite of replaceOne upserts only
 * (mongo-java-server 1.47 failed batches mixing upserts and updates with "Unknown error: null").
 * Each caller's promise settles once its own row is stored.
 */
export class SubmissionHistory {
  private model
  private waiting: Waiting[] = []
  private flushing = false
  constructor(conn: Connection) {
    this.model = submissionModel(conn)
  }

  /** A new head id, made before the head is written (the history row's `_id`). */
  newId(): string {
    return new ObjectId().toHexString()
  }

  append(roundId: string, unitCode: string, form: FormCode, head: FullHead): Promise<void> {
    const row = rowOf(roundId, unitCode, form, head)
    const op: AnyBulkWriteOperation = {
      replaceOne: {
        filter: { _id: row._id, $or: [{ seq: { $lt: head.seq } }, { seq: { $exists: false } }] },
        replacement: row,
        upsert: true,
      },
    }
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ op, resolve, reject })
      if (!this.flushing) void this.flush()
    })
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

  private async flush(): Promise<void> {
    this.flushing = true
    try {
      while (this.waiting.length) await this.write(this.waiting.splice(0, BATCH))
    } finally {
      this.flushing = false
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    try {
      await this.model.collection.bulkWrite(
        batch.map((w) => w.op),
        { ordered: false },
      )
      for (const w of batch) w.resolve()
    } catch (err) {
      const failed = bulkOpErrors(err)
      // not a per-write failure (the connection went away): every caller gets the error
      if (!failed) return batch.forEach((w) => w.reject(err))
      batch.forEach((w, i) => {
        const e = failed.get(i)
        // a duplicate key: the row holds this state or a later one already (an append repeated, or raced)
        if (!e || isDuplicateKey(e)) w.resolve()
        else w.reject(opError(e))
      })
    }
  }
}
