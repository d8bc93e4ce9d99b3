import type { Clock } from '../../clock.js'
import type { AuditEntry } from '../../domain/audit-entry.js'

export interface AuditQuery {
  actor?: string
  from?: Date
  to?: Date
  limit: number
  /** newest first; pass the last entry's `at` to page on */
  before?: Date
}

/** Where the audit entries are kept (src/db/repositories/audit-repository.ts). */
export interface AuditLog {
  append(e: AuditEntry): Promise<void>
  /** newest first */
  list(q: AuditQuery): Promise<AuditEntry[]>
}

/** Append-only log of every write (the HTTP layer records each write route; the CLI its own commands). */
export class AuditService {
  constructor(
    private readonly log: AuditLog,
    private readonly clock: Clock,
  ) {}

  async record(e: Omit<AuditEntry, 'at'>): Promise<void> {
    await this.log.append({ ...e, at: this.clock.now() })
  }

  list(q: AuditQuery): Promise<AuditEntry[]> {
    return this.log.list(q)
  }
}
