import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import type Koa from 'koa'
import { pino } from 'pino'
import request from 'supertest'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { buildContainer, type Container } from '../../src/container.js'
import { openDatabase, type Database } from '../../src/db/connect.js'
import { freePort } from '../../src/db/free-port.js'
import { startJavaServer, type JavaServer } from '../../src/db/java-server.js'
import { createApp } from '../../src/http/app.js'
import { apiRouter } from '../../src/http/routes/api-routes.js'
import { buildApiServices, type ApiServices } from '../../src/http/routes/api-services.js'
import { healthRoutes } from '../../src/http/routes/health.js'
import { PRIORITY } from '../../src/outbox/message.js'
import { RoleStatus } from '../../src/role-status.js'
import { VersionTaken, type NewSubmission } from '../../src/services/ports.js'
import { startFakeWechat } from '../http/support/fake-wechat.js'
import { seedCounty } from '../http/support/seed-county.js'
import { waitFor } from '../outbox/support/wait-for.js'

/**
 * The service on a MongoDB-compatible server of its own (mongo-java-server, memory only), which the
 * test stops and starts again EMPTY on the same port — an outage after which the database has lost its
 * data and its indexes, while the service keeps running.
 */
describe('database outage: 503 while it is down, indexes re-created when it comes back empty', () => {
  let port: number
  let server: JavaServer
  let db: Database
  let c: Container
  let s: ApiServices
  let app: Koa
  let wechat: Awaited<ReturnType<typeof startFakeWechat>>
  const logs: Record<string, unknown>[] = []
  let admin: string
  let unbound: string

  beforeAll(async () => {
    port = await freePort()
    server = await startJavaServer(port)
    wechat = await startFakeWechat()
    const config = loadConfig({
      NODE_ENV: 'test',
      MONGODB_URI: `mongodb://127.0.0.1:${port}/tb_outage`,
      DB_SERVER_SELECTION_TIMEOUT_MS: '1000',
      DB_INDEX_CHECK_MS: '500',
      WECHAT_API_BASE: wechat.base,
      WECHAT_APPID: 'wxtest',
      WECHAT_SECRET: 'secret',
      JWT_SECRET: 'test-secret-0123456789abcdef',
    })
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) })
    db = await openDatabase(config, logger)
    // as main.ts does: the container (and so every model) is built before the connection is up
    c = buildContainer(db.conn, new ManualClock('2027-07-01T02:00:00Z'), config, logger)
    s = buildApiServices(c)
    const health = healthRoutes({ ping: db.ping, roles: new RoleStatus(), indexes: () => db.indexes.report() })
    app = createApp({ logger, bodyLimit: '64kb', corsOrigins: [], routers: [health, apiRouter(s).router] })
    await db.connected
    await seedCounty(db.conn)
    admin = (await s.tokens.create({ name: 'admin', role: 'bureau_admin' })).token
    // a mini-program user who logged in; their session is not cached yet, so it is checked in the database
    const login = await request(app.callback()).post('/api/mp/login').send({ code: 'u1' })
    unbound = login.body.token as string
  }, 60_000)
  afterAll(async () => {
    await db.close()
    await server.stop()
    await wechat.close()
  })

  const submission = (version: number): NewSubmission => ({ roundId: 'R1', unitCode: 'U1', form: 'project', version, status: 'draft', answers: {}, computed: {}, by: 'test', channel: 'admin' })
  const uniqueIndexKeys = async (collection: string) =>
    (await db.conn.db!.collection(collection).listIndexes().toArray().catch(() => [])).filter((i) => i.unique).map((i) => JSON.stringify(i.key))

  it('has its unique indexes at start and is ready', async () => {
    expect(await uniqueIndexKeys('submissions')).toEqual(['{"roundId":1,"unitCode":1,"form":1,"version":1}'])
    expect((await request(app.callback()).get('/readyz')).status).toBe(200)
  })

  it('while the database is down: 503 database_unavailable for an admin route and a mini-program route, never 500 or 401', async () => {
    await server.stop()
    const rounds = await request(app.callback()).get('/api/admin/rounds').set('Authorization', `Bearer ${admin}`)
    expect(rounds.status).toBe(503)
    expect(rounds.body.error).toMatchObject({ code: 'database_unavailable', message: expect.stringContaining('数据库暂时不可用') })
    const me = await request(app.callback()).get('/api/mp/me').set('Authorization', `Bearer ${unbound}`)
    expect(me.status).toBe(503)
    expect(me.body.error.code).toBe('database_unavailable')
    expect((await request(app.callback()).get('/readyz')).status).toBe(503)
  }, 15_000)

  it('back EMPTY on the same port: the indexes come back and a duplicate version is refused', async () => {
    server = await startJavaServer(port)
    await waitFor(async () => (await uniqueIndexKeys('submissions')).length === 1, 'the submissions unique index to be re-created')
    await waitFor(async () => (await uniqueIndexKeys('outbox')).length === 1, 'the outbox unique index to be re-created')
    await waitFor(async () => (await uniqueIndexKeys('bindcodes')).length === 2, 'the bind codes unique indexes to be re-created')
    await c.repos.submissions.insert(submission(1))
    await expect(c.repos.submissions.insert(submission(1))).rejects.toBeInstanceOf(VersionTaken)
    const reminder = { key: 'reminder:R1:U1:first', target: { channel: 'email' as const, to: ['head@unit.example'] }, text: '请填报', priority: PRIORITY.reminder }
    expect(await c.outbox.enqueueMany([reminder, reminder])).toBe(1)
    await waitFor(async () => (await request(app.callback()).get('/readyz')).status === 200, '/readyz to be ready again')
  }, 20_000)
})
