import Koa from 'koa'
import type Router from '@koa/router'
import helmet from 'koa-helmet'
import cors from '@koa/cors'
import type { Logger } from '../logger.js'
import { errorMiddleware } from './middleware/errors.js'
import { jsonBody } from './middleware/json-body.js'
import { methodGuard } from './middleware/method-guard.js'
import { requestContext } from './middleware/request-context.js'
import { consoleStatic } from './middleware/console-static.js'
import { serverTiming } from './server-timing.js'

export interface AppOptions {
  logger: Logger
  bodyLimit: string
  corsOrigins: readonly string[]
  routers: Router[]
  /** reverse proxies in front (TRUST_PROXY_HOPS); 0: X-Forwarded-* are ignored */
  trustProxyHops?: number
  /** the built web console (dist/console), served at /console; undefined: not served */
  consoleDir?: string
  /** SERVER_TIMING: answer each request's phase timings in a Server-Timing header; default off */
  serverTiming?: boolean
}

/**
 * The Koa app: request context → Server-Timing (when on) → errors → security headers → the console's files (GET /console/*) → CORS
 * → JSON body reader (read by a route
 * after authentication, size-limited) → unknown methods as 405 → routes.
 */
export function createApp(opts: AppOptions): Koa {
  const app = new Koa()
  // X-Forwarded-For is whatever the client wrote unless a proxy of ours replaced it: trusted only as far
  // as the configured proxies reach, so rate limits key on an address the client cannot choose
  const hops = opts.trustProxyHops ?? 0
  app.proxy = hops > 0
  app.maxIpsCount = hops
  app.silent = true // errors are logged once, by the error middleware
  app.use(requestContext(opts.logger))
  app.use(serverTiming(opts.serverTiming ?? false))
  app.use(errorMiddleware(opts.logger))
  app.use(helmet())
  if (opts.consoleDir) app.use(consoleStatic(opts.consoleDir))
  if (opts.corsOrigins.length > 0) {
    const allowed = new Set(opts.corsOrigins)
    app.use(cors({ origin: (ctx) => (allowed.has(ctx.get('origin')) ? ctx.get('origin') : '') }))
  }
  app.use(jsonBody(opts.bodyLimit))
  app.use(methodGuard(opts.routers))
  for (const r of opts.routers) app.use(r.routes())
  return app
}
