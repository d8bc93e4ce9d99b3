import { describe, it, expect, beforeAll, beforeEach, afterEach, afterAll } from '@jest/globals'
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
import type { ApiServices } from '../../src/http/routes/api-services.js'
import { healthRoutes } from '../../src/http/routes/health.js'
import { PRIORITY } from '../../src/outbox/message.js'
import { RoleStatus } from '../../src/role-status.js'
import { VersionTaken, type NewSubmission } from '../../src/services/filing/filing-ports.js'
import { startFakeWechat } from '../http/support/fake-wechat.js'
import { seedCounty } from '../http/support/seed-county.js'
import { waitFor } from '../outbox/support/wait-for.js'

/**
 * The service on a MongoDB-compatible server of its own (mongo-java-server, memory only), which a test
 * stops and starts again EMPTY on the same port — an outage after which the database has lost its
 * data and its indexes, while the service keeps running. Every test gets a service and a server of its
 * own (a fresh one, never one another test stopped or restarted), so the tests run in any order.
 */
describe('database outage: 503 while it is down, indexes re-created when it comes back empty', () => {
  interface Service {
    port: number
    server: JavaServer
    db: Database
    c: Container
    app: Koa
    admin: string
    unbound: string
  }
  let wechat: Awaited<ReturnType<typeof startFakeWechat>>
  let w: Service

  /** A service connected to a running server of its own, with a county, an admin token and a logged-in user. */
  async function startService(): Promise<Service> {
    const port = await freePort()
    const server = await startJavaServer(port)
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
    const logger = pino({ level: 'silent' })
    const db = await openDatabase(config, logger)
    // as main.ts does: the container (and so every model) is built before the connection is up
    const c = buildContainer(db.conn, new ManualClock('2027-07-01T02:00:00Z'), config, logger)
    const s: ApiServices = c.api
    const health = healthRoutes({ ping: db.ping, roles: new RoleStatus(), indexes: () => db.indexes.report() })
    const app = createApp({ logger, bodyLimit: '64kb', corsOrigins: [], routers: [health, apiRouter(s).router] })
    await db.connected
    await seedCounty(db.conn)
    const admin = (await s.tokens.create({ name: 'admin', role: 'bureau_admin' })).token
    // a mini-program user who logged in; their session is not cached yet, so it is checked in the database
    const login = await request(app.callback()).post('/api/mp/login').send({ code: 'u1' })
    return { port, server, db, c, app, admin, unbound: login.body.token as string }
  }

  /** The outage: this test's server stops (its data and indexes are gone with it); the service keeps running. */
  async function givenTheDatabaseStopped(): Promise<void> {
    await w.server.stop()
  }

  beforeAll(async () => {
    wechat = await startFakeWechat()
  })
  beforeEach(async () => {
    w = await startService()
  }, 60_000)
  afterEach(async () => {
    await w.db.close()
    // stopping a server that is already stopped resolves at once
    await w.server.stop()
  })
  afterAll(async () => {
    await wechat.close()
  })

  const submission = (version: number): NewSubmission => ({
    roundId: 'R1',
    unitCode: 'U1',
    form: 'project',
    version,
    status: 'draft',
    answers: {},
    computed: {},
    by: 'test',
    channel: 'admin',
  })
  const uniqueIndexKeys = async (collection: string) =>
    (
      await w.db.conn
        .db!.collection(collection)
        .listIndexes()
        .toArray()
        .catch(() => [])
    )
      .filter((i) => i.unique)
      .map((i) => JSON.stringify(i.key))
  const readyz = async () => (await request(w.app.callback()).get('/readyz')).status

  it('has its unique indexes at start and is ready', async () => {
    // the version index, and { _id, seq }: the history append's filter (src/db/models/submission.ts)
    expect(await uniqueIndexKeys('submissions')).toEqual([
      '{"roundId":1,"unitCode":1,"form":1,"version":1}',
      '{"_id":1,"seq":1}',
    ])
    expect(await readyz()).toBe(200)
  })

  it('while the database is down: 503 database_unavailable for an admin route and a mini-program route, never 500 or 401', async () => {
    await givenTheDatabaseStopped()
    const rounds = await request(w.app.callback()).get('/api/admin/rounds').set('Authorization', `Bearer ${w.admin}`)
    expect(rounds.status).toBe(503)
    expect(rounds.body.error).toMatchObject({
      code: 'database_unavailable',
      message: expect.stringContaining('数据库暂时不可用'),
    })
    const me = await request(w.app.callback()).get('/api/mp/me').set('Authorization', `Bearer ${w.unbound}`)
    expect(me.status).toBe(503)
    expect(me.body.error.code).toBe('database_unavailable')
    expect(await readyz()).toBe(503)
  }, 15_000)

  it('back EMPTY on the same port: the indexes come back and a duplicate version is refused', async () => {
    await givenTheDatabaseStopped()
    // the service has seen the outage before the server comes back
    await waitFor(async () => (await readyz()) === 503, '/readyz to report the outage')
    w.server = await startJavaServer(w.port)
    await waitFor(
      async () => (await uniqueIndexKeys('submissions')).length === 2,
      'the submissions unique indexes to be re-created',
    )
    await waitFor(
      async () => (await uniqueIndexKeys('outbox')).length === 1,
      'the outbox unique index to be re-created',
    )
    await waitFor(
      async () => (await uniqueIndexKeys('bindcodes')).length === 2,
      'the bind codes unique indexes to be re-created',
    )
    await w.c.repos.submissions.insert(submission(1))
    await expect(w.c.repos.submissions.insert(submission(1))).rejects.toBeInstanceOf(VersionTaken)
    const reminder = {
      key: 'reminder:R1:U1:first',
      target: { channel: 'email' as const, to: ['head@unit.example'] },
      text: '请填报',
      priority: PRIORITY.reminder,
    }
    expect(await w.c.outbox.enqueueMany([reminder, reminder])).toBe(1)
    await waitFor(async () => (await readyz()) === 200, '/readyz to be ready again')
  }, 20_000)
})
