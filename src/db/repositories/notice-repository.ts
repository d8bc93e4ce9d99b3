import { Types, type Connection } from 'mongoose'
import type { NoticeAck, NoticeRecord } from '../../domain/notice.js'
import { TtlCache } from '../../cache/ttl-cache.js'
import { noticeModel, type NoticeDoc } from '../models/notice.js'

/**
 * Staleness bound of the acknowledgement keywords kept below: a notice with its own keyword, queued in
 * another process, can be unknown here for this long — and not once its message was sent from this
 * process (the bot's 【通知】 calls forgetKeywords).
 */
const KEYWORDS_TTL_MS = 10_000

function record(doc: NoticeDoc): NoticeRecord {
  const { _id, ...n } = doc
  return { ...n, id: String(_id) }
}

const asRecord = (doc: NoticeDoc | null): NoticeRecord | null => (doc ? record(doc) : null)

/** Notices (the notice services' NoticeStore) on MongoDB: collection notices, acks embedded. */
export class NoticeRepository {
  private notices
  private keywords = new TtlCache<Promise<string[]>>(KEYWORDS_TTL_MS, 1)
  constructor(conn: Connection) {
    this.notices = noticeModel(conn)
  }

  /** an id for a notice about to be stored (its routes' outbox keys carry it) */
  newId(): string {
    return new Types.ObjectId().toHexString()
  }

  async insert(n: NoticeRecord): Promise<void> {
    const { id, ...rest } = n
    await this.notices.create({ ...rest, _id: new Types.ObjectId(id) })
  }

  async byId(id: string): Promise<NoticeRecord | null> {
    if (!Types.ObjectId.isValid(id)) return null
    return asRecord(await this.notices.findById(id).lean<NoticeDoc>())
  }

  async draft(id: string): Promise<NoticeRecord | null> {
    if (!Types.ObjectId.isValid(id)) return null
    return asRecord(await this.notices.findOne({ _id: id, status: 'draft' }).lean<NoticeDoc>())
  }

  /** the draft becomes queued, once: null when it is no longer a draft */
  async queueDraft(id: string, set: { sendAt: Date; followUpAt?: Date }): Promise<NoticeRecord | null> {
    const doc = await this.notices
      .findOneAndUpdate(
        { _id: id, status: 'draft' },
        { $set: { status: 'queued', ...set } },
        { returnDocument: 'after' },
      )
      .lean<NoticeDoc>()
    return asRecord(doc)
  }

  async discardDraft(id: string): Promise<void> {
    if (!Types.ObjectId.isValid(id)) return
    await this.notices.updateOne({ _id: id, status: 'draft' }, { $set: { status: 'discarded' } })
  }

  /** queued notices, latest first */
  async queued(limit: number, offset: number): Promise<NoticeRecord[]> {
    return (
      await this.notices
        .find({ status: 'queued' })
        .sort({ createdAt: -1, _id: -1 })
        .skip(offset)
        .limit(limit)
        .lean<NoticeDoc[]>()
    ).map(record)
  }

  /** the latest queued notice, or the latest whose title contains `part` (taken literally) */
  async latestQueued(part: string): Promise<NoticeRecord | null> {
    const title = part ? { title: { $regex: part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') } } : {}
    return asRecord(
      await this.notices
        .findOne({ status: 'queued' as const, ...title })
        .sort({ createdAt: -1, _id: -1 })
        .lean<NoticeDoc>(),
    )
  }

  /** up to 20 queued notices routed to the room that ask for an acknowledgement, sent in [from, to], latest first */
  async awaitingIn(roomId: string, from: Date, to: Date): Promise<NoticeRecord[]> {
    const docs = await this.notices
      .find({ 'routes.roomId': roomId, status: 'queued', ackRequired: true, sendAt: { $gte: from, $lte: to } })
      .sort({ sendAt: -1, _id: -1 })
      .limit(20)
      .lean<NoticeDoc[]>()
    return docs.map(record)
  }

  /** The acknowledgement keywords of notices queued (or scheduled) since `since`; kept KEYWORDS_TTL_MS. */
  ackKeywords(since: Date): Promise<string[]> {
    const hit = this.keywords.get('')
    if (hit) return hit
    const words = this.notices
      .distinct('ackKeyword', { status: 'queued', ackRequired: true, sendAt: { $gte: since } })
      .then((ks) => ks.filter((k): k is string => typeof k === 'string' && k.length > 0))
    this.keywords.set('', words)
    words.catch(() => {
      if (this.keywords.get('') === words) this.keywords.delete('')
    })
    return words
  }

  /** A notice message went out: its keyword must be known at once. */
  forgetKeywords(): void {
    this.keywords.delete('')
  }

  /** One conditional $push: false when the unit has acknowledged already. */
  async addAck(id: string, ack: NoticeAck): Promise<boolean> {
    const r = await this.notices.updateOne(
      { _id: id, 'acks.unitCode': { $ne: ack.unitCode } },
      { $push: { acks: ack } },
    )
    return r.modifiedCount > 0
  }

  /** Claims the notice whose follow-up is due longest (sets followedUpAt in one conditional update). */
  async claimFollowUp(now: Date): Promise<NoticeRecord | null> {
    const doc = await this.notices
      .findOneAndUpdate(
        { status: 'queued', ackRequired: true, followUpAt: { $lte: now }, followedUpAt: null },
        { $set: { followedUpAt: now } },
        { sort: { followUpAt: 1 }, returnDocument: 'after' },
      )
      .lean<NoticeDoc>()
    return asRecord(doc)
  }
}
