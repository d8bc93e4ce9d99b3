import { Schema, type Connection, type Model } from 'mongoose'
import type { JournalEntry } from '../../domain/journal-entry.js'

/**
 * An incoming chat message as journaled before it is handled, so a process killed mid-turn loses
 * nothing: WeChat does not deliver it again. Keyed by the platform's message id per bot account.
 * handling (claimed by `leaseOwner` until `leaseUntil`) → done | failed (handling threw: not retried).
 */
export interface InboundMessage extends JournalEntry {
  receivedAt: Date
  state: 'handling' | 'done' | 'failed'
  leaseOwner: string
  leaseUntil: Date
  /** how many times it was claimed (1: handled by the process that received it) */
  attempts: number
  doneAt?: Date
  error?: string
}

const inboundMessageSchema = new Schema<InboundMessage>(
  {
    account: { type: String, required: true },
    messageId: { type: String, required: true },
    roomId: { type: String, default: '' },
    roomTopic: { type: String, default: '' },
    personId: { type: String, required: true },
    personName: { type: String, default: '' },
    text: { type: String, default: '' },
    mentioned: { type: Boolean, required: true },
    isText: { type: Boolean, required: true },
    // name, size and the channel's reference (FileRef): plain data, its shape is the channel's
    file: { type: Schema.Types.Mixed, default: undefined },
    receivedAt: { type: Date, required: true },
    state: { type: String, enum: ['handling', 'done', 'failed'], required: true },
    leaseOwner: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
    attempts: { type: Number, default: 1 },
    doneAt: Date,
    error: String,
  },
  { collection: 'inbound_messages' },
)
// one journal entry per platform message: a message delivered twice is handled once
inboundMessageSchema.index({ account: 1, messageId: 1 }, { unique: true })
// the recovery's claim: unfinished messages of an account whose lease has lapsed
inboundMessageSchema.index({ account: 1, state: 1, leaseUntil: 1 })

export function inboundMessageModel(conn: Connection): Model<InboundMessage> {
  return (
    (conn.models.InboundMessage as Model<InboundMessage>) ??
    conn.model<InboundMessage>('InboundMessage', inboundMessageSchema)
  )
}
