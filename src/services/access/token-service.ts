import { createHash, randomBytes } from 'node:crypto'
import type { Clock } from '../../clock.js'
import type { AdminRole, AdminToken } from '../../domain/admin-token.js'
import type { UnitKind } from '../../domain/types.js'
import { AppError } from '../../errors.js'
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

/** Where tokens are kept (src/db/repositories/token-repository.ts). */
export interface TokenStore {
  /** the new token's id */
  insert(t: AdminToken): Promise<string>
  byHash(hash: string): Promise<(AdminToken & { id: string }) | null>
  /** revokes every live token of that name; how many */
  revokeByName(name: string, at: Date): Promise<number>
}

/** What a token needs of units (src/db/repositories/unit-repository.ts). */
export interface UnitKinds {
  kindOf(code: string): Promise<UnitKind | null>
}

export class TokenService {
  constructor(
    private readonly tokens: TokenStore,
    private readonly units: UnitKinds,
    private readonly clock: Clock,
  ) {}

  async create(input: { name: string; role: AdminRole; unitCode?: string }): Promise<CreatedToken> {
    if (input.role === 'dept_reviewer') {
      if (!input.unitCode) throw AppError.badRequest('主管部门审核员必须指定 --unit <主管部门代码>')
      if ((await this.units.kindOf(input.unitCode)) !== 'department')
        throw AppError.badRequest(`${input.unitCode} 不是主管部门`)
    }
    const token = ADMIN_TOKEN_PREFIX + randomBytes(32).toString('base64url')
    const unitCode = input.role === 'dept_reviewer' ? input.unitCode : undefined
    const id = await this.tokens.insert({
      name: input.name,
      role: input.role,
      unitCode,
      hash: hashToken(token),
      createdAt: this.clock.now(),
    })
    return { id, name: input.name, role: input.role, unitCode, token }
  }

  /** The principal for a presented token, or null when unknown or revoked. */
  async verify(token: string): Promise<Principal | null> {
    if (!token.startsWith(ADMIN_TOKEN_PREFIX) || token.length > 100) return null
    const doc = await this.tokens.byHash(hashToken(token))
    if (!doc || doc.revokedAt) return null
    return { kind: 'admin', role: doc.role, name: doc.name, tokenId: doc.id, unitCode: doc.unitCode }
  }

  async revoke(name: string): Promise<number> {
    return this.tokens.revokeByName(name, this.clock.now())
  }
}
