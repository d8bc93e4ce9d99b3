import Router from '@koa/router'
import type { Context } from 'koa'
import { AppError } from '../errors.js'
import { databaseUnavailable, isDatabaseUnavailable } from '../db/database-unavailable.js'
import { actorOf, type Principal } from '../services/access/principal.js'
import type { AuditService } from '../services/access/audit-service.js'
import { isWrite, type ApiRoute } from './api-route.js'
import { authenticate, type Authenticators } from './middleware/auth.js'
import type { RateLimiter } from '../services/access/rate-limiter.js'
import { parsePart } from './middleware/validate.js'
import { readUpload } from './middleware/upload.js'
import { hasBody, readJsonBody } from './middleware/json-body.js'
import { timed } from './server-timing.js'

export interface MountDeps {
  auth: Authenticators
  audit: AuditService
  limiter: RateLimiter
}

// a public route's caller: a unit user bound to nothing, so any scope check on it refuses (403)
const PUBLIC: Principal = { kind: 'unit', role: 'unit', openid: 'anonymous' }

/**
 * Builds the Koa router from the route table. Order per request: rate limit → authenticate and
 * authorise → validate params/query → read and validate the body (strict, no operators) → handler → audit of every
 * write (of a self-recorded write, only the refused attempts). With SERVER_TIMING on, authentication,
 * validation (body read included) and the handler are timed as the Server-Timing phases (server-timing.ts).
 */
export function mountRoutes(routes: readonly ApiRoute[], deps: MountDeps): Router {
  const router = new Router()
  for (const r of routes) {
    router[r.method](r.path, async (ctx: Context) => {
      if (r.rateLimit) {
        try {
          deps.limiter.hit(`${ctx.ip}|${r.method}|${r.path}`, r.rateLimit.windowMs, r.rateLimit.max)
        } catch (err) {
          const retry = ((err as AppError).details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds
          if (retry) ctx.set('Retry-After', String(retry))
          throw err
        }
      }
      const access = r.access
      const principal =
        access === 'public' ? PUBLIC : await timed('auth', () => authenticate(ctx, deps.auth, access, r.allowUnbound))
      let failed: number | undefined
      try {
        const { params, query, body, upload } = await timed('validate', async () => {
          const params = parsePart(r.params, ctx.params, 'params')
          const query = parsePart(r.query, ctx.query, 'query')
          const upload = r.upload ? await readUpload(ctx, r.upload.maxBytes) : undefined
          const body = r.upload ? undefined : parsePart(r.body, await readBody(ctx, r), 'body')
          return { params, query, body, upload }
        })
        const result = await timed('service', () => r.handler({ params, query, body, principal, upload }, ctx))
        if (ctx.body === undefined || ctx.body === null) ctx.body = result ?? { ok: true }
      } catch (err) {
        failed = (err as { status?: number }).status ?? 500
        throw err
      } finally {
        if (isWrite(r) && r.access !== 'public' && !(r.selfRecorded && failed === undefined))
          await record(deps.audit, r, ctx, principal, failed ?? ctx.status)
      }
    })
  }
  return router
}

/** Read only now, after authentication: a route without a body refuses one unread. */
async function readBody(ctx: Context, r: ApiRoute): Promise<unknown> {
  if (r.body) return readJsonBody(ctx)
  if (hasBody(ctx)) throw AppError.badRequest('该接口不接受请求体')
  return undefined
}

async function record(audit: AuditService, r: ApiRoute, ctx: Context, p: Principal, status: number): Promise<void> {
  const target = Object.fromEntries(
    Object.entries(ctx.params as Record<string, string>).map(([k, v]) => [k, String(v).slice(0, 100)]),
  )
  await audit
    .record({
      actor: actorOf(p),
      role: p.role,
      action: `${r.method.toUpperCase()} ${r.path}`,
      target,
      status,
      requestId: ctx.state.requestId as string | undefined,
    })
    .catch((err: unknown) => {
      ;(ctx.state.log as { error(o: unknown, m: string): void } | undefined)?.error({ err }, 'audit write failed')
      if (isDatabaseUnavailable(err)) throw databaseUnavailable()
      throw new AppError(500, 'audit_failed', '操作日志写入失败', undefined, false)
    })
}
