import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'
import { openRound } from './support/rounds.js'
import { roundUnitModel } from '../../src/db/models/round-unit.js'

/** The web console's sign-in (one-time link → expiring session, logout) and its round board over the admin API. */
describe('console session and round board', () => {
  let f: ApiFixture
  let roundId: string
  const get = (path: string, token: string) =>
    request(f.app.callback()).get(path).set('Authorization', `Bearer ${token}`)
  const exchange = (link: string) => request(f.app.callback()).post('/api/admin/session/exchange').send({ link })
  const secretOf = (url: string) => new URL(url).searchParams.get('t') ?? ''

  beforeAll(async () => {
    f = await apiFixture('console-session', {
      loginPerMinute: 1000,
      env: { PUBLIC_BASE_URL: 'https://tb.example.org/' },
    })
    roundId = await openRound(f)
    await f.c.services.submissions.submit(
      { roundId, unitCode: 'S1', form: 'disclosure' },
      { departmentUrl: 'https://www.example.gov.cn/r' },
      { by: 'seed', channel: 'admin' },
    )
    // T1 complete on time (as the submission service records it), so no count on the board is trivially 0
    const t1 = await roundUnitModel(f.db).findOne({ roundId, unitCode: 'T1' }).lean()
    await roundUnitModel(f.db).updateOne(
      { roundId, unitCode: 'T1' },
      { $set: { submitted: t1?.forms ?? [], complete: true, completedAt: f.c.clock.now() } },
    )
  })
  afterAll(async () => f.close())

  it('exchanges a one-time link once for a session bound to the person and role', async () => {
    const { url } = await f.s.consoleLogin.issue({ name: '王芳', role: 'dept_reviewer', unitCode: 'D1' })
    expect(url).toMatch(/^https:\/\/tb\.example\.org\/console\/login\?t=[\w-]{30,}$/)
    const first = await exchange(secretOf(url))
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ name: '王芳', role: 'dept_reviewer', unitCode: 'D1' })
    const me = await get('/api/admin/session', first.body.token)
    expect(me.body).toMatchObject({ name: '王芳', role: 'dept_reviewer', unitCode: 'D1' })
    expect(new Date(me.body.expiresAt).getTime() - f.c.clock.now().getTime()).toBe(8 * 3600_000)
    const again = await exchange(secretOf(url))
    expect(again.status).toBe(404)
    expect(again.body.error.message).toMatch(/登录链接无效、已使用或已过期/)
  })

  it('refuses a link after its 5 minutes, and a session after its 8 hours; logout ends a session at once', async () => {
    const late = await f.s.consoleLogin.issue({ name: '李明', role: 'bureau_admin' })
    f.c.clock.advance(5 * 60_000)
    expect((await exchange(secretOf(late.url))).status).toBe(404)

    const { url } = await f.s.consoleLogin.issue({ name: '李明', role: 'bureau_admin' })
    const token = (await exchange(secretOf(url))).body.token as string
    f.c.clock.advance(8 * 3600_000 - 1000)
    expect((await get('/api/admin/session', token)).status).toBe(200)
    f.c.clock.advance(1000)
    const expired = await get('/api/admin/session', token)
    expect(expired.status).toBe(401)

    const other = (await exchange(secretOf((await f.s.consoleLogin.issue({ name: '李明', role: 'bureau_admin' })).url)))
      .body.token as string
    const out = await request(f.app.callback()).delete('/api/admin/session').set('Authorization', `Bearer ${other}`)
    expect(out.body).toEqual({ ok: true })
    expect((await get('/api/admin/session', other)).status).toBe(401)
    // a CLI token is only forgotten by the console, not revoked
    await request(f.app.callback()).delete('/api/admin/session').set('Authorization', `Bearer ${f.tokens.viewer}`)
    expect((await get('/api/admin/session', f.tokens.viewer)).status).toBe(200)
  })

  it('counts the board as the progress API does, grouped by township and department, scoped for a reviewer', async () => {
    const progress = (await get(`/api/admin/rounds/${roundId}/progress`, f.tokens.viewer)).body
    const board = (await get(`/api/admin/rounds/${roundId}/board`, f.tokens.viewer)).body
    expect(board.counts).toMatchObject({
      expected: progress.expected,
      submitted: progress.submitted,
      onTime: progress.onTime,
      late: progress.late,
      missing: progress.missing,
      partial: progress.partial,
    })
    expect([board.counts.onTime, board.counts.partial, board.counts.missing]).toEqual([1, 1, 4])
    expect(board.townships.map((g: { code: string; onTime: number }) => [g.code, g.onTime])).toEqual([['T1', 1]])
    expect(board.departments.map((g: { code: string; expected: number }) => [g.code, g.expected])).toEqual([
      ['D1', 2],
      ['D2', 2],
    ])
    const reviewer = (await get(`/api/admin/rounds/${roundId}/board`, f.tokens.reviewer)).body
    expect(reviewer.counts.expected).toBe(1)
    expect(reviewer.departments).toEqual([expect.objectContaining({ code: 'D1', name: '县教育体育局', expected: 1 })])

    const page = await get(`/api/admin/rounds/${roundId}/board/units?sort=unitName&order=desc&limit=2`, f.tokens.viewer)
    expect(page.body.total).toBe(5)
    expect(page.body.units).toHaveLength(2)
    const found = await get(`/api/admin/rounds/${roundId}/board/units?q=人民&status=missing`, f.tokens.viewer)
    expect(found.body.units.map((u: { unitCode: string }) => u.unitCode)).toEqual(['S2'])
  })

  it('催报 through the admin API says per unit what was done', async () => {
    const r = await request(f.app.callback())
      .post(`/api/admin/rounds/${roundId}/remind`)
      .set('Authorization', `Bearer ${f.tokens.admin}`)
      .send({ unitCodes: ['S2'] })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ queued: 0, message: '「县人民医院」没有绑定的工作群或成员，请电话联系。' })
  })
})
