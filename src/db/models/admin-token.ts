import { Schema, type Connection, type Model, type Types } from 'mongoose'
import { ADMIN_ROLES, type AdminToken } from '../../domain/admin-token.js'

export { ADMIN_ROLES, type AdminRole, type AdminToken } from '../../domain/admin-token.js'

export type AdminTokenDoc = AdminToken & { _id: Types.ObjectId }

const adminTokenSchema = new Schema<AdminTokenDoc>({
  name: { type: String, required: true },
  role: { type: String, enum: ADMIN_ROLES, required: true },
  unitCode: String,
  hash: { type: String, required: true, unique: true },
  createdAt: { type: Date, required: true },
  revokedAt: Date,
  expiresAt: Date,
})

export function adminTokenModel(conn: Connection): Model<AdminTokenDoc> {
  return (conn.models.AdminToken as Model<AdminTokenDoc>) ?? conn.model<AdminTokenDoc>('AdminToken', adminTokenSchema)
}
