import { z } from 'zod'
import { route, type ApiRoute } from '../../api-route.js'
import type { ApiServices } from '../api-services.js'
import { pageLimit } from '../schemas.js'

/**
 * The bot accounts' states, dead outbox messages and sending them again. Dead outbox messages and sending them again. Message keys go in the body, not the path: a key holds
 * ':' and may hold '/', and the console revives a whole selection in one call.
 */
export function opsAdminRoutes(s: ApiServices): ApiRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/admin/bot',
      summary: '机器人账号状态（已登录 / 等待扫码 / 离线），登录二维码见 GET /bot/qrcode',
      tag: 'ops',
      access: ['bureau_admin', 'bureau_viewer'],
      unitScoped: 'none',
      handler: async () => ({ accounts: await s.botStates.all() }),
    }),
    route({
      method: 'get',
      path: '/api/admin/outbox',
      summary: '发送失败（已放弃重试）的消息：对象、内容摘要、尝试次数、最后错误',
      tag: 'ops',
      access: ['bureau_admin', 'bureau_viewer'],
      unitScoped: 'none',
      query: z.strictObject({ state: z.literal('dead').optional(), limit: pageLimit(500) }),
      handler: ({ query }) => s.deadMessages.list(query.limit),
    }),
    route({
      method: 'post',
      path: '/api/admin/outbox/revive',
      summary: '重新发送选中的失败消息（重置重试次数；尚无推送地址的企业微信群消息不重发）',
      tag: 'ops',
      access: ['bureau_admin'],
      unitScoped: 'none',
      body: z.strictObject({ keys: z.array(z.string().min(1).max(300)).min(1).max(500) }),
      handler: ({ body }) => s.deadMessages.revive(body.keys),
    }),
  ]
}
