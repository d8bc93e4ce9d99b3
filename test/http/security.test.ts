import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'
import { openRound } from './support/rounds.js'

describe('security: operators, unknown keys, body limits, headers, CORS', () => {
  let f: ApiFixture
  let roundId: string
  let admin: string
  let unit: string
  beforeAll(async () => {
    f = await apiFixture('security', { bodyLimit: '16kb', uploadMaxBytes: 4096 })
    roundId = await openRound(f)
    admin = `Bearer ${f.tokens.admin}`
    unit = `Bearer ${await f.unitUser('S1')}`
  })
  afterAll(async () => f.close())

  it.each([
    [
      'query bracket operator',
      () =>
        request(f.app.callback())
          .get(`/api/admin/submissions?roundId=${roundId}&status[$gt]=`)
          .set('Authorization', admin),
    ],
    [
      'query operator on the required field',
      () => request(f.app.callback()).get('/api/admin/submissions?roundId[$ne]=x').set('Authorization', admin),
    ],
    [
      'body operator in a string field',
      () =>
        request(f.app.callback())
          .post('/api/mp/login')
          .send({ code: { $gt: '' } }),
    ],
    [
      'body operator inside answers',
      () =>
        request(f.app.callback())
          .put(`/api/mp/rounds/${roundId}/forms/disclosure/draft`)
          .set('Authorization', unit)
          .send({ answers: { departmentUrl: { $gt: '' } } }),
    ],
    [
      'operator as an answer key',
      () =>
        request(f.app.callback())
          .put(`/api/mp/rounds/${roundId}/forms/disclosure/draft`)
          .set('Authorization', unit)
          .send({ answers: { $where: 'sleep(1000)' } }),
    ],
    [
      'operator in a comment',
      () =>
        request(f.app.callback())
          .post(`/api/admin/submissions/000000000000000000000000/return`)
          .set('Authorization', admin)
          .send({ comment: { $gt: '' } }),
    ],
    [
      'operator in round settings',
      () =>
        request(f.app.callback())
          .patch(`/api/admin/rounds/${roundId}`)
          .set('Authorization', admin)
          .send({ tolerance: { $gt: 0 } }),
    ],
  ])('rejects %s with a 400 JSON error', async (_name, send) => {
    const res = await send()
    expect(res.status).toBe(400)
    expect(res.body.error).toEqual({ code: 'bad_request', message: expect.any(String), details: expect.anything() })
  })

  it('rejects unknown keys in bodies and queries', async () => {
    const body = await request(f.app.callback()).post('/api/mp/login').send({ code: 'x1', admin: true })
    expect(body.status).toBe(400)
    expect(body.body.error.details.fields[0].path).toBe('body')
    const query = await request(f.app.callback()).get('/api/admin/rounds?sort=-1').set('Authorization', admin)
    expect(query.status).toBe(400)
  })

  it('refuses oversized JSON bodies and uploads with 413', async () => {
    const big = await request(f.app.callback())
      .post('/api/mp/login')
      .send({ code: 'x'.repeat(20_000) })
    expect(big.status).toBe(413)
    expect(big.body.error.code).toBe('payload_too_large')
    const upload = await request(f.app.callback())
      .post('/api/admin/units/import')
      .set('Authorization', admin)
      .set('Content-Type', 'text/csv')
      .send('a,b\n' + '1,2\n'.repeat(2000))
    expect(upload.status).toBe(413)
  })

  it('answers malformed JSON and bad path values with 400/404, never 500', async () => {
    const bad = await request(f.app.callback())
      .post('/api/mp/login')
      .set('Content-Type', 'application/json')
      .send('{"code":')
    expect(bad.status).toBe(400)
    expect(
      (await request(f.app.callback()).get('/api/admin/rounds/not-an-id').set('Authorization', admin)).status,
    ).toBe(400)
    expect(
      (await request(f.app.callback()).get('/api/admin/rounds/%E0%A4%A').set('Authorization', admin)).status,
    ).toBeLessThan(500)
    expect(
      (await request(f.app.callback()).get(`/api/mp/rounds/${roundId}/forms/nope`).set('Authorization', unit)).status,
    ).toBe(400)
  })

  it('sends security headers and CORS only for configured origins', async () => {
    const allowed = await request(f.app.callback())
      .get('/api/openapi.json')
      .set('Origin', 'https://console.example.org')
    expect(allowed.headers['access-control-allow-origin']).toBe('https://console.example.org')
    expect(allowed.headers['x-content-type-options']).toBe('nosniff')
    expect(allowed.headers['content-security-policy']).toBeDefined()
    const other = await request(f.app.callback()).get('/api/openapi.json').set('Origin', 'https://evil.example.com')
    expect(other.headers['access-control-allow-origin']).toBeFalsy()
  })

  it('serves an OpenAPI 3 document generated from the route schemas', async () => {
    const res = await request(f.app.callback()).get('/api/openapi.json')
    expect(res.status).toBe(200)
    expect(res.body.openapi).toMatch(/^3\./)
    const submit = res.body.paths['/api/mp/rounds/{roundId}/forms/{form}/submit'].post
    expect(submit.requestBody.content['application/json'].schema.required).toEqual(['answers'])
    expect(submit.parameters.map((p: { name: string }) => p.name)).toEqual(['roundId', 'form'])
    expect(Object.keys(res.body.paths)).toHaveLength(new Set(f.routes.map((r) => r.path)).size)
  })
})
