import Router from '@koa/router'
import type { RoleStatus } from '../../role-status.js'
import type { IndexReport } from '../../db/index-keeper.js'

export interface HealthDeps {
  ping(): Promise<boolean>
  roles: RoleStatus
  /** the bot account's state as stored by whichever process runs the bot (shown, never blocking) */
  botState?(): Promise<{ status: string; updatedAt: Date } | null>
  /** whether every unique index is in place (src/db/index-keeper.ts); absent: not tracked */
  indexes?(): IndexReport
}

/**
 * /healthz: the process is alive. /readyz: the database answers, its unique indexes are in place (one
 * that cannot be built is listed with the duplicates in its way) and every required role is ready.
 */
export function healthRoutes(deps: HealthDeps): Router {
  const router = new Router()
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' }
  })
  router.get('/readyz', async (ctx) => {
    const database = (await deps.ping()) ? 'up' : 'down'
    const roles = deps.roles.snapshot()
    const indexes = deps.indexes?.()
    const ready =
      database === 'up' && (indexes?.ready ?? true) && Object.values(roles).every((r) => r.ready || !r.required)
    const bot = database === 'up' && deps.botState ? await deps.botState().catch(() => null) : null
    ctx.status = ready ? 200 : 503
    ctx.body = {
      status: ready ? 'ready' : 'not_ready',
      database,
      roles,
      ...(indexes ? { indexes } : {}),
      ...(bot ? { bot } : {}),
    }
  })
  return router
}
