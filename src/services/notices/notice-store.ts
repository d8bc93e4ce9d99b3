import type { NoticeAck, NoticeRecord } from '../../domain/notice.js'

/** Where notices are kept (src/db/repositories/notice-repository.ts); the notice services own this port. */
export interface NoticeStore {
  /** an id for a notice about to be stored (its routes' outbox keys carry it) */
  newId(): string
  insert(n: NoticeRecord): Promise<void>
  byId(id: string): Promise<NoticeRecord | null>
  draft(id: string): Promise<NoticeRecord | null>
  /** the draft becomes queued, once: null when it is no longer a draft */
  queueDraft(id: string, set: { sendAt: Date; followUpAt?: Date }): Promise<NoticeRecord | null>
  discardDraft(id: string): Promise<void>
  /** queued notices, latest first */
  queued(limit: number, offset: number): Promise<NoticeRecord[]>
  /** the latest queued notice, or the latest whose title contains `part` */
  latestQueued(part: string): Promise<NoticeRecord | null>
  /** up to 20 queued notices routed to the room that ask for an acknowledgement, sent in [from, to], latest first */
  awaitingIn(roomId: string, from: Date, to: Date): Promise<NoticeRecord[]>
  /** the acknowledgement keywords of notices queued since `since`; may be a few seconds old */
  ackKeywords(since: Date): Promise<string[]>
  /** the next ackKeywords reads anew (a notice message just went out) */
  forgetKeywords(): void
  /** false when the unit has acknowledged already */
  addAck(id: string, ack: NoticeAck): Promise<boolean>
  /** claims the notice whose follow-up is due longest, once */
  claimFollowUp(now: Date): Promise<NoticeRecord | null>
}
