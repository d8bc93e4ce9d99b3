import { existsSync } from 'node:fs'
import { join, sep } from 'node:path'
import type { Middleware } from 'koa'
import serve from 'koa-static'

/**
 * What the console's page may load: its own scripts and styles (Element Plus sets inline style
 * attributes, hence 'unsafe-inline' for styles only), images and fonts from itself or data: URLs (ECharts
 * draws on a canvas and exports data: images), and API calls to this origin. No inline script, no
 * eval, no framing. Stricter than helmet's default, which it replaces on /console only.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const PREFIX = '/console'

/**
 * The built console (dist/console) at /console: hashed assets cached for a year (their name changes with
 * their content), index.html never cached, and any other /console/* path answered with index.html, so
 * the SPA's router handles /console/login and /console/rounds/… on a reload. Not built: a page saying how.
 */
export function consoleStatic(dir: string): Middleware {
  const files = serve(dir, {
    index: false,
    setHeaders: (res, path) =>
      res.setHeader(
        'Cache-Control',
        path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ),
  })
  return async (ctx, next) => {
    if (ctx.path !== PREFIX && !ctx.path.startsWith(`${PREFIX}/`)) return next()
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next()
    if (ctx.path === PREFIX) return ctx.redirect(`${PREFIX}/`)
    ctx.set('Content-Security-Policy', CONSOLE_CSP)
    if (!existsSync(join(dir, 'index.html'))) {
      ctx.status = 503
      ctx.type = 'text/plain; charset=utf-8'
      ctx.body = '管理后台尚未构建：请运行 npm run build:console（npm start 会在缺少时自动构建）。'
      return
    }
    const rel = ctx.path.slice(PREFIX.length)
    const asset = rel.startsWith('/assets/')
    // an asset that is not there is a 404 (an old page asking for a replaced chunk), not the page
    await within(ctx, asset || /\.\w+$/.test(rel) ? rel : '/index.html', files)
    if (ctx.body == null && !asset) await within(ctx, '/index.html', files)
  }
}

/** Runs koa-static for one path below the console's directory, then restores the request's path. */
async function within(ctx: Parameters<Middleware>[0], path: string, files: Middleware): Promise<void> {
  const original = ctx.path
  ctx.path = path
  try {
    await files(ctx, async () => undefined)
  } finally {
    ctx.path = original
  }
}
