import { Schema, type Connection, type Model } from 'mongoose'
import type { BureauStaff } from '../../domain/bureau-staff.js'

export type { BureauStaff } from '../../domain/bureau-staff.js'

const bureauStaffSchema = new Schema<BureauStaff>(
  {
    name: { type: String, required: true },
    email: { type: String, required: true, unique: true },
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
)

export function bureauStaffModel(conn: Connection): Model<BureauStaff> {
  return (
    (conn.models.BureauStaff as Model<BureauStaff>) ??
    conn.model<BureauStaff>('BureauStaff', bureauStaffSchema, 'bureau_staff')
  )
}
