import type { AdminRole } from './admin-token.js'

/**
 * A one-time sign-in link for the web console, asked for with `登录` in the bureau group: bound to one
 * person and the role the bureau's staff list gives them, valid for minutes, used once. Only the
 * SHA-256 of its secret is stored, like an admin token's.
 */
export interface LoginLink {
  hash: string
  /** the staff member's name (the session's name in the audit log: `admin:console:<name>`) */
  name: string
  role: AdminRole
  /** the 主管部门 of a dept_reviewer */
  unitCode?: string
  createdAt: Date
  expiresAt: Date
  /** set by the one exchange that succeeds */
  usedAt?: Date
}
