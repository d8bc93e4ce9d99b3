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
  /** a console session (signed in by a one-time link) lapses at this instant; a CLI token never does */
  expiresAt?: Date
}
