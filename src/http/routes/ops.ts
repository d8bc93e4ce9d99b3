import Router from '@koa/router'
import QRCode from 'qrcode'
import { createHash, timingSafeEqual } from 'node:crypto'
import { AppError } from '../../errors.js'
import { registry } from '../../metrics.js'
import type { Principal } from '../../services/access/principal.js'

export interface OpsDeps {
  /** the bot account's login state as the bot role saved it (src/db/repositories/bot-states.ts) */
  botStates: { loginState(account: string): Promise<{ status: string; qr?: string } | null> }
  /** the admin token check (TokenService.verify) */
  verifyAdmin(token: string): Promise<Principal | null>
  account: string
  /** METRICS_TOKEN: the bearer token /metrics asks for; unset, /metrics does not exist (404) */
  metricsToken?: string
}

/**
 * Operations endpoints outside the JSON API:
 *  - GET /bot/qrcode — the bot's login QR code as a PNG while it waits for a scan. Whoever scans it
 *    controls the bot account, so it needs a bureau_admin token.
 *  - GET /metrics — prom-client metrics (outbox queued/sent/failed/dead per channel, send latency),
 *    for a Prometheus scraper holding METRICS_TOKEN; they show traffic and failures, so not for anyone.
 */
export function opsRoutes(deps: OpsDeps): Router {
  const router = new Router()
  router.get('/bot/qrcode', async (ctx) => {
    const token = /^Bearer\s+(.+)$/i.exec(ctx.get('authorization'))?.[1]
    const principal = token ? await deps.verifyAdmin(token.trim()) : null
    if (!principal) throw AppError.unauthorized('需要财政局管理员令牌')
    if (principal.role !== 'bureau_admin') throw AppError.forbidden('仅财政局管理员可查看登录二维码')
    const state = await deps.botStates.loginState(deps.account)
    if (!state?.qr || state.status !== 'waiting-for-scan') {
      throw new AppError(404, 'no_qrcode', `机器人当前不在等待扫码（状态：${state?.status ?? '未启动'}）`, {
        status: state?.status ?? null,
      })
    }
    ctx.type = 'image/png'
    ctx.set('Cache-Control', 'no-store')
    ctx.body = await QRCode.toBuffer(state.qr, { type: 'png', margin: 2, width: 320 })
  })
  const metricsToken = deps.metricsToken
  if (metricsToken) {
    router.get('/metrics', async (ctx) => {
      const given = /^Bearer\s+(.+)$/i.exec(ctx.get('authorization'))?.[1]?.trim()
      if (!given || !sameSecret(given, metricsToken))
        throw AppError.unauthorized('需要监控令牌（Authorization: Bearer METRICS_TOKEN）')
      ctx.type = registry.contentType
      ctx.body = await registry.metrics()
    })
  }
  return router
}

/** Compared in constant time (over digests, so lengths do not leak either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(given), digest(expected))
}
