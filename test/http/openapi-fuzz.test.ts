import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import request from 'supertest'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'
import { openRound } from './support/rounds.js'

interface Operation {
  parameters?: { name: string; in: string }[]
  responses: Record<string, unknown>
}
type Doc = { paths: Record<string, Record<string, Operation>> }

const nasty = fc.constantFrom(
  '$gt',
  '{"$gt":""}',
  '..%2F..',
  '%00',
  'null',
  '-1',
  '1e309',
  'ＡＢＣ',
  '😀',
  'a'.repeat(300),
  '',
  ' ',
  '[]',
  '000000000000000000000000',
)
const segment = fc.oneof(
  nasty,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 24, maxLength: 24 }),
)
const queryValue = fc.oneof(nasty, fc.string({ maxLength: 30 }), fc.integer().map(String))
const queryKey = fc.oneof(
  fc.constantFrom(
    'limit',
    'offset',
    'year',
    'roundId',
    'unitCode',
    'form',
    'status',
    'status[$gt]',
    'actor',
    'from',
    '__proto__',
    'constructor',
  ),
  fc.string({ maxLength: 12 }),
)
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.oneof(
      fc.constantFrom('answers', 'code', 'bindCode', 'comment', 'status', 'title', '$where', '__proto__'),
      fc.string({ maxLength: 10 }),
    ),
    fc.jsonValue({ maxDepth: 3 }),
  ),
  fc.record({ answers: fc.dictionary(fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 2 })) }),
)

describe('fuzz: every route of the OpenAPI document answers malformed input without a 500, with a documented status', () => {
  let f: ApiFixture
  let doc: Doc
  let auths: (string | undefined)[]
  beforeAll(async () => {
    f = await apiFixture('fuzz', { loginPerMinute: 100_000 })
    await openRound(f)
    doc = (await request(f.app.callback()).get('/api/openapi.json')).body as Doc
    auths = [
      undefined,
      'Bearer garbage-token-xyz',
      `Bearer ${f.tokens.admin}`,
      `Bearer ${f.tokens.reviewer}`,
      `Bearer ${await f.unitUser('S1')}`,
    ]
  })
  afterAll(async () => f.close())

  it('covers every route', () => {
    const ops = Object.entries(doc.paths).flatMap(([p, m]) => Object.keys(m).map((k) => `${k} ${p}`))
    expect(ops).toHaveLength(f.routes.length)
  })

  it('never answers 500 and always answers errors as { error: { code, message, details } }', async () => {
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    )
    for (const { path, method, op } of ops) {
      const names = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name)
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(...names.map(() => segment)),
          fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }),
          body,
          fc.integer({ min: 0, max: auths.length - 1 }),
          fc.constantFrom('json', 'csv', 'raw'),
          async (values, query, payload, who, kind) => {
            let url = path
            names.forEach((n, i) => (url = url.replace(`{${n}}`, encodeURIComponent(values[i]))))
            const qs = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
            let t = request(f.app.callback())[method as 'get'](qs ? `${url}?${qs}` : url)
            if (auths[who]) t = t.set('Authorization', auths[who] as string)
            if (method !== 'get') {
              if (kind === 'json') t = t.send(payload as object)
              else if (kind === 'csv')
                t = t.set('Content-Type', 'text/csv').send(`单位代码,单位名称\n${JSON.stringify(payload)}`)
              else t = t.set('Content-Type', 'application/json').send(JSON.stringify(payload).slice(0, -1))
            }
            const res = await t
            if (res.status >= 500) throw new Error(`${method.toUpperCase()} ${url}?${qs} → ${res.status} ${res.text}`)
            // a path the fuzzed segments made unknown (404 未找到该接口) or another route's (405) is not this operation's
            // answer
            const otherRoute =
              (res.status === 404 && res.body?.error?.details?.path !== undefined) || res.status === 405
            if (!otherRoute && !(String(res.status) in op.responses)) {
              throw new Error(
                `${method.toUpperCase()} ${path} answered ${res.status}, not in its documented ${Object.keys(op.responses).join('/')}: ${url}?${qs} ${res.text.slice(0, 200)}`,
              )
            }
            if (res.status >= 400) {
              expect(Object.keys(res.body)).toEqual(['error'])
              expect(Object.keys(res.body.error).sort()).toEqual(['code', 'details', 'message'])
              expect(res.body.error).toMatchObject({
                code: expect.stringMatching(/^[a-z_]+$/),
                message: expect.any(String),
              })
              expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
            }
          },
        ),
        { numRuns: 25, seed: 20270710 },
      )
    }
  }, 120_000)
})
