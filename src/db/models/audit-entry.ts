import { Schema, type Connection, type Model, type Types } from 'mongoose'
import type { AuditEntry } from '../../domain/audit-entry.js'

export type { AuditEntry } from '../../domain/audit-entry.js'

export type AuditEntryDoc = AuditEntry & { _id: Types.ObjectId }

const auditSchema = new Schema<AuditEntryDoc>({
  at: { type: Date, required: true },
  actor: { type: String, required: true },
  role: { type: String, required: true },
  action: { type: String, required: true },
  target: { type: Schema.Types.Mixed },
  status: { type: Number, required: true },
  requestId: String,
})
// the audit list is read newest first, optionally per actor
auditSchema.index({ at: -1 })
auditSchema.index({ actor: 1, at: -1 })

export function auditEntryModel(conn: Connection): Model<AuditEntryDoc> {
  return (
    (conn.models.AuditEntry as Model<AuditEntryDoc>) ??
    conn.model<AuditEntryDoc>('AuditEntry', auditSchema, 'audit_log')
  )
}
