import { Schema, type Connection, type Model } from 'mongoose'
import type { Manager } from '../../domain/types.js'

const managerSchema = new Schema<Manager>(
  {
    name: { type: String, required: true },
    email: { type: String, required: true, unique: true },
    // { kind: 'all' } | { kind: 'department', code } | { kind: 'tag', tag }
    scope: { kind: { type: String, enum: ['all', 'department', 'tag'], required: true }, code: String, tag: String },
  },
  { timestamps: true },
)

export function managerModel(conn: Connection): Model<Manager> {
  return (conn.models.Manager as Model<Manager>) ?? conn.model<Manager>('Manager', managerSchema)
}
