import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import mongoose, { type Connection } from 'mongoose'
import request from 'supertest'
import { loadConfig } from '../../src/config.js'
import { buildAllIndexes } from '../../src/db/all-models.js'
import { createApp } from '../../src/http/app.js'
import { apiRouter } from '../../src/http/routes/api-routes.js'
import { attachDbTiming } from '../../src/db/command-timing.js'
import { parseServerTiming } from '../../src/http/server-timing.js'
import { createLogger } from '../../src/logger.js'
import { benchAnswers, seedBenchUnits } from '../../fixtures/api-seed.js'
import { closeTestDb, testDbUri } from '../support/db.js'
import { testContainer } from '../support/container.js'
import { startFakeWechat } from './support/fake-wechat.js'

/** SERVER_TIMING=1: an API answer says how long auth, validation, the handler and its database commands took. */
describe('Server-Timing (issue 19)', () => {
  let conn: Connection
  let wechat: Awaited<ReturnType<typeof startFakeWechat>>
  let roundId: string
  let tokens: string[]
  let services: ReturnType<typeof testContainer>['api']

  beforeAll(async () => {
    // as src/db/connect.ts does with the option on: the driver's command events feed the db phase
    conn = mongoose.createConnection(testDbUri(), {
      dbName: `tb_server_timing_${randomBytes(4).toString('hex')}`,
      monitorCommands: true,
      socketTimeoutMS: 20_000,
    })
    await conn.asPromise()
    await buildAllIndexes(conn)
    attachDbTiming(conn.getClient())
    wechat = await startFakeWechat()
    const c = testContainer(conn, '2027-07-01T02:00:00Z', {
      WECHAT_API_BASE: wechat.base,
      JWT_SECRET: 'test-secret-0123456789abcdef',
    })
    services = c.api
    await Promise.all(Object.values(conn.models).map((m) => m.init()))
    const seeded = await seedBenchUnits(conn, services, 3)
    roundId = seeded.roundId
    tokens = seeded.tokens
  })
  afterAll(async () => {
    await wechat.close()
    await closeTestDb(conn)
  })

  const app = (serverTiming: boolean) =>
    createApp({
      logger: createLogger('silent'),
      bodyLimit: '1mb',
      corsOrigins: [],
      serverTiming,
      routers: [apiRouter(services).router],
    }).callback()
  const submit = (on: boolean, token = tokens[0]) =>
    request(app(on))
      .post(`/api/mp/rounds/${roundId}/forms/project/submit`)
      .set('Authorization', `Bearer ${token}`)
      .send({ answers: benchAnswers(), overwrite: true })

  it('on: a submit answers with the four phases (and total), non-negative, the database time within the service time', async () => {
    const res = await submit(true)
    expect(res.status).toBe(200)
    const header = res.headers['server-timing']
    expect(header).toMatch(
      /^auth;dur=[\d.]+, validate;dur=[\d.]+, service;dur=[\d.]+, db;dur=[\d.]+, total;dur=[\d.]+$/,
    )
    const t = parseServerTiming(String(header))
    for (const phase of ['auth', 'validate', 'service', 'db', 'total']) expect(t[phase]).toBeGreaterThanOrEqual(0)
    // the submit writes to the database inside its handler, so some command time is attributed to it
    expect(t.db).toBeGreaterThan(0)
    expect(t.db).toBeLessThanOrEqual(t.service)
    expect(t.auth + t.validate + t.service).toBeLessThanOrEqual(t.total)
  })

  it('submits at once share their writes (a group commit): each still answers the time it waited on the database', async () => {
    const all = await Promise.all(tokens.map((t) => submit(true, t)))
    for (const res of all) {
      expect(res.status).toBe(200)
      const t = parseServerTiming(String(res.headers['server-timing']))
      // the shared command's time is each waiting request's, not only the one that happened to send it
      expect(t.db).toBeGreaterThan(0)
      expect(t.db).toBeLessThanOrEqual(t.service)
    }
  })

  it('off (the default): no Server-Timing header', async () => {
    const res = await submit(false)
    expect(res.status).toBe(200)
    expect(res.headers['server-timing']).toBeUndefined()
    expect(loadConfig({ NODE_ENV: 'test' }).http.serverTiming).toBe(false)
    expect(loadConfig({ NODE_ENV: 'test', SERVER_TIMING: '1' }).http.serverTiming).toBe(true)
  })
})
