import { z } from 'zod'
import type { Context } from 'koa'
import { route, type ApiRoute } from '../../api-route.js'
import type { ApiOptions, ApiServices } from '../api-services.js'
import { BIND_ATTEMPTS } from '../../../services/directory/bind-code-service.js'

const ANY_ADMIN = ['bureau_admin', 'bureau_viewer', 'dept_reviewer'] as const

/** The presented bearer token (authentication has checked it already). */
function bearer(ctx: Context): string {
  return ctx.get('authorization').replace(/^Bearer /, '')
}

/** The web console's session: a one-time link exchanged for a session token, who am I, logout. */
export function consoleSessionRoutes(s: ApiServices, o: ApiOptions): ApiRoute[] {
  const tag = 'console'
  return [
    route({
      method: 'post',
      path: '/api/admin/session/exchange',
      summary: '管理后台：用一次性登录链接（群内发送“登录”获取）换取会话令牌',
      tag,
      access: 'public',
      unitScoped: 'none',
      // guessing a 32-character secret is hopeless, but the endpoint still gets the login limit
      rateLimit: { windowMs: BIND_ATTEMPTS.windowMs, max: o.loginPerMinute },
      errors: [404],
      body: z.strictObject({ link: z.string().regex(/^[\w-]{16,64}$/, '应为登录链接中的 t 参数') }),
      handler: ({ body }) => s.consoleLogin.exchange(body.link),
    }),
    route({
      method: 'get',
      path: '/api/admin/session',
      summary: '管理后台：当前登录身份（姓名、角色、主管部门）与会话到期时间',
      tag,
      access: ANY_ADMIN,
      unitScoped: 'none',
      handler: async ({ principal }, ctx) => {
        const expiry = await s.tokens.expiryOf(bearer(ctx))
        if (principal.kind !== 'admin') return {}
        return {
          name: principal.name.replace(/^console:/, ''),
          role: principal.role,
          unitCode: principal.unitCode,
          expiresAt: expiry?.expiresAt?.toISOString() ?? null,
        }
      },
    }),
    route({
      method: 'delete',
      path: '/api/admin/session',
      summary: '管理后台：退出登录（一次性链接换来的会话立即失效；命令行创建的令牌不受影响）',
      tag,
      access: ANY_ADMIN,
      unitScoped: 'self',
      handler: async (_input, ctx) => ({ ok: await s.tokens.revokeToken(bearer(ctx)) }),
    }),
  ]
}
