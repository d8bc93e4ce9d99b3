import { Schema, type Connection, type Model, type Types } from 'mongoose'
import type { FormCode } from '../../domain/types.js'

/**
 * A guided chat form in progress: the engine's state (plain JSON) plus who fills it, where, for which
 * unit, round and form. `lockKey` is unique while the dialog is active or parked
 * (`<round>:<unit>:<form>`), so one unit never has two dialogs for the same form; it is freed
 * (suffixed with the id) when the dialog ends.
 */
export type DialogStatus = 'active' | 'parked' | 'completed' | 'cancelled'

export interface Dialog {
  account: string
  roundId: string
  unitCode: string
  form: FormCode
  ownerId: string
  ownerName: string
  /** '' for a private chat */
  roomId: string
  roomTopic: string
  state: Record<string, unknown>
  status: DialogStatus
  lockKey: string
  lastActivityAt: Date
  nudgedAt?: Date
  submissionId?: string
  /** optimistic revision: a turn saves only if nobody saved in between */
  rev: number
  /**
   * The stamp of the form's latest version when the dialog loaded it (null: there was none). At 提交 a
   * newer version saved by someone else meanwhile is a conflict the user settles; absent on dialogs
   * from before this was kept (no check).
   */
  base?: string | null
  /**
   * The last chat message this dialog took and its replies, saved with the state it produced, so the
   * same message handled again after a crash (the inbound journal) is answered the same and not applied
   * twice. `completed`: it was 提交 (the submission to store); `submitted`: the reply once it is stored.
   */
  lastTurn?: LastTurn
}

export interface LastTurn {
  messageId: string
  replies: string[]
  completed?: { answers: Record<string, unknown> }
  submitted?: string
}

export type DialogDoc = Dialog & { _id: Types.ObjectId }

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
