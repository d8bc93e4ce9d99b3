import { z } from 'zod'
import { route, type ApiRoute } from '../../api-route.js'
import type { ApiServices } from '../api-services.js'
import { limit } from '../schemas.js'

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s))

/** The audit log of every write: who, what, when (bureau admins only). */
export function auditRoutes(s: ApiServices): ApiRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/admin/audit',
      summary: '操作日志（最新在前）',
      tag: 'audit',
      access: ['bureau_admin'],
      unitScoped: 'none',
      query: z.strictObject({
        actor: z.string().max(200).optional(),
        from: instant.optional(),
        to: instant.optional(),
        before: instant.optional(),
        limit,
      }),
      handler: async ({ query }) => ({ entries: await s.audit.list(query) }),
    }),
  ]
}
