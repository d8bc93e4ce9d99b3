import { Schema, type Connection, type Model } from 'mongoose'
import type { MpUser } from '../../domain/mp-user.js'

export type { MpUser } from '../../domain/mp-user.js'

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
