import { Schema, type Connection, type Model } from 'mongoose'
import { ADMIN_ROLES } from '../../domain/admin-token.js'
import type { LoginLink } from '../../domain/login-link.js'

const loginLinkSchema = new Schema<LoginLink>({
  hash: { type: String, required: true, unique: true },
  name: { type: String, required: true },
  role: { type: String, enum: ADMIN_ROLES, required: true },
  unitCode: String,
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
  usedAt: Date,
})

export function loginLinkModel(conn: Connection): Model<LoginLink> {
  return (
    (conn.models.LoginLink as Model<LoginLink>) ?? conn.model<LoginLink>('LoginLink', loginLinkSchema, 'login_links')
  )
}
