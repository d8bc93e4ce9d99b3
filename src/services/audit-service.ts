import type { Connection } from 'mongoose'
import type { Clock } from '../clock.js'
import { auditEntryModel, type AuditEntry } from '../db/models/audit-entry.js'

export interface AuditQuery {
  actor?: string
  from?: Date
  to?: Date
  limit: number
  /** newest first; pass the last entry's `at` to page on */
  before?: Date
}

/** Append-only log of every write (the HTTP layer records each write route; the CLI its own commands). */
export class AuditService {
  private entries
  constructor(conn: Connection, private readonly clock: Clock) {
    this.entries = auditEntryModel(conn)
  }

  async record(e: Omit<AuditEntry, 'at'>): Promise<void> {
    await this.entries.create({ ...e, at: this.clock.now() })
  }

  /** Served by the { at: -1 } or { actor: 1, at: -1 } index. */
  async list(q: AuditQuery): Promise<AuditEntry[]> {
    const at: Record<string, Date> = {}
    if (q.from) at.$gte = q.from
    if (q.to) at.$lte = q.to
    if (q.before) at.$lt = q.before
    const filter = { ...(q.actor ? { actor: q.actor } : {}), ...(Object.keys(at).length ? { at } : {}) }
    const docs = await this.entries.find(filter, { _id: 0, __v: 0 }).sort({ at: -1 }).limit(q.limit).lean<AuditEntry[]>()
    return docs
  }
}
