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
  /** revokes one token; false when it was revoked already */
  revokeById(id: string, at: Date): Promise<boolean>
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

  /**
   * A console session: an admin token like the CLI's (stored hashed, same prefix, same middleware) that
   * lapses after `ttlSeconds` — signing in by a one-time link must not leave a token alive for good.
   */
  async createSession(input: {
    name: string
    role: AdminRole
    unitCode?: string
    ttlSeconds: number
  }): Promise<CreatedToken & { expiresAt: Date }> {
    const token = ADMIN_TOKEN_PREFIX + randomBytes(32).toString('base64url')
    const now = this.clock.now()
    const expiresAt = new Date(now.getTime() + input.ttlSeconds * 1000)
    const unitCode = input.role === 'dept_reviewer' ? input.unitCode : undefined
    const id = await this.tokens.insert({
      name: input.name,
      role: input.role,
      unitCode,
      hash: hashToken(token),
      createdAt: now,
      expiresAt,
    })
    return { id, name: input.name, role: input.role, unitCode, token, expiresAt }
  }

  /** The principal for a presented token, or null when unknown, revoked or (a session) expired. */
  async verify(token: string): Promise<Principal | null> {
    const doc = await this.live(token)
    if (!doc) return null
    return { kind: 'admin', role: doc.role, name: doc.name, tokenId: doc.id, unitCode: doc.unitCode }
  }

  /** When the token lapses (null: never), for the console's session read-back; null too when not live. */
  async expiryOf(token: string): Promise<{ expiresAt: Date | null } | null> {
    const doc = await this.live(token)
    return doc ? { expiresAt: doc.expiresAt ?? null } : null
  }

  /**
   * Logout: a console session stops working at once (the person's other sessions stay). A CLI token is
   * left alive — the console only forgets it — since it is revoked by name (`npm run admin -- token revoke`)
   * and may be in use by scripts.
   */
  async revokeToken(token: string): Promise<boolean> {
    const doc = await this.live(token)
    if (!doc?.expiresAt) return false
    return this.tokens.revokeById(doc.id, this.clock.now())
  }

  private async live(token: string): Promise<(AdminToken & { id: string }) | null> {
    if (!token.startsWith(ADMIN_TOKEN_PREFIX) || token.length > 100) return null
    const doc = await this.tokens.byHash(hashToken(token))
    if (!doc || doc.revokedAt) return null
    if (doc.expiresAt && doc.expiresAt.getTime() <= this.clock.now().getTime()) return null
    return doc
  }

  async revoke(name: string): Promise<number> {
    return this.tokens.revokeByName(name, this.clock.now())
  }
}
