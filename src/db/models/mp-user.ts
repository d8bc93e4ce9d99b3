import { Schema, type Connection, type Model } from 'mongoose'

/** A mini-program user (one WeChat openid) and the unit they bound themselves to. */
export interface MpUser {
  openid: string
  unionid?: string
  unitCode?: string
  boundAt?: Date
  lastLoginAt: Date
}

const mpUserSchema = new Schema<MpUser>(
  {
    openid: { type: String, required: true, unique: true },
    unionid: String,
    unitCode: { type: String, index: true },
    boundAt: Date,
    lastLoginAt: { type: Date, required: true },
  },
  { timestamps: true },
)

export function mpUserModel(conn: Connection): Model<MpUser> {
  return (conn.models.MpUser as Model<MpUser>) ?? conn.model<MpUser>('MpUser', mpUserSchema)
}
