import type { Collection } from 'mongodb'
import type { Connection, Model } from 'mongoose'
import type { Clock } from '../../clock.js'
import { inboundMessageModel, type InboundMessage } from '../models/inbound-message.js'
import { JournalWrites } from './journal-writes.js'

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
 * How long a done mark waits for others before they go as one command: short against the lease (at
 * most a quarter of it), so that another process's recovery does not take a handled message for an
 * orphan while its mark waits — and if one does, the replay changes nothing (see JournalWrites).
 */
const DONE_WAIT_MS = 250

/**
 * The inbound journal: every chat message is written here before it is handled and marked done after
 * its answer is stored and its reply queued. A process killed in between leaves the entry `handling`
 * under its lease; the bot (at login and then every half lease) claims entries whose lease lapsed with
 * one atomic update each, so two processes never handle one message together.
 *
 * Records and done/failed marks are group-committed (journal-writes.ts): with several conversations at
 * once they share one database command instead of two each per turn. Done marks also wait a moment
 * (DONE_WAIT_MS) for the marks of the turns that follow, so most turns send none of their own;
 * `flush()` sends the waiting ones (at shutdown).
 */
export class InboundJournal {
  readonly model: Model<InboundMessage>
  private readonly writes: JournalWrites
  constructor(
    conn: Connection,
    private readonly clock: Clock,
    readonly owner: string,
    readonly leaseMs: number,
  ) {
    this.model = inboundMessageModel(conn)
    this.writes = new JournalWrites(
      () => this.model.collection as unknown as Collection,
      Math.min(DONE_WAIT_MS, Math.floor(leaseMs / 4)),
    )
  }

  /** Sends the done marks waiting for others now (a process stopping); resolves once they are stored or refused. */
  flush(): Promise<void> {
    return this.writes.flushLater()
  }

  /** Journals a message received now, claimed by this process; false when it was journaled before (delivered twice). */
  record(e: InboundEntry): Promise<boolean> {
    const now = this.clock.now()
    // the document the schema would write (the driver's insert skips its defaults and casting)
    const doc: Omit<InboundMessage, 'account' | 'messageId'> = {
      roomId: e.roomId ?? '',
      roomTopic: e.roomTopic ?? '',
      personId: e.personId,
      personName: e.personName ?? '',
      text: e.text ?? '',
      mentioned: e.mentioned,
      isText: e.isText,
      ...(e.file !== undefined ? { file: e.file } : {}),
      receivedAt: now,
      state: 'handling',
      leaseOwner: this.owner,
      leaseUntil: new Date(now.getTime() + this.leaseMs),
      attempts: 1,
    }
    return this.writes.record({ account: e.account, messageId: e.messageId, ...doc })
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

  /**
   * Resolves once the mark is stored: up to DONE_WAIT_MS later, with the marks of other turns — or at
   * once when the text is to be replaced (`redactedText`: a secret masked), so the secret does not wait.
   */
  async done(account: string, messageId: string, redactedText?: string): Promise<void> {
    const write =
      redactedText !== undefined ? this.writes.mark.bind(this.writes) : this.writes.markLater.bind(this.writes)
    await write({
      updateOne: {
        filter: { account, messageId, leaseOwner: this.owner },
        update: {
          $set: {
            state: 'done',
            doneAt: this.clock.now(),
            ...(redactedText !== undefined ? { text: redactedText } : {}),
          },
        },
      },
    })
  }

  /** Handling threw (a bug or bad data, not a crash): kept for a look, not tried again. */
  async failed(account: string, messageId: string, error: string): Promise<void> {
    await this.writes.mark({
      updateOne: {
        filter: { account, messageId, leaseOwner: this.owner },
        update: { $set: { state: 'failed', doneAt: this.clock.now(), error: error.slice(0, 500) } },
      },
    })
  }
}
