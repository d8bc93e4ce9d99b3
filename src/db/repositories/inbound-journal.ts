import type { Connection, Model } from 'mongoose'
import type { Clock } from '../../clock.js'
import { isDuplicateKey } from '../duplicate-key.js'
import { inboundMessageModel, type InboundMessage } from '../models/inbound-message.js'

/** What the bot journals of a message it received (the rest is bookkeeping). */
export type InboundEntry = Pick<
  InboundMessage,
  | 'account'
  | 'messageId'
  | 'roomId'
  | 'roomTopic'
  | 'personId'
  | 'personName'
  | 'text'
  | 'mentioned'
  | 'isText'
  | 'file'
>

/** A journaled message is claimed at most this often (one that keeps killing its handler is then left alone). */
const MAX_ATTEMPTS = 3

/**
 * The inbound journal: every chat message is written here before it is handled and marked done after
 * its answer is stored and its reply queued. A process killed in between leaves the entry `handling`
 * under its lease; the bot (at login and then every half lease) claims entries whose lease lapsed with
 * one atomic update each, so two processes never handle one message together.
 */
export class InboundJournal {
  readonly model: Model<InboundMessage>
  constructor(
    conn: Connection,
    private readonly clock: Clock,
    readonly owner: string,
    readonly leaseMs: number,
  ) {
    this.model = inboundMessageModel(conn)
  }

  /** Journals a message received now, claimed by this process; false when it was journaled before (delivered twice). */
  async record(e: InboundEntry): Promise<boolean> {
    const now = this.clock.now()
    try {
      await this.model.create({
        ...e,
        receivedAt: now,
        state: 'handling',
        leaseOwner: this.owner,
        leaseUntil: new Date(now.getTime() + this.leaseMs),
        attempts: 1,
      })
      return true
    } catch (err) {
      if (isDuplicateKey(err)) return false
      throw err
    }
  }

  /**
   * The oldest unfinished message of the account whose lease lapsed (its process died, or lost the
   * database mid-turn), now ours; `inFlight` are the ids this process is handling right now.
   */
  async claimOrphan(account: string, inFlight: string[] = []): Promise<InboundMessage | null> {
    const now = this.clock.now()
    return this.model
      .findOneAndUpdate(
        {
          account,
          state: 'handling',
          leaseUntil: { $lt: now },
          messageId: { $nin: inFlight },
          attempts: { $lt: MAX_ATTEMPTS },
        },
        { $set: { leaseOwner: this.owner, leaseUntil: new Date(now.getTime() + this.leaseMs) }, $inc: { attempts: 1 } },
        { sort: { receivedAt: 1 }, returnDocument: 'after' },
      )
      .lean<InboundMessage>()
  }

  async done(account: string, messageId: string, redactedText?: string): Promise<void> {
    await this.model.updateOne(
      { account, messageId, leaseOwner: this.owner },
      {
        $set: {
          state: 'done',
          doneAt: this.clock.now(),
          ...(redactedText !== undefined ? { text: redactedText } : {}),
        },
      },
    )
  }

  /** Handling threw (a bug or bad data, not a crash): kept for a look, not tried again. */
  async failed(account: string, messageId: string, error: string): Promise<void> {
    await this.model.updateOne(
      { account, messageId, leaseOwner: this.owner },
      { $set: { state: 'failed', doneAt: this.clock.now(), error: error.slice(0, 500) } },
    )
  }
}
