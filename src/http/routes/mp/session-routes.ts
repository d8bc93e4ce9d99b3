import { z } from 'zod'
import { route, type ApiRoute } from '../../api-route.js'
import { BIND_ATTEMPTS } from '../../../services/directory/bind-code-service.js'
import type { ApiOptions, ApiServices } from '../api-services.js'

/** Mini-program login (WeChat code → our session token), binding to a unit, who am I. */
export function mpSessionRoutes(s: ApiServices, o: ApiOptions): ApiRoute[] {
  // login and bind share the bind-code limit (per client IP and route)
  const minute = { windowMs: BIND_ATTEMPTS.windowMs, max: o.loginPerMinute }
  return [
    route({
      method: 'post',
      path: '/api/mp/login',
      summary: '小程序登录：用 wx.login 的 code 换取会话令牌',
      tag: 'mp',
      access: 'public',
      unitScoped: 'none',
      rateLimit: minute,
      errors: [403, 502], // WeChat refuses the user, or cannot be reached
      body: z.strictObject({ code: z.string().min(1).max(128) }),
      handler: ({ body }) => s.mpSessions.login(body.code),
    }),
    route({
      method: 'post',
      path: '/api/mp/bind',
      summary: '用单位绑定码把当前微信用户绑定到单位',
      tag: 'mp',
      access: ['unit'],
      unitScoped: 'self',
      allowUnbound: true,
      rateLimit: minute,
      errors: [404],
      body: z.strictObject({ bindCode: z.string().min(4).max(32) }),
      handler: async ({ body, principal }) => ({
        unit: await s.mpSessions.bind(principal.kind === 'unit' ? principal.openid : '', body.bindCode),
      }),
    }),
    route({
      method: 'get',
      path: '/api/mp/me',
      summary: '当前用户及所绑定的单位',
      tag: 'mp',
      access: ['unit'],
      unitScoped: 'self',
      allowUnbound: true,
      handler: ({ principal }) => s.mpSessions.me(principal.kind === 'unit' ? principal.openid : ''),
    }),
  ]
}
