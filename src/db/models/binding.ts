import { Schema, type Connection, type Model, type Types } from 'mongoose'
import type { Binding } from '../../domain/binding.js'

export type { Binding, BindingKind } from '../../domain/binding.js'

/** A binding as MongoDB stores it. */
export type BindingRow = Binding & { _id: Types.ObjectId }

const bindingSchema = new Schema<BindingRow>(
  {
    kind: { type: String, enum: ['unit-room', 'shared-room', 'bureau-room', 'member'], required: true },
    account: { type: String, required: true, default: 'default' },
    roomId: String,
    roomTopic: String,
    unitCode: String,
    memberId: String,
    memberName: String,
    active: { type: Boolean, default: true },
    boundBy: String,
    boundAt: { type: Date, required: true },
    webhookKey: String,
  },
  { timestamps: true },
)
bindingSchema.index({ unitCode: 1, active: 1, kind: 1 })
bindingSchema.index({ roomId: 1, active: 1 })
bindingSchema.index({ memberId: 1, active: 1 })
// the reminder repository's snapshot check reads the newest updatedAt (unit-binding-snapshot.ts)
bindingSchema.index({ updatedAt: -1 })

export function bindingModel(conn: Connection): Model<BindingRow> {
  return (conn.models.Binding as Model<BindingRow>) ?? conn.model<BindingRow>('Binding', bindingSchema)
}
