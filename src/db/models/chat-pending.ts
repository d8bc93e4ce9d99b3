import { Schema, type Connection, type Model } from 'mongoose'

/**
 * A question the bot asked one person outside a form: which form to fill (several apply), which unit
 * (a person bound to several), or whether to take over a colleague's dialog. One per person and room.
 * pick-form keeps the unit's whole list of the round in its fixed order, submitted tables included, so
 * a number means the table shown with it; statuses are read again when the clerk picks.
 */
export type PendingChoice =
  | { kind: 'pick-form'; unitCode: string; options: { roundId: string; form: string; label: string }[] }
  | { kind: 'pick-unit'; options: { unitCode: string; label: string }[] }
  | { kind: 'takeover'; dialogId: string; ownerName: string; label: string }
  | { kind: 'confirm-notice'; noticeDraftId: string }

export interface ChatPending {
  roomId: string
  memberId: string
  choice: PendingChoice
  createdAt: Date
}

const chatPendingSchema = new Schema<ChatPending>({
  roomId: { type: String, required: true },
  memberId: { type: String, required: true },
  choice: { type: Schema.Types.Mixed, required: true },
  createdAt: { type: Date, required: true },
})
chatPendingSchema.index({ roomId: 1, memberId: 1 }, { unique: true })

export function chatPendingModel(conn: Connection): Model<ChatPending> {
  return (conn.models.ChatPending as Model<ChatPending>) ?? conn.model<ChatPending>('ChatPending', chatPendingSchema)
}
