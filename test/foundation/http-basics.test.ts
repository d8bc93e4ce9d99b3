import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import Router from '@koa/router'
import request from 'supertest'
import type { Connection } from 'mongoose'
import { createApp } from '../../src/http/app.js'
import { healthRoutes } from '../../src/http/routes/health.js'
import { RoleStatus } from '../../src/role-status.js'
import { AppError } from '../../src/errors.js'
import { readJsonBody } from '../../src/http/middleware/json-body.js'
import { createLogger } from '../../src/logger.js'
import { openTestDb, closeTestDb } from '../support/db.js'

describe('HTTP basics', () => {
  let db: Connection
  let dbUp = true
  const roles = new RoleStatus()
  const logger = createLogger('silent')
  const boom = new Router()
  boom.get('/boom', () => {
    throw new Error('secret internals at /srv/app.ts:42')
  })
  boom.get('/conflict', () => {
    throw AppError.conflict('round_locked', '本轮填报已锁定', { roundId: 'r1' })
  })
  boom.post('/echo', async (ctx) => {
    ctx.body = { got: await readJsonBody(ctx) }
  })
  let app: ReturnType<typeof createApp>

  beforeAll(async () => {
    db = await openTestDb('http')
    const ping = async () => {
      if (!dbUp || !db.db) return false
      await db.db.admin().ping()
      return true
    }
    const botState = async () => ({ status: 'waiting-for-scan', updatedAt: new Date('2027-07-01T00:00:00Z') })
    app = createApp({
      logger,
      bodyLimit: '1kb',
      corsOrigins: [],
      routers: [healthRoutes({ ping, roles, botState }), boom],
    })
    roles.set('api', { state: 'listening', ready: true, required: true })
  })
  afterAll(async () => closeTestDb(db))

  it('GET /healthz is 200', async () => {
    const res = await request(app.callback()).get('/healthz')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ok' })
    expect(res.headers['x-request-id']).toMatch(/[\w-]{8,}/)
  })

  it('GET /readyz is 200 with the database up and shows each role', async () => {
    const res = await request(app.callback()).get('/readyz')
    expect(res.status).toBe(200)
    expect(res.body.database).toBe('up')
    expect(res.body.roles.api.state).toBe('listening')
    expect(res.body.bot.status).toBe('waiting-for-scan') // stored by the bot process, shown by any API process
  })

  it('GET /readyz is 503 while the database is down', async () => {
    dbUp = false
    const res = await request(app.callback()).get('/readyz')
    dbUp = true
    expect(res.status).toBe(503)
    expect(res.body).toMatchObject({ status: 'not_ready', database: 'down' })
  })

  it('GET /readyz is 503 while a required role is not ready, 200 when an optional one is not', async () => {
    roles.set('worker', { state: 'waiting-for-database', ready: false, required: true })
    expect((await request(app.callback()).get('/readyz')).status).toBe(503)
    roles.set('worker', { state: 'running', ready: true, required: true })
    roles.set('bot', { state: 'logged-out', ready: false, required: false })
    expect((await request(app.callback()).get('/readyz')).status).toBe(200)
  })

  it('maps an AppError to its status and the JSON error shape', async () => {
    const res = await request(app.callback()).get('/conflict')
    expect(res.status).toBe(409)
    expect(res.body).toEqual({ error: { code: 'round_locked', message: '本轮填报已锁定', details: { roundId: 'r1' } } })
  })

  it('answers an unexpected error with a generic 500 and the request id, never the stack', async () => {
    const res = await request(app.callback()).get('/boom').set('X-Request-Id', 'req-12345678')
    expect(res.status).toBe(500)
    expect(res.body).toEqual({
      error: { code: 'internal', message: expect.any(String), details: { requestId: 'req-12345678' } },
    })
    expect(JSON.stringify(res.body)).not.toMatch(/secret|\.ts|at /)
  })

  it('refuses malformed JSON with 400 and an oversized body with 413', async () => {
    const bad = await request(app.callback()).post('/echo').set('Content-Type', 'application/json').send('{"a":')
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('bad_request')
    const big = await request(app.callback())
      .post('/echo')
      .send({ text: 'x'.repeat(5000) })
    expect(big.status).toBe(413)
    expect(big.body.error.code).toBe('payload_too_large')
  })

  it('answers an unknown route with a JSON 404', async () => {
    const res = await request(app.callback()).get('/nowhere')
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('not_found')
  })
})
