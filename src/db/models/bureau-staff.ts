import { Schema, type Connection, type Model } from 'mongoose'

/**
 * Finance-bureau staff (财政局绩效管理股) who receive the weekly progress summary of open rounds by
 * e-mail. Managers (分管领导) are a different list: they get the daily overdue digest for their scope.
 */
export interface BureauStaff {
  name: string
  email: string
  active: boolean
}

const bureauStaffSchema = new Schema<BureauStaff>(
  {
    name: { type: String, required: true },
    email: { type: String, required: true, unique: true },
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
)

export function bureauStaffModel(conn: Connection): Model<BureauStaff> {
  return (conn.models.BureauStaff as Model<BureauStaff>) ?? conn.model<BureauStaff>('BureauStaff', bureauStaffSchema, 'bureau_staff')
}
