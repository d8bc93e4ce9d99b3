import { ObjectId, type AnyBulkWriteOperation, type Collection, type Document } from 'mongodb'
import { settleBulk } from '../bulk-write-errors.js'
import { isDuplicateKey } from '../duplicate-key.js'
import { GroupCommit } from '../group-commit.js'

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
 *
 * A command that fails as a whole (no per-write errors: a document the driver refuses to send, a server
 * error) is tried again one write at a time, in arrival order, so that one bad message fails only its
 * own turn; with the database unavailable every write in it fails at once, as it would alone (a record
 * stored before the connection broke is handled after its lease). Records carry their own `_id`: a record that meets a duplicate key
 * on that retry is told apart from a message delivered twice by it (the failed command may have stored
 * it before failing). Marks are idempotent (the same `$set` again).
 *
 * Done marks may also wait (`markLater`): they gather for up to `laterMs` (or until BATCH of them, or
 * `flushLater()` at shutdown) and then go as one command, so a turn's done mark is no command of its
 * own. That is safe because a done mark only spares the journal's recovery a replay: a message left
 * unmarked by a crash is handled again, and handling it again changes nothing once its reply is queued
 * (ChatCore.handle: a replayed message whose `reply:<id>:0` is in the outbox is done already).
 */
export class JournalWrites {
  private readonly queue = new GroupCommit<Waiting>((batch) => this.send(batch), { max: BATCH })
  /** done marks gathering until the timer (or BATCH of them, or flushLater) sends them on */
  private later: Waiting[] = []
  private timer: NodeJS.Timeout | undefined
  /** settles once every done mark sent on so far is stored or refused */
  private laterSent: Promise<void> = Promise.resolve()
  constructor(
    private readonly collection: () => Collection,
    /** how long a done mark may wait for others (0: sent at once, like a record) */
    private readonly laterMs = 0,
  ) {}

  record(doc: Document): Promise<boolean> {
    const record = { _id: new ObjectId(), ...doc }
    return this.push((resolve, reject) => ({ record, resolve, reject }))
  }

  mark(op: AnyBulkWriteOperation): Promise<void> {
    return this.push((resolve, reject) => ({ mark: op, resolve, reject })).then(() => undefined)
  }

  /** A mark that may wait up to `laterMs` for others; resolves once it is stored. */
  markLater(op: AnyBulkWriteOperation): Promise<void> {
    if (this.laterMs <= 0) return this.mark(op)
    return new Promise<boolean>((resolve, reject) => {
      this.later.push({ mark: op, resolve, reject })
      if (this.later.length >= BATCH) void this.flushLater()
      // unref: a process that ends without flushLater leaves the marks to the recovery's replay
      else this.timer ??= setTimeout(() => void this.flushLater(), this.laterMs).unref()
    }).then(() => undefined)
  }

  /**
   * Sends the waiting done marks now; resolves once each is stored or refused, and so are the marks an
   * earlier flushLater (the timer's) had sent on.
   */
  async flushLater(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    const marks = this.later.splice(0)
    if (!marks.length) return this.laterSent
    const settled = marks.map(
      (w) =>
        new Promise<void>((resolve) => {
          const { resolve: ok, reject: fail } = w
          w.resolve = (b) => (ok(b), resolve())
          w.reject = (e) => (fail(e), resolve())
        }),
    )
    this.queue.push(...marks)
    const sent = Promise.all([this.laterSent, ...settled]).then(() => undefined)
    this.laterSent = sent
    await sent
  }

  private push(make: (resolve: (b: boolean) => void, reject: (e: unknown) => void) => Waiting): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => this.queue.push(make(resolve, reject)))
  }

  /**
   * One flush: its records in one insert (a duplicate key: journaled before, the message delivered
   * twice) and its marks in one update, side by side.
   */
  private async send(batch: Waiting[]): Promise<void> {
    const records = batch.filter((w): w is Waiting & { record: Document } => 'record' in w)
    const marks = batch.filter((w): w is Waiting & { mark: AnyBulkWriteOperation } => 'mark' in w)
    const col = this.collection()
    await Promise.all([
      records.length > 0 &&
        settleBulk(
          records,
          () =>
            col.insertMany(
              records.map((w) => w.record),
              { ordered: false },
            ),
          (all) => this.insertEach(all),
          'not applied',
        ),
      marks.length > 0 &&
        settleBulk(
          marks,
          () =>
            col.bulkWrite(
              marks.map((w) => w.mark),
              { ordered: false },
            ),
          (all) => this.updateEach(all),
          'failed',
        ),
    ])
  }

  /** The records of a command that failed as a whole, one by one in arrival order. */
  private async insertEach(batch: (Waiting & { record: Document })[]): Promise<void> {
    for (const w of batch) {
      try {
        await this.collection().insertOne(w.record)
        w.resolve(true)
      } catch (err) {
        if (!isDuplicateKey(err)) {
          w.reject(err)
          continue
        }
        // stored by the failed command itself (our _id), or journaled before: delivered twice
        const mine = await this.collection()
          .countDocuments({ _id: w.record._id as ObjectId }, { limit: 1 })
          .then(
            (n) => n === 1,
            (e: unknown) => e,
          )
        if (typeof mine === 'boolean') w.resolve(mine)
        else w.reject(mine)
      }
    }
  }

  /** The marks of a command that failed as a whole, one by one in arrival order. */
  private async updateEach(batch: (Waiting & { mark: AnyBulkWriteOperation })[]): Promise<void> {
    for (const w of batch) {
      try {
        await this.collection().bulkWrite([w.mark], { ordered: true })
        w.resolve(true)
      } catch (err) {
        w.reject(err)
      }
    }
  }
}
