import { Schema, type Connection, type Model } from 'mongoose'
import type { BindCode } from '../../domain/bind-code.js'

export type { BindCode } from '../../domain/bind-code.js'

const bindCodeSchema = new Schema<BindCode>({
  unitCode: { type: String, required: true, unique: true },
  code: { type: String, required: true, unique: true },
  createdAt: { type: Date, required: true },
  rotatedAt: Date,
})

export function bindCodeModel(conn: Connection): Model<BindCode> {
  return (conn.models.BindCode as Model<BindCode>) ?? conn.model<BindCode>('BindCode', bindCodeSchema)
}
