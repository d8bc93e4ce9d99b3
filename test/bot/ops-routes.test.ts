import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import request from 'supertest'
import type { Connection } from 'mongoose'
import * as PUPPET from 'wechaty-puppet'
import { createApp } from '../../src/http/app.js'
import { opsRoutes } from '../../src/http/routes/ops.js'
import { TokenService } from '../../src/services/access/token-service.js'
import { TokenRepository } from '../../src/db/repositories/token-repository.js'
import { UnitRepository } from '../../src/db/repositories/unit-repository.js'
import { BotStates } from '../../src/db/repositories/bot-states.js'
import { createLogger } from '../../src/logger.js'
import { openTestDb, closeTestDb } from '../support/db.js'
import { BotHarness } from '../support/bot-harness.js'

const METRICS_TOKEN = 'scraper-token-0123456789'

describe('GET /bot/qrcode and /metrics', () => {
  let db: Connection
  let h: BotHarness
  let app: ReturnType<typeof createApp>
  let admin: string
  let viewer: string

  beforeAll(async () => {
    db = await openTestDb('ops')
    h = new BotHarness(db, '2027-07-05T02:00:00Z')
    const tokens = new TokenService(new TokenRepository(db), new UnitRepository(db), h.c.clock)
    admin = (await tokens.create({ name: 'ops', role: 'bureau_admin' })).token
    viewer = (await tokens.create({ name: 'look', role: 'bureau_viewer' })).token
    app = createApp({
      logger: createLogger('silent'),
      bodyLimit: '1kb',
      corsOrigins: [],
      routers: [
        opsRoutes({
          botStates: new BotStates(db, h.c.clock),
          verifyAdmin: (t) => tokens.verify(t),
          account: 'default',
          metricsToken: METRICS_TOKEN,
        }),
      ],
    })
  })
  afterAll(async () => {
    await h.stop().catch(() => undefined)
    await closeTestDb(db)
  })

  it('serves the login QR code as a PNG to a bureau admin while the bot waits for a scan', async () => {
    const api = request(app.callback())
    expect((await api.get('/bot/qrcode')).status).toBe(401)
    const before = await api.get('/bot/qrcode').set('Authorization', `Bearer ${admin}`)
    expect(before.status).toBe(404)
    expect(before.body.error.code).toBe('no_qrcode')

    await h.start()
    h.puppet.emit('scan', { qrcode: 'https://login.weixin.qq.com/l/demo123', status: PUPPET.types.ScanStatus.Waiting })
    await new Promise((r) => setTimeout(r, 300))
    expect((await api.get('/bot/qrcode').set('Authorization', `Bearer ${viewer}`)).status).toBe(403)
    const png = await api.get('/bot/qrcode').set('Authorization', `Bearer ${admin}`).buffer(true)
    expect(png.status).toBe(200)
    expect(png.headers['content-type']).toBe('image/png')
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG')
  })

  it('serves prom-client metrics including the outbox counters', async () => {
    await h.c.outbox.enqueue({
      key: 'metrics-probe',
      target: { channel: 'email', to: ['a@example.org'] },
      text: 'x',
      subject: 'x',
      priority: 2,
    })
    const res = await request(app.callback()).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`)
    expect(res.status).toBe(200)
    expect(res.text).toContain('tianbao_outbox_enqueued_total')
  })

  it('keeps /metrics from anyone without METRICS_TOKEN, and has no /metrics when it is unset', async () => {
    for (const auth of [undefined, 'Bearer wrong-token-0123456789', `Bearer ${admin}`]) {
      const t = request(app.callback()).get('/metrics')
      const res = await (auth ? t.set('Authorization', auth) : t)
      expect(res.status).toBe(401)
      expect(res.body.error.code).toBe('unauthorized')
      expect(res.text).not.toContain('tianbao_outbox')
    }
    const unset = createApp({
      logger: createLogger('silent'),
      bodyLimit: '1kb',
      corsOrigins: [],
      routers: [
        opsRoutes({ botStates: new BotStates(db, h.c.clock), verifyAdmin: async () => null, account: 'default' }),
      ],
    })
    const res = await request(unset.callback()).get('/metrics')
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('not_found')
  })
})
