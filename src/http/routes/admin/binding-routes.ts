import { z } from 'zod'
import { route, type ApiRoute } from '../../api-route.js'
import { actorOf } from '../../../services/access/principal.js'
import type { ApiServices } from '../api-services.js'
import { idParams, trimmedText, unitCode } from '../schemas.js'

/**
 * Group bindings as the bureau manages them: the list (to find a group's id) and a WeCom group's push
 * address, i.e. its group robot's webhook key. The key is a secret (it lets anyone post into the group):
 * answers show it masked ("693a…5aaa"), the audit names the change with the masked key.
 */
export function bindingRoutes(s: ApiServices): ApiRoute[] {
  const tag = 'bindings'
  return [
    route({
      method: 'get',
      path: '/api/admin/bindings',
      summary: '已绑定的群（单位群、共享群、财政局群），企业微信群的推送地址只显示首尾几位',
      tag,
      access: ['bureau_admin', 'bureau_viewer'],
      unitScoped: 'none',
      query: z.strictObject({ unitCode: unitCode.optional() }),
      handler: async ({ query }) => ({ bindings: await s.webhooks.groups(query.unitCode) }),
    }),
    route({
      method: 'put',
      path: '/api/admin/bindings/:id/webhook',
      summary: '设置企业微信群的推送地址（群机器人 Webhook 地址或其中的 key）；此前因未设置而未发出的消息随即补发',
      tag,
      access: ['bureau_admin'],
      unitScoped: 'none',
      params: idParams,
      body: z.strictObject({ webhook: trimmedText(1, 300) }),
      errors: [404, 422],
      selfRecorded: 'GroupWebhookService writes the audit entry itself, naming the masked key',
      handler: ({ params, body, principal }, ctx) =>
        s.webhooks.setForBinding(
          params.id,
          body.webhook,
          { actor: actorOf(principal), role: principal.role },
          ctx.state.requestId as string | undefined,
        ),
    }),
  ]
}
