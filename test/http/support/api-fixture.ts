import type Koa from 'koa'
import type { Connection } from 'mongoose'
import request from 'supertest'
import { createApp } from '../../../src/http/app.js'
import { apiRouter, DEFAULT_API_OPTIONS } from '../../../src/http/routes/api-routes.js'
import type { ApiOptions, ApiServices } from '../../../src/http/routes/api-services.js'
import type { ApiRoute } from '../../../src/http/api-route.js'
import { createLogger } from '../../../src/logger.js'
import type { Container } from '../../../src/container.js'
import type { ManualClock } from '../../../src/clock.js'
import type { Env } from '../../../src/config.js'
import { closeTestDb, openTestDb } from '../../support/db.js'
import { testContainer } from '../../support/container.js'
import { startFakeWechat } from './fake-wechat.js'
import { seedCounty } from './seed-county.js'

export interface ApiFixture {
  app: Koa
  db: Connection
  c: Container & { clock: ManualClock }
  s: ApiServices
  routes: ApiRoute[]
  tokens: { admin: string; viewer: string; reviewer: string; otherReviewer: string }
  /** logs in a mini-program user and binds them to the unit; returns the session token */
  unitUser(unitCode: string, code?: string): Promise<string>
  close(): Promise<void>
}

/** The API on a database of its own, a fake WeChat, a small seeded county and one token per role. */
export async function apiFixture(
  label: string,
  opts: Partial<ApiOptions> & {
    bodyLimit?: string
    corsOrigins?: string[]
    start?: string
    env?: Env
    trustProxyHops?: number
  } = {},
): Promise<ApiFixture> {
  const db = await openTestDb(label)
  const wechat = await startFakeWechat()
  const c = testContainer(db, opts.start ?? '2027-07-01T02:00:00Z', {
    WECHAT_API_BASE: wechat.base,
    WECHAT_APPID: 'wxtest',
    WECHAT_SECRET: 'secret',
    JWT_SECRET: 'test-secret-0123456789abcdef',
    JWT_TTL: '2h',
    ...opts.env,
  })
  const s = c.api
  const { router, routes } = apiRouter(s, { ...DEFAULT_API_OPTIONS, ...opts })
  const app = createApp({
    logger: createLogger('silent'),
    bodyLimit: opts.bodyLimit ?? '64kb',
    corsOrigins: opts.corsOrigins ?? ['https://console.example.org'],
    trustProxyHops: opts.trustProxyHops,
    routers: [router],
  })
  // build every index first: the Java test server fails inserts that race an index build
  await Promise.all(Object.values(db.models).map((m) => m.init()))
  await seedCounty(db)
  const tokens = {
    admin: (await s.tokens.create({ name: 'admin', role: 'bureau_admin' })).token,
    viewer: (await s.tokens.create({ name: 'viewer', role: 'bureau_viewer' })).token,
    reviewer: (await s.tokens.create({ name: 'reviewer', role: 'dept_reviewer', unitCode: 'D1' })).token,
    otherReviewer: (await s.tokens.create({ name: 'other', role: 'dept_reviewer', unitCode: 'D2' })).token,
  }
  let n = 0
  return {
    app,
    db,
    c,
    s,
    routes,
    tokens,
    async unitUser(unitCode, code) {
      const login = await request(app.callback())
        .post('/api/mp/login')
        .send({ code: code ?? `${unitCode}-${++n}` })
      if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`)
      const bindCode = await s.bindCodes.get(unitCode)
      const bind = await request(app.callback())
        .post('/api/mp/bind')
        .set('Authorization', `Bearer ${login.body.token}`)
        .send({ bindCode })
      if (bind.status !== 200) throw new Error(`bind failed: ${bind.status} ${JSON.stringify(bind.body)}`)
      return login.body.token as string
    },
    async close() {
      await wechat.close()
      await closeTestDb(db)
    },
  }
}
