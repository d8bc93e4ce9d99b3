import { randomBytes } from 'node:crypto'
import type { Clock } from '../../clock.js'
import type { AdminRole } from '../../domain/admin-token.js'
import type { LoginLink } from '../../domain/login-link.js'
import { AppError } from '../../errors.js'
import { hashToken, type TokenService } from './token-service.js'

/** Where one-time links are kept (src/db/repositories/login-link-repository.ts). */
export interface LoginLinkStore {
  insert(link: LoginLink): Promise<void>
  /** marks it used and returns it; null when unknown, used already or expired at `now` */
  use(hash: string, now: Date): Promise<LoginLink | null>
}

export interface ConsoleLoginConfig {
  /** where people open the service, e.g. https://tianbao.example.gov.cn (no trailing slash) */
  publicBaseUrl: string
  sessionTtlSeconds: number
}

/** A link lives 5 minutes: long enough to open it from the phone, short enough that a forwarded one is dead. */
export const LOGIN_LINK_MINUTES = 5

/** A person allowed into the console, as the bureau's staff list names them. */
export interface ConsolePerson {
  name: string
  role: AdminRole
  unitCode?: string
}

/**
 * Sign-in without typing tokens: `登录` in the bureau group → a one-time link (5 minutes, one use, bound
 * to the person and role) → the console exchanges it for a session token that expires (8 h by default).
 * Example link: https://tianbao.example.gov.cn/console/login?t=Xb3…
 */
export class ConsoleLogin {
  constructor(
    private readonly links: LoginLinkStore,
    private readonly tokens: Pick<TokenService, 'createSession'>,
    private readonly clock: Clock,
    private readonly cfg: ConsoleLoginConfig,
  ) {}

  async issue(person: ConsolePerson): Promise<{ url: string; expiresAt: Date }> {
    const secret = randomBytes(24).toString('base64url')
    const now = this.clock.now()
    const expiresAt = new Date(now.getTime() + LOGIN_LINK_MINUTES * 60_000)
    await this.links.insert({
      hash: hashToken(secret),
      name: person.name,
      role: person.role,
      unitCode: person.role === 'dept_reviewer' ? person.unitCode : undefined,
      createdAt: now,
      expiresAt,
    })
    return { url: `${this.cfg.publicBaseUrl}/console/login?t=${secret}`, expiresAt }
  }

  /** The link's secret → a session token; a link works once, and not after it expired. */
  async exchange(
    secret: string,
  ): Promise<{ token: string; expiresAt: string; name: string; role: AdminRole; unitCode?: string }> {
    const link = await this.links.use(hashToken(secret), this.clock.now())
    if (!link)
      throw new AppError(404, 'login_link_invalid', '登录链接无效、已使用或已过期，请在财政局工作群重新发送“登录”')
    const s = await this.tokens.createSession({
      name: `console:${link.name}`,
      role: link.role,
      unitCode: link.unitCode,
      ttlSeconds: this.cfg.sessionTtlSeconds,
    })
    return { token: s.token, expiresAt: s.expiresAt.toISOString(), name: link.name, role: s.role, unitCode: s.unitCode }
  }
}
