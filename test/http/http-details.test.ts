import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type Koa from 'koa'
import mongoose, { type Connection } from 'mongoose'
import request from 'supertest'
import { createApp } from '../../src/http/app.js'
import { apiRouter } from '../../src/http/routes/api-routes.js'
import { createLogger } from '../../src/logger.js'
import { testContainer } from '../support/container.js'
import { projectModel } from '../../src/db/models/project.js'
import type { Indicator } from '../../src/domain/types.js'
import { routeStatuses } from '../../src/http/route-statuses.js'
import { openApiPath } from '../../src/http/openapi.js'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'
import { onTrackAnswers, openRound } from './support/rounds.js'

type Op = {
  responses: Record<string, unknown>
  requestBody?: { required?: boolean }
  parameters?: { name: string; schema: { maximum?: number; default?: unknown } }[]
}
type Doc = { paths: Record<string, Record<string, Op>> }

function expectEnvelope(res: request.Response, status: number, code: string): void {
  expect({ status: res.status, type: res.type }).toEqual({ status, type: 'application/json' })
  expect(Object.keys(res.body)).toEqual(['error'])
  expect(Object.keys(res.body.error).sort()).toEqual(['code', 'details', 'message'])
  expect(res.body.error).toMatchObject({ code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) })
}

describe('HTTP details: methods, documented statuses, paging, body after auth, drafts, 是/否', () => {
  let f: ApiFixture
  let roundId: string
  let unit: string
  let admin: string
  let doc: Doc
  const draft = (form: string) => `/api/mp/rounds/${roundId}/forms/${form}/draft`
  beforeAll(async () => {
    f = await apiFixture('http_details', { bodyLimit: '16kb' })
    // a qualitative indicator asks 全年能否实现 (yes/no)
    const qualitative: Indicator = {
      code: 'I4',
      level1: '效益指标',
      level2: '社会效益',
      name: '校舍安全状况',
      comparator: '=',
      target: '明显改善',
      measure: '',
      basis: 'qualitative',
    }
    await projectModel(f.db).updateOne({ code: 'S1-P1' }, { $push: { indicators: qualitative } })
    roundId = await openRound(f)
    unit = `Bearer ${await f.unitUser('S1')}`
    admin = `Bearer ${f.tokens.admin}`
    doc = (await request(f.app.callback()).get('/api/openapi.json')).body as Doc
  })
  afterAll(async () => f.close())

  it('answers a method a known path lacks with a JSON 405 and Allow, an unknown path with a JSON 404 — never a plain-text 501', async () => {
    const api = request(f.app.callback())
    const trace = await api.trace('/api/mp/tasks').set('Authorization', unit)
    expectEnvelope(trace, 405, 'method_not_allowed')
    expect(trace.headers.allow.split(', ')).toEqual(expect.arrayContaining(['GET', 'HEAD']))
    expectEnvelope(await api.delete('/api/admin/rounds').set('Authorization', admin), 405, 'method_not_allowed')
    expectEnvelope(await api.patch('/api/openapi.json'), 405, 'method_not_allowed')
    expectEnvelope(await api.trace('/anything/at/all'), 404, 'not_found')
    expect((await api.get('/api/mp/tasks').set('Authorization', unit)).status).toBe(200) // the right method still works
  })

  it('authenticates before it reads a body: an anonymous oversized, malformed or non-JSON body is a 401', async () => {
    const api = request(f.app.callback())
    expectEnvelope(await api.put(draft('disclosure')).send({ answers: { x: 'y'.repeat(40_000) } }), 401, 'unauthorized')
    expectEnvelope(
      await api.put(draft('disclosure')).set('Content-Type', 'application/json').send('{"answers":'),
      401,
      'unauthorized',
    )
    expectEnvelope(
      await api.put(draft('disclosure')).set('Content-Type', 'text/plain').send('answers'),
      401,
      'unauthorized',
    )
    // signed in, the same bodies meet the body rules
    expectEnvelope(
      await api
        .put(draft('disclosure'))
        .set('Authorization', unit)
        .send({ answers: { x: 'y'.repeat(40_000) } }),
      413,
      'payload_too_large',
    )
    expectEnvelope(
      await api.put(draft('disclosure')).set('Authorization', unit).set('Content-Type', 'text/plain').send('answers'),
      415,
      'unsupported_media_type',
    )
    expectEnvelope(
      await api.post('/api/admin/units/S1/bind-code/rotate').set('Authorization', admin).send({ any: 1 }),
      400,
      'bad_request',
    )
  })

  it('pages with one definition: the notices cap is 200 in the document and the code; an empty offset is a 400', async () => {
    const param = (path: string, name: string) => doc.paths[path].get.parameters?.find((p) => p.name === name)?.schema
    expect(param('/api/admin/notices', 'limit')).toMatchObject({ maximum: 200, default: 200 })
    expect(param('/api/admin/units', 'limit')).toMatchObject({ maximum: 1000, default: 200 })
    const api = request(f.app.callback())
    expect((await api.get('/api/admin/notices?limit=200').set('Authorization', admin)).status).toBe(200)
    expectEnvelope(await api.get('/api/admin/notices?limit=201').set('Authorization', admin), 400, 'bad_request')
    expectEnvelope(await api.get('/api/admin/units?limit=1001').set('Authorization', admin), 400, 'bad_request')
    expectEnvelope(await api.get('/api/admin/units?offset=').set('Authorization', admin), 400, 'bad_request')
    expectEnvelope(
      await api.get(`/api/admin/rounds/${roundId}/progress?offset=&limit=5`).set('Authorization', admin),
      400,
      'bad_request',
    )
    expect((await api.get('/api/admin/units?offset=0').set('Authorization', admin)).status).toBe(200)
  })

  it('documents every status each route can answer, and marks request bodies required', () => {
    for (const r of f.routes) {
      const op = doc.paths[openApiPath(r.path)][r.method]
      expect({ route: `${r.method} ${r.path}`, statuses: Object.keys(op.responses).map(Number) }).toEqual({
        route: `${r.method} ${r.path}`,
        statuses: routeStatuses(r),
      })
      if (r.body || r.upload) expect(op.requestBody?.required).toBe(true)
    }
    const submit = doc.paths['/api/mp/rounds/{roundId}/forms/{form}/submit'].post.responses
    expect(Object.keys(submit)).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '422', '503'])
    expect(Object.keys(doc.paths['/api/mp/bind'].post.responses)).toEqual(expect.arrayContaining(['404', '429']))
    expect(Object.keys(doc.paths['/api/admin/units/import'].post.responses)).toEqual(
      expect.arrayContaining(['413', '415', '422']),
    )
  })

  it('documents what the code refuses: real dates, trimmed text, answer keys and values (found by schemathesis)', async () => {
    const api = request(f.app.callback())
    type Schema = {
      properties: Record<
        string,
        Schema & {
          pattern?: string
          format?: string
          propertyNames?: { pattern?: string }
          additionalProperties?: unknown
        }
      >
    }
    const body = (path: string, method: string) =>
      (doc.paths[path][method] as unknown as { requestBody: { content: { 'application/json': { schema: Schema } } } })
        .requestBody.content['application/json'].schema
    // a date the pattern allows is a real day: 2027-02-30 is refused by both
    const until = body('/api/admin/rounds/{roundId}/units/{unitCode}/extension', 'put').properties.until
    expect(until.format).toBe('date')
    expect(new RegExp(until.pattern ?? '').test('2027-02-30')).toBe(false)
    expectEnvelope(await api.delete('/api/admin/calendar/2027-02-30').set('Authorization', admin), 400, 'bad_request')
    // "at least 2 characters" counts after trimming, and the document says so with a pattern
    const title = body('/api/admin/notices', 'post').properties.title
    expect(new RegExp(title.pattern ?? '').test(' ü')).toBe(false)
    const notice = { title: ' ü', body: '正文', targets: { kind: 'all' } }
    expectEnvelope(await api.post('/api/admin/notices').set('Authorization', admin).send(notice), 400, 'bad_request')
    // answer keys never start with $; values are what a question stores (no objects)
    const answers = body('/api/mp/rounds/{roundId}/forms/{form}/draft', 'put').properties.answers
    expect(new RegExp(answers.propertyNames?.pattern ?? '').test('$where')).toBe(false)
    expectEnvelope(
      await api
        .put(draft('disclosure'))
        .set('Authorization', unit)
        .send({ answers: { departmentUrl: { nested: 1 } } }),
      400,
      'bad_request',
    )
  })

  it('refuses draft keys the form does not have with a 422 naming them, and saves nothing', async () => {
    const api = request(f.app.callback())
    const res = await api
      .put(draft('disclosure'))
      .set('Authorization', unit)
      .send({ answers: { departmentUrl: 'https://www.example.gov.cn/a.html', 'no.such.field': 1, another: 'x' } })
    expectEnvelope(res, 422, 'validation_failed')
    expect(res.body.error.message).toContain('no.such.field')
    expect(res.body.error.details.fields.map((x: { path: string }) => x.path)).toEqual(['no.such.field', 'another'])
    const form = await api.get(`/api/mp/rounds/${roundId}/forms/disclosure`).set('Authorization', unit)
    expect(form.body.latest).toBeNull()
  })

  it('takes 是 and 否 for a yes/no answer, as the form description says, and stores true/false', async () => {
    const api = request(f.app.callback())
    const described = await api.get(`/api/mp/rounds/${roundId}/forms/project`).set('Authorization', unit)
    const questions = described.body.blocks.flatMap(
      (b: { questions: { path: string; kind: string; hint?: string; example?: string }[] }) => b.questions,
    )
    const yesNo = questions.filter((q: { kind: string }) => q.kind === 'yes-no')
    expect(yesNo.length).toBeGreaterThan(0)
    expect(yesNo[0]).toMatchObject({ example: '是' })
    const saved = await api
      .put(draft('project'))
      .set('Authorization', unit)
      .send({ answers: { [yesNo[0].path]: '否' } })
    expect(saved.status).toBe(200)
    expect(saved.body.errors).toEqual([])
    expect(saved.body.submission.answers[yesNo[0].path]).toBe(false)
    const answers = onTrackAnswers(described.body)
    for (const q of yesNo) answers[q.path] = '是'
    const submitted = await api
      .post(`/api/mp/rounds/${roundId}/forms/project/submit`)
      .set('Authorization', unit)
      .send({ answers, overwrite: true })
    expect(submitted.status).toBe(200)
    expect(submitted.body.submission.answers[yesNo[0].path]).toBe(true)
    const wrong = await api
      .put(draft('project'))
      .set('Authorization', unit)
      .send({ answers: { [yesNo[0].path]: '也许' } })
    expect(wrong.body.errors[0]).toMatchObject({ path: yesNo[0].path, message: expect.stringContaining('是/否') })
  })
})

describe('HTTP details: the database down', () => {
  let conn: Connection
  let app: Koa
  beforeAll(() => {
    // a server that is not there: every operation fails after a short buffering wait, as in an outage
    // bufferTimeoutMS is a mongoose option its ConnectOptions type lacks (a variable skips the literal check)
    const quick = { serverSelectionTimeoutMS: 200, bufferTimeoutMS: 200 }
    conn = mongoose.createConnection('mongodb://127.0.0.1:1/tianbao_down', quick)
    conn.on('error', () => undefined)
    const s = testContainer(conn, '2027-07-01T02:00:00Z').api
    app = createApp({
      logger: createLogger('silent'),
      bodyLimit: '16kb',
      corsOrigins: [],
      routers: [apiRouter(s).router],
    })
  })
  afterAll(async () => conn.close().catch(() => undefined))

  it('answers 503 with Retry-After (documented on every route), never a 500', async () => {
    const read = await request(app.callback())
      .get('/api/admin/rounds')
      .set('Authorization', `Bearer tb_${'x'.repeat(43)}`)
    expectEnvelope(read, 503, 'database_unavailable')
    expect(read.headers['retry-after']).toBe('5')
    const write = await request(app.callback())
      .post('/api/admin/rounds/000000000000000000000000/status')
      .set('Authorization', `Bearer tb_${'x'.repeat(43)}`)
      .send({ status: 'open' })
    expectEnvelope(write, 503, 'database_unavailable')
  })
})
