import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'

describe('mini-program login and binding', () => {
  let f: ApiFixture
  // the login allowance is per client and every test here calls from the same address: the flood test
  // gets an API of its own (its own limiter) so that it spends no other test's allowance
  beforeAll(async () => {
    f = await apiFixture('mp_login')
  })
  afterAll(async () => f.close())

  it('exchanges a WeChat code for a session token and binds the user with the unit bind code', async () => {
    f.c.clock.set('2027-07-01T02:00:00Z') // the instant expiresAt is counted from
    const login = await request(f.app.callback()).post('/api/mp/login').send({ code: 'good1' })
    expect(login.status).toBe(200)
    expect(login.body).toEqual({ token: expect.any(String), expiresAt: '2027-07-01T04:00:00.000Z', unit: null })
    const auth = `Bearer ${login.body.token}`
    // not bound yet: unit routes refuse, /me and /bind work
    expect((await request(f.app.callback()).get('/api/mp/tasks').set('Authorization', auth)).status).toBe(403)
    expect((await request(f.app.callback()).get('/api/mp/me').set('Authorization', auth)).body).toEqual({ unit: null })
    const wrong = await request(f.app.callback())
      .post('/api/mp/bind')
      .set('Authorization', auth)
      .send({ bindCode: 'ZZZZZZZZ' })
    expect(wrong.status).toBe(404)
    expect(wrong.body.error).toMatchObject({
      code: 'invalid_bind_code',
      message: expect.stringContaining('绑定码无效'),
    })
    const code = await f.s.bindCodes.get('S1')
    const bind = await request(f.app.callback())
      .post('/api/mp/bind')
      .set('Authorization', auth)
      .send({ bindCode: code.toLowerCase() })
    expect(bind.status).toBe(200)
    expect(bind.body.unit).toEqual({ code: 'S1', name: '县第一中学' })
    expect((await request(f.app.callback()).get('/api/mp/tasks').set('Authorization', auth)).status).toBe(200)
  })

  it('rotating the bind code keeps people already bound and refuses the old code', async () => {
    const token = await f.unitUser('S2', 'rot1')
    const old = await f.s.bindCodes.get('S2')
    const rotated = await request(f.app.callback())
      .post('/api/admin/units/S2/bind-code/rotate')
      .set('Authorization', `Bearer ${f.tokens.admin}`)
    expect(rotated.status).toBe(200)
    expect(rotated.body.bindCode).not.toBe(old)
    expect(
      (await request(f.app.callback()).get('/api/mp/me').set('Authorization', `Bearer ${token}`)).body.unit.code,
    ).toBe('S2')
    const other = await request(f.app.callback()).post('/api/mp/login').send({ code: 'rot2' })
    const reuse = await request(f.app.callback())
      .post('/api/mp/bind')
      .set('Authorization', `Bearer ${other.body.token}`)
      .send({ bindCode: old })
    expect(reuse.status).toBe(404)
  })

  it('maps WeChat errors to clear JSON errors: invalid code 400, quota 429, outage 502', async () => {
    const bad = await request(f.app.callback()).post('/api/mp/login').send({ code: 'bad-code' })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatchObject({ code: 'invalid_code', message: expect.stringContaining('登录凭证无效') })
    const busy = await request(f.app.callback()).post('/api/mp/login').send({ code: 'busy-1' })
    expect(busy.status).toBe(429)
    const down = await request(f.app.callback()).post('/api/mp/login').send({ code: 'down-1' })
    expect(down.status).toBe(502)
    expect(down.body.error.code).toBe('wechat_unavailable')
  })

  it('refuses a forged, expired or missing token with 401', async () => {
    const login = await request(f.app.callback()).post('/api/mp/login').send({ code: 'exp1' })
    const forged = `${login.body.token.slice(0, -4)}AAAA`
    expect((await request(f.app.callback()).get('/api/mp/me').set('Authorization', `Bearer ${forged}`)).status).toBe(
      401,
    )
    expect((await request(f.app.callback()).get('/api/mp/me')).status).toBe(401)
    // used while valid first, so the expiry below is checked on a token this process has verified before
    const valid = await request(f.app.callback()).get('/api/mp/me').set('Authorization', `Bearer ${login.body.token}`)
    expect(valid.status).toBe(200)
    f.c.clock.advance(2 * 3600_000 - 1000)
    expect(
      (await request(f.app.callback()).get('/api/mp/me').set('Authorization', `Bearer ${login.body.token}`)).status,
    ).toBe(200)
    f.c.clock.advance(-(2 * 3600_000 - 1000))
    f.c.clock.advance(3 * 3600_000)
    const expired = await request(f.app.callback()).get('/api/mp/me').set('Authorization', `Bearer ${login.body.token}`)
    f.c.clock.advance(-3 * 3600_000)
    expect(expired.status).toBe(401)
    expect(expired.body.error.code).toBe('unauthorized')
  })

  it('rate-limits login attempts per client', async () => {
    const g = await apiFixture('mp_login_flood', { loginPerMinute: 8 })
    try {
      const statuses: number[] = []
      for (let i = 0; i < 10; i++)
        statuses.push(
          (
            await request(g.app.callback())
              .post('/api/mp/login')
              .send({ code: `flood${i}` })
          ).status,
        )
      expect(statuses).toContain(429)
      const limited = await request(g.app.callback()).post('/api/mp/login').send({ code: 'flood-last' })
      expect(limited.status).toBe(429)
      expect(limited.body.error.code).toBe('rate_limited')
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    } finally {
      await g.close()
    }
  })
})
