import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import request from 'supertest'
import type Koa from 'koa'
import { createApp } from '../../src/http/app.js'
import { apiRouter, DEFAULT_API_OPTIONS } from '../../src/http/routes/api-routes.js'
import { createLogger } from '../../src/logger.js'
import { loadConfig } from '../../src/config.js'
import { openDatabase, type Database } from '../../src/db/connect.js'
import { testContainer } from '../support/container.js'
import { startFreezeProxy, type FreezeProxy } from '../support/freeze-proxy.js'
import { waitFor } from '../outbox/support/wait-for.js'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'

/**
 * A database that stops answering mid-request (not one that refuses): with the driver's timeouts from
 * config, a request fails with 503 database_unavailable and Retry-After instead of hanging, and the API
 * recovers by itself once the database answers again.
 */
describe('the database hangs: a clear 503, then recovery', () => {
  let f: ApiFixture
  let proxy: FreezeProxy
  let db: Database
  let app: Koa
  beforeAll(async () => {
    f = await apiFixture('db_hangs')
    proxy = await startFreezeProxy(process.env.TIANBAO_TEST_MONGO_URI!)
    // the service's own connection (openDatabase) with its timeouts from config, scaled down
    const env = {
      NODE_ENV: 'test',
      MONGODB_URI: `${proxy.uri}/${f.db.name}`,
      DB_SERVER_SELECTION_TIMEOUT_MS: '1000',
      DB_SOCKET_TIMEOUT_MS: '1000',
      JWT_SECRET: 'test-secret-0123456789abcdef',
    }
    db = await openDatabase(loadConfig(env), createLogger('silent'))
    await db.connected
    const c = testContainer(db.conn, '2027-07-01T02:00:00Z', env)
    app = createApp({
      logger: createLogger('silent'),
      bodyLimit: '64kb',
      corsOrigins: [],
      routers: [apiRouter(c.api, DEFAULT_API_OPTIONS).router],
    })
  })
  afterAll(async () => {
    await db?.close()
    await proxy?.close()
    await f?.close()
  })

  const rounds = () => request(app.callback()).get('/api/admin/rounds').set('Authorization', `Bearer ${f.tokens.admin}`)

  it('answers 503 database_unavailable with Retry-After while frozen, and 200 again after', async () => {
    expect((await rounds()).status).toBe(200)
    proxy.freeze()
    const hung = await rounds()
    expect(hung.status).toBe(503)
    expect(hung.body.error.code).toBe('database_unavailable')
    expect(Number(hung.headers['retry-after'])).toBeGreaterThan(0)
    proxy.thaw()
    await waitFor(async () => (await rounds()).status === 200, 'the API answering again', 20_000)
  })
})
