import type Router from '@koa/router'
import { route, type ApiRoute } from '../api-route.js'
import { BIND_ATTEMPTS } from '../../services/directory/bind-code-service.js'
import { RateLimiter } from '../../services/access/rate-limiter.js'
import { mountRoutes } from '../mount-routes.js'
import { buildOpenApi } from '../openapi.js'
import { auditRoutes } from './admin/audit-routes.js'
import { exportRoutes } from './admin/export-routes.js'
import { bindingRoutes } from './admin/binding-routes.js'
import { opsAdminRoutes } from './admin/ops-admin-routes.js'
import { calendarRoutes } from './admin/calendar-routes.js'
import { noticeRoutes } from './admin/notice-routes.js'
import { platformRoutes } from './admin/platform-routes.js'
import { roundRoutes } from './admin/round-routes.js'
import { submissionRoutes } from './admin/submission-routes.js'
import { unitRoutes } from './admin/unit-routes.js'
import { boardRoutes } from './admin/board-routes.js'
import { unitPageRoutes } from './admin/unit-page-routes.js'
import { consoleSessionRoutes } from './admin/console-session-routes.js'
import type { ApiOptions, ApiServices } from './api-services.js'
import { mpFormRoutes } from './mp/form-routes.js'
import { mpSessionRoutes } from './mp/session-routes.js'
import { mpTemplateRoutes } from './mp/template-routes.js'
import { templateRoutes } from './admin/template-routes.js'

export const DEFAULT_API_OPTIONS: ApiOptions = { loginPerMinute: BIND_ATTEMPTS.max, uploadMaxBytes: 5 * 1024 * 1024 }

/** Every route of the API, in one table: mounted, documented and tested from this list. */
export function apiRouteTable(s: ApiServices, o: ApiOptions = DEFAULT_API_OPTIONS): ApiRoute[] {
  const routes = [
    ...mpSessionRoutes(s, o),
    ...mpFormRoutes(s),
    ...mpTemplateRoutes(s, o),
    ...unitRoutes(s, o),
    ...roundRoutes(s),
    ...boardRoutes(s),
    ...unitPageRoutes(s),
    ...consoleSessionRoutes(s, o),
    ...submissionRoutes(s),
    ...exportRoutes(s),
    ...platformRoutes(s, o),
    ...templateRoutes(s),
    ...auditRoutes(s),
    ...noticeRoutes(s),
    ...calendarRoutes(s),
    ...bindingRoutes(s),
    ...opsAdminRoutes(s),
  ]
  let doc: unknown
  const openapi: ApiRoute = route({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'OpenAPI 3 文档（由各接口的 zod 校验定义生成）',
    tag: 'meta',
    access: 'public',
    unitScoped: 'none',
    handler: async (): Promise<unknown> => (doc ??= buildOpenApi([...routes, openapi])),
  })
  return [...routes, openapi]
}

export interface ApiRouter {
  router: Router
  routes: ApiRoute[]
}

/** The Koa router for the API; tokens are checked by the token and session services. */
export function apiRouter(s: ApiServices, o: ApiOptions = DEFAULT_API_OPTIONS, limiter = new RateLimiter()): ApiRouter {
  const routes = apiRouteTable(s, o)
  const router = mountRoutes(routes, {
    auth: { admin: (t) => s.tokens.verify(t), mp: (t) => s.mpSessions.verify(t) },
    audit: s.audit,
    limiter,
  })
  return { router, routes }
}
