import { EventEmitter } from 'node:events'
import type { Connection, Model } from 'mongoose'
import type { Clock } from '../clock.js'
import { isDuplicateKey } from '../db/duplicate-key.js'
import type { OutboxChannel, OutboxDelivery, OutboxInput, OutboxPort, OutboxState } from './message.js'
import { outboxModel, type OutboxDoc } from '../db/models/outbox-message.js'
import { outboxMetrics, type OutboxCounts } from './outbox-metrics.js'
import { NO_WEBHOOK_ACCOUNT, toRecord } from './to-record.js'
import { requireIndexes } from '../db/index-guard.js'

/** Messages one insert carries, and inserts in flight at once, when a batch is large (a sweep). */
const ENQUEUE_CHUNK = 500
const ENQUEUE_IN_FLIGHT = 4

/**
 * What producers call (OutboxPort) plus the read side for the admin CLI and metrics. The unique index on
 * `key` makes enqueueing idempotent: a second insert of `reminder:R1:U7:first` is an E11000 we ignore.
 */
export class OutboxRepository implements OutboxPort {
  readonly model: Model<OutboxDoc>
  /** in-process delivery workers listen here so a reply goes out without waiting for the next poll */
  private readonly events = new EventEmitter()

  constructor(
    conn: Connection,
    private readonly clock: Clock,
  ) {
    this.model = outboxModel(conn)
    this.events.setMaxListeners(50)
  }

  async enqueue(msg: OutboxInput): Promise<boolean> {
    try {
      await this.model.create(toRecord(msg, this.clock.now()))
    } catch (err) {
      if (isDuplicateKey(err)) return false
      throw err
    }
    this.inserted([msg.target.channel])
    return true
  }

  /**
   * Unordered bulk inserts through the driver: toRecord already builds complete documents, and
   * mongoose's per-document hydration and validation cost ~4× the insert itself on a 16,000-unit sweep.
   * A large batch goes in chunks, a few in flight at once, so this process encodes the next chunk while
   * the database stores the last (a sweep's 15,000 messages: the two overlap instead of taking turns).
   * Duplicate keys (E11000) are skipped; any other write error is a failure (chunks already sent may
   * have been stored: the keys make a retry keep one of each).
   */
  async enqueueMany(msgs: OutboxInput[]): Promise<number> {
    if (msgs.length === 0) return 0
    const now = this.clock.now()
    const docs = msgs.map((m) => toRecord(m, now))
    // the driver's insert skips mongoose's hooks: the key's unique index is checked here
    await requireIndexes(this.model)
    const chunks: (typeof docs)[] = []
    for (let i = 0; i < docs.length; i += ENQUEUE_CHUNK) chunks.push(docs.slice(i, i + ENQUEUE_CHUNK))
    const inserted: OutboxChannel[][] = []
    let next = 0
    const lane = async (): Promise<void> => {
      for (let i = next++; i < chunks.length; i = next++) inserted[i] = await this.insertChunk(chunks[i])
    }
    await Promise.all(Array.from({ length: Math.min(ENQUEUE_IN_FLIGHT, chunks.length) }, lane))
    const channels = inserted.flat()
    this.inserted(channels)
    return channels.length
  }

  /** One unordered insert; the channels of the documents it stored (a duplicate key is one it skipped). */
  private async insertChunk(docs: ReturnType<typeof toRecord>[]): Promise<OutboxChannel[]> {
    try {
      // ignoreUndefined: the driver would store `undefined` (subject, html, mergeGroup, …) as null
      await this.model.collection.insertMany(docs, { ordered: false, ignoreUndefined: true })
      return docs.map((d) => d.channel)
    } catch (err) {
      type WriteError = { code?: number; index?: number; err?: { code?: number; index?: number } }
      const e = err as { writeErrors?: WriteError[] | WriteError }
      const errors = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : []
      if (!isDuplicateKey(err) && (errors.length === 0 || errors.some((w) => (w.code ?? w.err?.code) !== 11000)))
        throw err
      const failed = new Set(errors.map((w) => w.index ?? w.err?.index))
      return docs.filter((_, i) => !failed.has(i)).map((d) => d.channel)
    }
  }

  /** Subscribe to inserts (in this process); returns the unsubscribe function. */
  onEnqueued(listener: (channel: OutboxChannel) => void): () => void {
    this.events.on('enqueued', listener)
    return () => this.events.off('enqueued', listener)
  }

  async findByKey(key: string): Promise<OutboxDoc | null> {
    return this.model.findOne({ key }).lean<OutboxDoc>()
  }

  /** Where the messages with these keys stand (the notices' status reads it: NoticeDeliveries). */
  deliveries(keys: readonly string[]): Promise<OutboxDelivery[]> {
    return this.model
      .find({ key: { $in: [...keys] } }, { _id: 0, key: 1, state: 1, sentAt: 1, lastError: 1 })
      .lean<OutboxDelivery[]>()
  }

  /** Of these keys, those whose message was sent by `until`. */
  async sentKeys(keys: readonly string[], until: Date): Promise<string[]> {
    return (
      await this.model.find({ key: { $in: [...keys] }, state: 'sent', sentAt: { $lte: until } }, { key: 1 }).lean()
    ).map((d) => d.key)
  }

  /** Messages in the given states (default: everything not yet sent), most urgent and oldest first. */
  async list(states: OutboxState[] = ['pending', 'sending', 'failed', 'dead'], limit = 200): Promise<OutboxDoc[]> {
    return this.model
      .find({ state: { $in: states } })
      .sort({ priority: 1, createdAt: 1, _id: 1 })
      .limit(limit)
      .lean<OutboxDoc[]>()
  }

  /** The latest messages naming the unit in their meta (reminders, 催报, returns, notices), without bodies' bulk. */
  async ofUnit(unitCode: string, limit: number): Promise<OutboxDoc[]> {
    return this.model
      .find({ 'meta.unitCodes': unitCode }, { html: 0, attachments: 0 })
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit)
      .lean<OutboxDoc[]>()
  }

  /**
   * Dead messages sent again (e.g. once the SMTP server or the bot is back): pending now, with a fresh
   * retry budget; the last error stays for the record. `keys` absent: every dead message. Returns how many.
   */
  async revive(keys?: readonly string[]): Promise<number> {
    const r = await this.model.updateMany(
      // a WeCom group message waiting for its push address stays: sent again it would only die again
      { state: 'dead', 'target.webhookKey': { $ne: '' }, ...(keys ? { key: { $in: [...keys] } } : {}) },
      { $set: { state: 'pending', attempts: 0, dueAt: this.clock.now() } },
    )
    if (r.modifiedCount > 0)
      for (const channel of await this.model.distinct('channel', {
        state: 'pending',
        ...(keys ? { key: { $in: [...keys] } } : {}),
      }))
        this.events.emit('enqueued', channel)
    return r.modifiedCount
  }

  /**
   * The WeCom group's push address was set: its messages queued since `since` that waited for it
   * (src/outbox/to-record.ts) get the key and are sent. Returns how many.
   */
  async releaseWebhook(chatId: string, key: string, since: Date): Promise<number> {
    const r = await this.model.updateMany(
      { account: `${NO_WEBHOOK_ACCOUNT}${chatId}`, channel: 'wecom', state: 'dead', createdAt: { $gte: since } },
      {
        $set: {
          'target.webhookKey': key,
          account: key,
          targetKey: `wecom:${key}`,
          state: 'pending',
          attempts: 0,
          dueAt: this.clock.now(),
        },
        $unset: { lastError: 1 },
      },
    )
    if (r.modifiedCount > 0) this.events.emit('enqueued', 'wecom')
    return r.modifiedCount
  }

  async counts(): Promise<OutboxCounts> {
    const rows = await this.model.aggregate<{ _id: { channel: OutboxChannel; state: OutboxState }; count: number }>([
      { $group: { _id: { channel: '$channel', state: '$state' }, count: { $sum: 1 } } },
    ])
    return rows
      .map((r) => ({ channel: r._id.channel, state: r._id.state, count: r.count }))
      .sort((a, b) => `${a.channel}${a.state}`.localeCompare(`${b.channel}${b.state}`))
  }

  /** Counts the inserts per channel and wakes each channel's workers once (a 16,000-message sweep: 3 events, not 16,000). */
  private inserted(channels: OutboxChannel[]): void {
    const counts = new Map<OutboxChannel, number>()
    for (const channel of channels) counts.set(channel, (counts.get(channel) ?? 0) + 1)
    for (const [channel, n] of counts) {
      outboxMetrics.enqueued.inc({ channel }, n)
      this.events.emit('enqueued', channel)
    }
  }
}
