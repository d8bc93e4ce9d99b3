import { Schema, type Connection, type Model, type Types } from 'mongoose'
import type { DialogFields } from '../../domain/dialog.js'

/** A dialog as stored: the entity's fields under a MongoDB ObjectId (src/domain/dialog.ts says what each is). */
export type DialogDoc = DialogFields & { _id: Types.ObjectId }

const dialogSchema = new Schema<DialogDoc>(
  {
    account: { type: String, required: true },
    roundId: { type: String, required: true },
    unitCode: { type: String, required: true },
    form: { type: String, required: true },
    ownerId: { type: String, required: true },
    ownerName: { type: String, required: true },
    roomId: { type: String, default: '' },
    roomTopic: { type: String, default: '' },
    state: { type: Schema.Types.Mixed, required: true },
    status: { type: String, enum: ['active', 'parked', 'completed', 'cancelled'], required: true },
    lockKey: { type: String, required: true, unique: true },
    lastActivityAt: { type: Date, required: true },
    nudgedAt: Date,
    submissionId: String,
    rev: { type: Number, default: 0 },
    base: { type: String, default: undefined },
    lastTurn: { type: Schema.Types.Mixed, default: undefined },
  },
  { timestamps: true, minimize: false },
)
dialogSchema.index({ ownerId: 1, roomId: 1, status: 1 })
// every chat turn saves with { _id, rev } (the optimistic revision): unique by construction, and a key
// that equals the query's lets servers that use an index only for an exact unique key (mongo-java-server,
// the test and offline database) find the dialog without scanning them all
dialogSchema.index({ _id: 1, rev: 1 }, { unique: true })
dialogSchema.index({ status: 1, lastActivityAt: 1 })
// a journaled message handled again after a crash looks up the dialog it already went into
dialogSchema.index({ 'lastTurn.messageId': 1 }, { sparse: true })

export function dialogModel(conn: Connection): Model<DialogDoc> {
  return (conn.models.Dialog as Model<DialogDoc>) ?? conn.model<DialogDoc>('Dialog', dialogSchema)
}
