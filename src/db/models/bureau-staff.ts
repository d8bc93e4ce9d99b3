import { Schema, type Connection, type Model } from 'mongoose'
import type { BureauStaff } from '../../domain/bureau-staff.js'
import { ADMIN_ROLES } from '../../domain/admin-token.js'

export type { BureauStaff } from '../../domain/bureau-staff.js'

const bureauStaffSchema = new Schema<BureauStaff>(
  {
    name: { type: String, required: true },
    email: { type: String, required: true, unique: true },
    active: { type: Boolean, default: true },
    role: { type: String, enum: ADMIN_ROLES },
    unitCode: String,
    chatName: String,
  },
  { timestamps: true },
)

export function bureauStaffModel(conn: Connection): Model<BureauStaff> {
  return (
    (conn.models.BureauStaff as Model<BureauStaff>) ??
    conn.model<BureauStaff>('BureauStaff', bureauStaffSchema, 'bureau_staff')
  )
}
