import type Router from '@koa/router'
import type { Middleware } from 'koa'
import { AppError } from '../../errors.js'

/**
 * A request no route answered: when its path is known under other methods, 405 with Allow (OPTIONS: 204
 * with Allow); otherwise it stays a 404. Both reach the client as the JSON error envelope, for any method
 * (TRACE included) — koa-router's allowedMethods would answer 501 or 405 in plain text.
 */
export function methodGuard(routers: readonly Router[]): Middleware {
  return async (ctx, next) => {
    await next()
    if (ctx.status !== 404 || ctx.body != null) return
    const allow = new Set<string>()
    for (const r of routers)
      for (const layer of r.match(ctx.path, ctx.method).path) for (const m of layer.methods) allow.add(m)
    if (allow.size === 0) return
    ctx.set('Allow', [...allow].join(', '))
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204
      return
    }
    throw new AppError(405, 'method_not_allowed', `该接口不支持 ${ctx.method} 方法`, { allow: [...allow] })
  }
}
