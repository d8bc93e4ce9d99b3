import type { Connection } from 'mongoose'
import type { AuditEntry } from '../../domain/audit-entry.js'
import { auditEntryModel } from '../models/audit-entry.js'

/** The audit log (AuditService's AuditLog) on MongoDB: collection audit_log. */
export class AuditRepository {
  private entries
  constructor(conn: Connection) {
    this.entries = auditEntryModel(conn)
  }

  async append(e: AuditEntry): Promise<void> {
    await this.entries.create(e)
  }

  /** Newest first; served by the { at: -1 } or { actor: 1, at: -1 } index. */
  async list(q: { actor?: string; from?: Date; to?: Date; before?: Date; limit: number }): Promise<AuditEntry[]> {
    const at: Record<string, Date> = {}
    if (q.from) at.$gte = q.from
    if (q.to) at.$lte = q.to
    if (q.before) at.$lt = q.before
    const filter = { ...(q.actor ? { actor: q.actor } : {}), ...(Object.keys(at).length ? { at } : {}) }
    return this.entries.find(filter, { _id: 0, __v: 0 }).sort({ at: -1 }).limit(q.limit).lean<AuditEntry[]>()
  }
}
