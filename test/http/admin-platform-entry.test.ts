import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'

const ALL = ['D1', 'S1', 'D2', 'S2', 'T1']

describe('admin: 已录入 per unit (POST/DELETE platform-entry), the round option and progress', () => {
  let f: ApiFixture
  let auth: string
  const ok = { departmentUrl: 'https://www.example.gov.cn/r' }
  const submit = (roundId: string, unitCode: string) =>
    f.c.services.submissions.submit({ roundId, unitCode, form: 'disclosure' }, ok, {
      by: `test:${unitCode}`,
      channel: 'admin',
    })
  const entry = (roundId: string, unitCode: string, method: 'post' | 'delete' = 'post', token = f.tokens.admin) => {
    const agent = request(f.app.callback())
    const path = `/api/admin/rounds/${roundId}/units/${unitCode}/platform-entry`
    return (method === 'post' ? agent.post(path) : agent.delete(path)).set('Authorization', `Bearer ${token}`)
  }
  const progress = async (roundId: string) => {
    const res = await request(f.app.callback()).get(`/api/admin/rounds/${roundId}/progress`).set('Authorization', auth)
    expect(res.status).toBe(200)
    return res.body as {
      submitted: number
      onTime: number
      missing: number
      awaitingEntry: number
      entered: number
      requirePlatformEntry: boolean
      units: { unitCode: string; status: string; entered: boolean; platformEntry?: { by: string; source: string } }[]
    }
  }
  const row = (p: Awaited<ReturnType<typeof progress>>, code: string) => p.units.find((u) => u.unitCode === code)
  const givenRound = async (requirePlatformEntry?: boolean): Promise<string> => {
    const created = await request(f.app.callback())
      .post('/api/admin/rounds')
      .set('Authorization', auth)
      .send({
        title: '2027年1-6月绩效运行监控',
        year: 2027,
        endMonth: 6,
        dueDate: '2027-07-10',
        units: ALL.map((unitCode) => ({ unitCode, forms: ['disclosure'] })),
        ...(requirePlatformEntry === undefined ? {} : { requirePlatformEntry }),
      })
      .expect(200)
    await request(f.app.callback())
      .post(`/api/admin/rounds/${created.body.id}/status`)
      .set('Authorization', auth)
      .send({ status: 'open' })
      .expect(200)
    return created.body.id as string
  }

  beforeEach(async () => {
    f = await apiFixture('admin_platform_entry')
    auth = `Bearer ${f.tokens.admin}`
  })
  afterEach(async () => f.close())

  it('the bureau marks and clears a unit; marking twice keeps the first; audited; viewers may not', async () => {
    const roundId = await givenRound()
    const first = await entry(roundId, 'S1').expect(200)
    expect(first.body).toMatchObject({
      unitCode: 'S1',
      already: false,
      platformEntry: { source: 'bureau', by: 'admin:admin', at: '2027-07-01T02:00:00.000Z' },
    })
    f.c.clock.set('2027-07-02T02:00:00Z')
    const again = await entry(roundId, 'S1').expect(200)
    expect(again.body).toMatchObject({ already: true, platformEntry: { at: '2027-07-01T02:00:00.000Z' } })
    expect((await entry(roundId, 'S1', 'post', f.tokens.viewer)).status).toBe(403)
    expect((await entry(roundId, 'S1', 'delete', f.tokens.viewer)).status).toBe(403)
    expect((await entry(roundId, 'NOPE')).status).toBe(404)
    expect((await entry('0123456789abcdef01234567', 'S1')).status).toBe(404)
    expect(row(await progress(roundId), 'S1')).toMatchObject({ entered: true, platformEntry: { source: 'bureau' } })

    expect((await entry(roundId, 'S1', 'delete').expect(200)).body).toEqual({ unitCode: 'S1', entered: false })
    expect(row(await progress(roundId), 'S1')).toMatchObject({ entered: false })
    expect(row(await progress(roundId), 'S1')?.platformEntry).toBeUndefined()

    const audit = await request(f.app.callback()).get('/api/admin/audit?limit=50').set('Authorization', auth)
    const actions = audit.body.entries.map((e: { action: string }) => e.action)
    expect(actions).toEqual(
      expect.arrayContaining([
        'POST /api/admin/rounds/:roundId/units/:unitCode/platform-entry',
        'DELETE /api/admin/rounds/:roundId/units/:unitCode/platform-entry',
      ]),
    )
  })

  it('option off: 已录入 is counted and shown, a submitted unit is done without it', async () => {
    const roundId = await givenRound()
    await submit(roundId, 'S1')
    await submit(roundId, 'D1')
    await entry(roundId, 'D2').expect(200) // the bureau may mark a unit before its forms are in
    const p = await progress(roundId)
    expect(p).toMatchObject({
      requirePlatformEntry: false,
      submitted: 2,
      onTime: 2,
      missing: 3,
      awaitingEntry: 0,
      entered: 1,
    })
    expect(row(p, 'S1')).toMatchObject({ status: 'on_time', entered: false })
    expect(row(p, 'D2')).toMatchObject({ status: 'missing', entered: true })
  })

  it('option on (set by PATCH): submitted but not entered is 已提交未录入, done once entered', async () => {
    const roundId = await givenRound(false)
    await request(f.app.callback())
      .patch(`/api/admin/rounds/${roundId}`)
      .set('Authorization', auth)
      .send({ requirePlatformEntry: true })
      .expect(200)
    expect(
      (await request(f.app.callback()).get(`/api/admin/rounds/${roundId}`).set('Authorization', auth)).body,
    ).toMatchObject({
      requirePlatformEntry: true,
    })
    await submit(roundId, 'S1')
    await submit(roundId, 'D1')
    let p = await progress(roundId)
    expect(p).toMatchObject({ requirePlatformEntry: true, submitted: 0, awaitingEntry: 2, missing: 5, entered: 0 })
    expect(row(p, 'S1')?.status).toBe('awaiting_entry')

    // the platform status import marks several at once; unknown codes are reported, not fatal
    const imported = await f.s.platformEntries.markEntered(roundId, ['S1', 'XX'], 'import', 'import:平台状态导出')
    expect(imported).toEqual({ marked: ['S1'], already: [], notInRound: ['XX'] })
    p = await progress(roundId)
    expect(p).toMatchObject({ submitted: 1, onTime: 1, awaitingEntry: 1, missing: 4, entered: 1 })
    expect(row(p, 'S1')).toMatchObject({ status: 'on_time', platformEntry: { source: 'import' } })
    expect(row(p, 'D1')?.status).toBe('awaiting_entry')

    // entered after the due date: done, but late
    f.c.clock.set('2027-07-12T02:00:00Z')
    await entry(roundId, 'D1').expect(200)
    p = await progress(roundId)
    expect(p).toMatchObject({ submitted: 2, onTime: 1, late: 1, awaitingEntry: 0 })
  })
})
