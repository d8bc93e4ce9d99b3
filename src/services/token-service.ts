import { createHash, randomBytes } from 'node:crypto'
import type { Connection } from 'mongoose'
import type { Clock } from '../clock.js'
import { adminTokenModel, type AdminRole } from '../db/models/admin-token.js'
import { unitModel } from '../db/models/unit.js'
import { AppError } from '../errors.js'
import type { Principal } from './principal.js'

/** Admin tokens are "tb_" + 32 random bytes; the prefix lets the auth middleware tell them from JWTs. */
export const ADMIN_TOKEN_PREFIX = 'tb_'

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export interface CreatedToken {
  id: string
  name: string
  role: AdminRole
  unitCode?: string
  /** shown once; only its hash is stored */
  token: string
}

export class TokenService {
  private tokens
  private units
  constructor(conn: Connection, private readonly clock: Clock) {
    this.tokens = adminTokenModel(conn)
    this.units = unitModel(conn)
  }

  async create(input: { name: string; role: AdminRole; unitCode?: string }): Promise<CreatedToken> {
    if (input.role === 'dept_reviewer') {
      if (!input.unitCode) throw AppError.badRequest('主管部门审核员必须指定 --unit <主管部门代码>')
      const dept = await this.units.findOne({ code: input.unitCode }, { kind: 1 }).lean()
      if (!dept || dept.kind !== 'department') throw AppError.badRequest(`${input.unitCode} 不是主管部门`)
    }
    const token = ADMIN_TOKEN_PREFIX + randomBytes(32).toString('base64url')
    const unitCode = input.role === 'dept_reviewer' ? input.unitCode : undefined
    const doc = await this.tokens.create({ name: input.name, role: input.role, unitCode, hash: hashToken(token), createdAt: this.clock.now() })
    return { id: String(doc._id), name: input.name, role: input.role, unitCode, token }
  }

  /** The principal for a presented token, or null when unknown or revoked. */
  async verify(token: string): Promise<Principal | null> {
    if (!token.startsWith(ADMIN_TOKEN_PREFIX) || token.length > 100) return null
    const doc = await this.tokens.findOne({ hash: hashToken(token) }).lean()
    if (!doc || doc.revokedAt) return null
    return { kind: 'admin', role: doc.role, name: doc.name, tokenId: String(doc._id), unitCode: doc.unitCode }
  }

  async revoke(name: string): Promise<number> {
    const r = await this.tokens.updateMany({ name, revokedAt: { $exists: false } }, { $set: { revokedAt: this.clock.now() } })
    return r.modifiedCount
  }
}
