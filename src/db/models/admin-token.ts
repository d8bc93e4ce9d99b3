import { Schema, type Connection, type Model, type Types } from 'mongoose'

export const ADMIN_ROLES = ['bureau_admin', 'bureau_viewer', 'dept_reviewer'] as const
export type AdminRole = (typeof ADMIN_ROLES)[number]

/**
 * A bearer token for the admin API. Only the SHA-256 of the token is stored: a leaked database does not
 * leak usable tokens, and the plaintext is shown once by `npm run admin -- token create`.
 */
export interface AdminToken {
  name: string
  role: AdminRole
  /** the 主管部门 a dept_reviewer reviews for */
  unitCode?: string
  hash: string
  createdAt: Date
  revokedAt?: Date
}

export type AdminTokenDoc = AdminToken & { _id: Types.ObjectId }

const adminTokenSchema = new Schema<AdminTokenDoc>({
  name: { type: String, required: true },
  role: { type: String, enum: ADMIN_ROLES, required: true },
  unitCode: String,
  hash: { type: String, required: true, unique: true },
  createdAt: { type: Date, required: true },
  revokedAt: Date,
})

export function adminTokenModel(conn: Connection): Model<AdminTokenDoc> {
  return (conn.models.AdminToken as Model<AdminTokenDoc>) ?? conn.model<AdminTokenDoc>('AdminToken', adminTokenSchema)
}
