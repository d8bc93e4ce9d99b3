import Router from '@koa/router'
import type { RoleStatus } from '../../role-status.js'

export interface HealthDeps {
  ping(): Promise<boolean>
  roles: RoleStatus
}

/** /healthz: the process is alive. /readyz: the database answers and every required role is ready. */
export function healthRoutes(deps: HealthDeps): Router {
  const router = new Router()
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' }
  })
  router.get('/readyz', async (ctx) => {
    const database = (await deps.ping()) ? 'up' : 'down'
    const roles = deps.roles.snapshot()
    const ready = database === 'up' && Object.values(roles).every((r) => r.ready || !r.required)
    ctx.status = ready ? 200 : 503
    ctx.body = { status: ready ? 'ready' : 'not_ready', database, roles }
  })
  return router
}
