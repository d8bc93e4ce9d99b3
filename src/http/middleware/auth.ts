import type { Context } from 'koa'
import { AppError } from '../../errors.js'
import type { Principal, RoleName } from '../../services/access/principal.js'
import { ADMIN_TOKEN_PREFIX } from '../../services/access/token-service.js'

export interface Authenticators {
  admin(token: string): Promise<Principal | null>
  mp(token: string): Promise<Principal | null>
}

/**
 * Bearer authentication for both audiences: "tb_…" tokens are admin tokens (looked up by hash), anything
 * else is a mini-program session JWT. Then the role check; unit confinement is the handler's (by scope).
 */
export async function authenticate(
  ctx: Context,
  auth: Authenticators,
  access: readonly RoleName[],
  allowUnbound = false,
): Promise<Principal> {
  const header = ctx.get('authorization')
  const m = /^Bearer ([\x21-\x7e]{10,2048})$/.exec(header)
  if (!m) throw AppError.unauthorized('请先登录（缺少 Authorization: Bearer 令牌）')
  const token = m[1]
  const principal = token.startsWith(ADMIN_TOKEN_PREFIX) ? await auth.admin(token) : await auth.mp(token)
  if (!principal) throw AppError.unauthorized('登录已失效，请重新登录')
  if (!access.includes(principal.role)) throw AppError.forbidden('当前身份无权执行该操作')
  // unit routes need a bound unit, except the few that get a user there (bind, me)
  if (principal.kind === 'unit' && !principal.unitCode && !allowUnbound)
    throw AppError.forbidden('请先绑定单位（输入财政局提供的绑定码）')
  return principal
}
