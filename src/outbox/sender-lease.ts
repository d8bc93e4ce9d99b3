import { Schema, type Connection, type Model } from 'mongoose'
import type { Clock } from '../clock.js'
import { isDuplicateKey } from '../db/duplicate-key.js'

interface LeaseDoc {
  _id: string
  owner: string
  until: Date
}

const leaseSchema = new Schema<LeaseDoc>(
  { _id: String, owner: String, until: Date },
  { collection: 'outbox_sender_leases', versionKey: false },
)

function leaseModel(conn: Connection): Model<LeaseDoc> {
  return (conn.models.OutboxSenderLease as Model<LeaseDoc>) ?? conn.model<LeaseDoc>('OutboxSenderLease', leaseSchema)
}

/**
 * "Exactly one WeChat sender per bot account": a document `wechat:<account>` names the owning process
 * until an expiry. The owner renews it while it runs; a standby's acquire succeeds only once it has
 * lapsed. Acquire and renew are the same single conditional upsert, so two processes can never both
 * hold it (the loser of a race gets E11000 on the upsert).
 */
export class SenderLease {
  private readonly model: Model<LeaseDoc>

  constructor(
    conn: Connection,
    private readonly clock: Clock,
    readonly name: string,
    readonly owner: string,
    readonly ttlMs: number,
  ) {
    this.model = leaseModel(conn)
  }

  /** True when this process holds the lease (taken now, or renewed). */
  async acquire(): Promise<boolean> {
    const now = this.clock.now()
    try {
      const doc = await this.model
        .findOneAndUpdate(
          { _id: this.name, $or: [{ owner: this.owner }, { until: { $lt: now } }] },
          { $set: { owner: this.owner, until: new Date(now.getTime() + this.ttlMs) } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<LeaseDoc>()
      return doc?.owner === this.owner
    } catch (err) {
      if (isDuplicateKey(err)) return false
      throw err
    }
  }

  /** Gives the lease up at once (clean shutdown), so a standby does not wait for the expiry. */
  async release(): Promise<void> {
    await this.model.updateOne({ _id: this.name, owner: this.owner }, { $set: { until: new Date(0) } })
  }

  async holder(): Promise<{ owner: string; until: Date } | null> {
    const doc = await this.model.findById(this.name).lean<LeaseDoc>()
    return doc ? { owner: doc.owner, until: doc.until } : null
  }
}
