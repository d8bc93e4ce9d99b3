import { Schema, type Connection, type Model } from 'mongoose'
import type { PendingChoice } from '../../domain/pending-choice.js'

export type { PendingChoice }

/** The pending choice of one person in one room (the type is the chat's: src/domain/pending-choice.ts). */
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
