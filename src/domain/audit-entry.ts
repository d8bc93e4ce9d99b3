/** One write through the API or the admin CLI: who, what, on which target, when, with what outcome. */
export interface AuditEntry {
  at: Date
  actor: string
  role: string
  action: string
  target?: Record<string, string>
  status: number
  requestId?: string
}
