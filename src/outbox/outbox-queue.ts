import { randomUUID } from 'node:crypto'
import type { QueryFilter, Model } from 'mongoose'
import type { Clock } from '../clock.js'
import type { OutboxChannel } from './message.js'
import type { OutboxDoc } from '../db/models/outbox-message.js'
import { outboxMetrics } from './outbox-metrics.js'
import { retryDelayMs } from './backoff.js'

export interface ClaimScope {
  channel: OutboxChannel
  /** only this account (a bot account); absent: any account except those in `skipAccounts` */
  account?: string
  skipAccounts?: string[]
}

/** A claimed send: the head message and any waiting messages merged into it, all leased together. */
export interface Claim {
  token: string
  docs: OutboxDoc[]
}

/** most urgent and oldest first */
const CLAIM_ORDER = { priority: 1, createdAt: 1, _id: 1 } as const

interface Lease {
  leaseOwner: string
  leaseUntil: Date
  claimToken: string
}

/**
 * The sender's side of the outbox: single-document atomic claims with a lease (owner + expiry), so two
 * senders never take the same message and a message left `sending` by a dead process is taken again
 * once its lease has expired. No transactions: every transition is one conditional update.
 */
export class OutboxQueue {
  constructor(
    private readonly model: Model<OutboxDoc>,
    private readonly clock: Clock,
    private readonly owner: string,
    private readonly leaseMs: number,
    private readonly maxAttempts: number,
    /** told once for each message that goes dead (after it is marked so) */
    private readonly onDead?: (doc: OutboxDoc, error: string) => Promise<void>,
  ) {}

  async claim(scope: ClaimScope): Promise<Claim | null> {
    const now = this.clock.now()
    const token = randomUUID()
    const lease = { leaseOwner: this.owner, leaseUntil: new Date(now.getTime() + this.leaseMs), claimToken: token }
    const base: QueryFilter<OutboxDoc> = { channel: scope.channel }
    if (scope.account !== undefined) base.account = scope.account
    else if (scope.skipAccounts?.length) base.account = { $nin: scope.skipAccounts }
    const orphans = await this.claimOrphans(base, lease, now)
    if (orphans) {
      const spent = orphans.filter((d) => d.attempts >= this.maxAttempts)
      await this.giveUp(spent, token, spent[0]?.lastError ?? 'too many attempts')
      const docs = orphans.filter((d) => d.attempts < this.maxAttempts)
      return docs.length ? { token, docs } : this.claim(scope)
    }
    const head = await this.model
      .findOneAndUpdate(
        { ...base, state: { $in: ['pending', 'failed'] }, dueAt: { $lte: now } },
        { $set: { state: 'sending', ...lease } },
        { sort: CLAIM_ORDER, returnDocument: 'after' },
      )
      .lean<OutboxDoc>()
    if (!head) return null
    if (head.attempts >= this.maxAttempts) {
      await this.giveUp([head], token, head.lastError ?? 'too many attempts')
      return this.claim(scope)
    }
    if (!head.mergeGroup) return { token, docs: [head] }
    // waiting messages for the same recipient and merge group join this send (each keeps its own key)
    await this.model.updateMany(
      {
        channel: head.channel,
        account: head.account,
        targetKey: head.targetKey,
        mergeGroup: head.mergeGroup,
        state: { $in: ['pending', 'failed'] },
        dueAt: { $lte: now },
      },
      { $set: { state: 'sending', ...lease } },
    )
    const docs = await this.model.find({ claimToken: token }).sort(CLAIM_ORDER).lean<OutboxDoc[]>()
    return { token, docs: [head, ...docs.filter((d) => !d._id.equals(head._id))] }
  }

  /**
   * A lease left behind by a sender that died mid-send counts as a failed attempt. The dead send is taken
   * again as it was — the same messages merged, nothing new joined — so the resend is the same message
   * (the same e-mail Message-ID, derived from its keys) and the recipient's side can drop a duplicate.
   */
  private async claimOrphans(base: QueryFilter<OutboxDoc>, lease: Lease, now: Date): Promise<OutboxDoc[] | null> {
    const retake = { $set: { ...lease, lastError: 'lease expired (sender stopped mid-send)' }, $inc: { attempts: 1 } }
    const before = await this.model
      .findOneAndUpdate({ ...base, state: 'sending', leaseUntil: { $lt: now } }, retake, {
        sort: CLAIM_ORDER,
        returnDocument: 'before',
      })
      .lean<OutboxDoc>()
    if (!before) return null
    if (before.claimToken)
      await this.model.updateMany({ claimToken: before.claimToken, state: 'sending', leaseUntil: { $lt: now } }, retake)
    const docs = await this.model.find({ claimToken: lease.claimToken }).sort(CLAIM_ORDER).lean<OutboxDoc[]>()
    const head = docs.find((d) => d._id.equals(before._id))
    return head ? [head, ...docs.filter((d) => d !== head)] : docs
  }

  /** Gives a claim back untouched (the pace did not allow it yet); it keeps its place in the queue. */
  async release(claim: Claim): Promise<void> {
    await this.model.updateMany(
      { claimToken: claim.token, state: 'sending' },
      { $set: { state: 'pending' }, $unset: { leaseOwner: 1, leaseUntil: 1 } },
    )
  }

  /** Returns how many of the claim's messages were still ours (fewer: a lease expired and was retaken). */
  async sent(claim: Claim): Promise<number> {
    const now = this.clock.now()
    const [head, ...rest] = claim.docs
    const r = await this.model.updateMany(
      { claimToken: claim.token, state: 'sending' },
      { $set: { state: 'sent', sentAt: now }, $unset: { leaseOwner: 1, leaseUntil: 1 } },
    )
    if (rest.length)
      await this.model.updateMany(
        { _id: { $in: rest.map((d) => d._id) }, claimToken: claim.token },
        { $set: { mergedInto: head.key } },
      )
    outboxMetrics.sent.inc({ channel: head.channel }, r.modifiedCount)
    return r.modifiedCount
  }

  /**
   * One more failed attempt for each message: retried after the backoff, or dead after the last one.
   * `partsSent`: of a message sent alone, how many parts the platform took (the retry skips them).
   */
  async failed(claim: Claim, error: string, partsSent?: number): Promise<void> {
    const now = this.clock.now().getTime()
    for (const d of claim.docs) {
      const attempts = d.attempts + 1
      if (attempts >= this.maxAttempts) {
        await this.giveUp([{ ...d, attempts }], claim.token, error)
        continue
      }
      const dueAt = new Date(now + retryDelayMs(attempts))
      const r = await this.model.updateOne(
        { _id: d._id, claimToken: claim.token, state: 'sending' },
        {
          $set: { state: 'failed', attempts, dueAt, lastError: error, ...(partsSent ? { partsSent } : {}) },
          $unset: { leaseOwner: 1, leaseUntil: 1 },
        },
      )
      if (r.modifiedCount) outboxMetrics.failed.inc({ channel: d.channel })
    }
  }

  private async giveUp(docs: OutboxDoc[], token: string, error: string): Promise<void> {
    for (const d of docs) {
      const r = await this.model.updateOne(
        { _id: d._id, claimToken: token, state: 'sending' },
        { $set: { state: 'dead', attempts: d.attempts, lastError: error }, $unset: { leaseOwner: 1, leaseUntil: 1 } },
      )
      if (r.modifiedCount) {
        outboxMetrics.failed.inc({ channel: d.channel })
        outboxMetrics.dead.inc({ channel: d.channel })
        await this.onDead?.(d, error)
      }
    }
  }
}
