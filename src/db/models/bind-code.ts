import { Schema, type Connection, type Model } from 'mongoose'

/**
 * The per-unit code a group (`绑定 <code>` in chat) or a mini-program user (POST /api/mp/bind) uses to
 * attach itself to a unit. Rotating replaces the code; bindings already made stay (they store the unit).
 */
export interface BindCode {
  unitCode: string
  code: string
  createdAt: Date
  rotatedAt?: Date
}

const bindCodeSchema = new Schema<BindCode>({
  unitCode: { type: String, required: true, unique: true },
  code: { type: String, required: true, unique: true },
  createdAt: { type: Date, required: true },
  rotatedAt: Date,
})

export function bindCodeModel(conn: Connection): Model<BindCode> {
  return (conn.models.BindCode as Model<BindCode>) ?? conn.model<BindCode>('BindCode', bindCodeSchema)
}
