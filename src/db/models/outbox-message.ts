import { Schema, type Connection, type Model, type Types } from 'mongoose'
import type { OutboxChannel, OutboxInput, OutboxState } from '../../domain/outbox-message.js'

/**
 * One outbox message as stored. `account` is whose pace it counts against (bot account, robot key, or
 * 'mail'); `targetKey` identifies the recipient so waiting messages with the same mergeGroup can be sent
 * as one; `dueAt` is when it may next be tried (notBefore at first, then the backoff instant).
 */
export interface OutboxRecord extends Omit<OutboxInput, 'account' | 'notBefore'> {
  channel: OutboxChannel
  account: string
  targetKey: string
  state: OutboxState
  attempts: number
  dueAt: Date
  createdAt: Date
  leaseOwner?: string
  leaseUntil?: Date
  /** set on every claim, so the messages merged into one send can be found together */
  claimToken?: string
  lastError?: string
  sentAt?: Date
  /** key of the message this one was sent together with, when merged */
  mergedInto?: string
  /**
   * how many of its parts (split text, then files) the platform took before a send failed: a retry starts
   * after them. Kept for a message sent alone only (a merged send's parts depend on what was merged).
   */
  partsSent?: number
}

export type OutboxDoc = OutboxRecord & { _id: Types.ObjectId }

const outboxSchema = new Schema<OutboxDoc>(
  {
    key: { type: String, required: true },
    channel: { type: String, enum: ['wechat', 'wecom', 'email', 'dingtalk', 'wecom-app'], required: true },
    account: { type: String, required: true },
    target: { type: Schema.Types.Mixed, required: true },
    targetKey: { type: String, required: true },
    text: { type: String, required: true },
    subject: String,
    html: String,
    attachments: { type: [{ _id: false, filename: String, contentType: String, content: String }], default: undefined },
    priority: { type: Number, required: true },
    mergeGroup: String,
    meta: Schema.Types.Mixed,
    state: { type: String, enum: ['pending', 'sending', 'sent', 'failed', 'dead'], required: true },
    attempts: { type: Number, default: 0 },
    dueAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    leaseOwner: String,
    leaseUntil: Date,
    claimToken: String,
    lastError: String,
    sentAt: Date,
    mergedInto: String,
    partsSent: Number,
  },
  { collection: 'outbox', minimize: false },
)
outboxSchema.index({ key: 1 }, { unique: true })
// the claim: waiting messages of one channel/account, most urgent and oldest first
outboxSchema.index({ channel: 1, account: 1, state: 1, priority: 1, createdAt: 1 })
outboxSchema.index({ state: 1, channel: 1 })
// a unit's messages on the console's unit page (reminders, 催报, returns, notices), latest first
outboxSchema.index({ 'meta.unitCodes': 1, createdAt: -1 })

export function outboxModel(conn: Connection): Model<OutboxDoc> {
  return (conn.models.OutboxMessage as Model<OutboxDoc>) ?? conn.model<OutboxDoc>('OutboxMessage', outboxSchema)
}
