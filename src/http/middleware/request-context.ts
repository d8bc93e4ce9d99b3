import { randomUUID } from 'node:crypto'
import type { Middleware } from 'koa'
import type { Logger } from '../../logger.js'

/** A request id per request (taken from X-Request-Id when sane), a child logger, one access log line. */
export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const given = ctx.get('x-request-id')
    const requestId = /^[\w-]{8,64}$/.test(given) ? given : randomUUID()
    ctx.state.requestId = requestId
    ctx.state.log = logger.child({ requestId })
    ctx.set('X-Request-Id', requestId)
    const started = performance.now()
    try {
      await next()
    } finally {
      const ms = Math.round(performance.now() - started)
      ;(ctx.state.log as Logger).info({ method: ctx.method, path: ctx.path, status: ctx.status, ms }, 'request')
    }
  }
}
