import { jwtVerify, SignJWT } from 'jose'
import type { Clock } from '../../clock.js'
import { AppError } from '../../errors.js'
import type { BindCodeService } from '../directory/bind-code-service.js'
import type { Principal } from './principal.js'
import { code2session, type WechatApiConfig } from './wechat-code2session.js'

export interface MpSessionConfig {
  wechat: WechatApiConfig
  jwtSecret: string
  /** jose duration: "7d", "2h" */
  jwtTtl: string
}

export interface LoginResult {
  token: string
  expiresAt: string
  unit: { code: string; name: string } | null
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const
/** verified tokens remembered per process (a county's clerks number in the hundreds; a province's, thousands) */
const VERIFIED_MAX = 20_000

/** "7d" → 604800 (config.ts already checked the format). */
export function ttlSeconds(ttl: string): number {
  const m = /^(\d+)([smhd])$/.exec(ttl)
  if (!m) throw new RangeError(`not a duration: ${ttl}`)
  return Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS]
}

/** Where mini-program users are kept (src/db/repositories/mp-user-repository.ts). */
export interface MpUserStore {
  /** records a login (creating the user on the first); the unit they are bound to, if any */
  loggedIn(openid: string, unionid: string | undefined, at: Date): Promise<{ unitCode?: string }>
  /** the user's bound unit (null: no such user); may be a few seconds old, except after bind here */
  boundUnit(openid: string): Promise<{ unitCode?: string } | null>
  /** the same, read now */
  unitCodeOf(openid: string): Promise<string | undefined>
  bind(openid: string, unitCode: string, at: Date): Promise<void>
}

/**
 * Mini-program sessions: WeChat login → our own signed JWT (subject = openid). The bound unit is read
 * from the user record on every request, not put in the token, so binding takes effect at once.
 */
export class MpSessionService {
  private key: Uint8Array
  private readonly verified = new Map<string, { sub: string; expMs: number }>()
  constructor(
    private readonly users: MpUserStore,
    private readonly units: { named(code: string): Promise<{ code: string; name: string } | null> },
    private readonly cfg: MpSessionConfig,
    private readonly bindCodes: Pick<BindCodeService, 'resolve'>,
    private readonly clock: Clock,
  ) {
    this.key = new TextEncoder().encode(cfg.jwtSecret)
  }

  async login(code: string): Promise<LoginResult> {
    const s = await code2session(this.cfg.wechat, code)
    const now = this.clock.now()
    const user = await this.users.loggedIn(s.openid, s.unionid, now)
    const iat = Math.floor(now.getTime() / 1000)
    // times come from the Clock port (not jose's own Date.now), so tests can expire sessions
    const exp = iat + ttlSeconds(this.cfg.jwtTtl)
    const token = await new SignJWT({ typ: 'mp' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(s.openid)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key)
    return { token, expiresAt: new Date(exp * 1000).toISOString(), unit: await this.unitOf(user?.unitCode) }
  }

  /** The principal for a session token, or null when it is invalid or expired. */
  async verify(token: string): Promise<Principal | null> {
    const sub = await this.subjectOf(token)
    if (!sub) return null
    // not in the try: a database that cannot be reached is a 503 (retry), not an expired session (log in again)
    const user = await this.users.boundUnit(sub)
    if (!user) return null
    return { kind: 'unit', role: 'unit', openid: sub, unitCode: user.unitCode }
  }

  /**
   * The openid a valid, unexpired mini-program token was issued to, or null. A token whose signature this
   * process has checked is remembered with its expiry, keyed by the whole token string (a changed or
   * forged token is another key): a clerk's requests then skip the HMAC check (asynchronous WebCrypto,
   * 3–10 ms of the submit path under load) until the token expires.
   */
  private async subjectOf(token: string): Promise<string | null> {
    const now = this.clock.now().getTime()
    const known = this.verified.get(token)
    if (known) {
      if (known.expMs > now) return known.sub
      this.verified.delete(token)
      return null
    }
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], currentDate: new Date(now) })
      if (payload.typ !== 'mp' || !payload.sub) return null
      if (payload.exp !== undefined) {
        // oldest first out: a Map keeps insertion order
        if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value as string)
        this.verified.set(token, { sub: payload.sub, expMs: payload.exp * 1000 })
      }
      return payload.sub
    } catch {
      return null
    }
  }

  async bind(openid: string, bindCode: string): Promise<{ code: string; name: string }> {
    const unitCode = await this.bindCodes.resolve(bindCode)
    // 404: the request is well-formed, no unit has this code
    if (!unitCode) throw new AppError(404, 'invalid_bind_code', '绑定码无效，请向财政局索取本单位的绑定码')
    await this.users.bind(openid, unitCode, this.clock.now())
    const unit = await this.unitOf(unitCode)
    if (!unit) throw AppError.notFound('单位不存在')
    return unit
  }

  async me(openid: string): Promise<{ unit: { code: string; name: string } | null }> {
    return { unit: await this.unitOf(await this.users.unitCodeOf(openid)) }
  }

  private async unitOf(code: string | undefined): Promise<{ code: string; name: string } | null> {
    if (!code) return null
    return this.units.named(code)
  }
}
