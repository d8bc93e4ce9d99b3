import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'

const ALL = ['D1', 'S1', 'D2', 'S2', 'T1']
const ROUND = {
  title: '2027年1-6月绩效运行监控',
  year: 2027,
  endMonth: 6,
  dueDate: '2027-07-10',
  lockDate: '2027-07-31',
  tolerance: 5,
  reminders: { daysBefore: [5, 1], time: '10:00' },
  escalation: { headEmailDay: 2 },
  units: ALL.map((unitCode) => ({ unitCode, forms: ['disclosure'] })),
}

describe('admin rounds and progress', () => {
  let f: ApiFixture
  let auth: string
  const ok = { departmentUrl: 'https://www.example.gov.cn/r' }
  const submit = (roundId: string, unitCode: string) =>
    f.c.services.submissions.submit({ roundId, unitCode, form: 'disclosure' }, ok, {
      by: `test:${unitCode}`,
      channel: 'admin',
    })
  const create = (body: Record<string, unknown> = ROUND) =>
    request(f.app.callback()).post('/api/admin/rounds').set('Authorization', auth).send(body)
  const setStatus = (roundId: string, s: string) =>
    request(f.app.callback()).post(`/api/admin/rounds/${roundId}/status`).set('Authorization', auth).send({ status: s })
  const extend = (roundId: string, unitCode: string, until: string) =>
    request(f.app.callback())
      .put(`/api/admin/rounds/${roundId}/units/${unitCode}/extension`)
      .set('Authorization', auth)
      .send({ until })

  /** the round created and opened through the API */
  const givenOpenRound = async (): Promise<string> => {
    const created = await create()
    if (created.status !== 200) throw new Error(`given round: ${created.status} ${JSON.stringify(created.body)}`)
    const opened = await setStatus(created.body.id, 'open')
    if (opened.status !== 200) throw new Error(`given open: ${opened.status} ${JSON.stringify(opened.body)}`)
    return created.body.id as string
  }
  /** S1 on time (07-01); S2 extended to 07-20; D1 late and S2 within its extension (07-15); D2 and T1 missing */
  const givenProgress = async (roundId: string) => {
    await submit(roundId, 'S1')
    const ext = await extend(roundId, 'S2', '2027-07-20')
    f.c.clock.set('2027-07-15T02:00:00Z')
    await submit(roundId, 'D1') // after the due date: late
    await submit(roundId, 'S2') // after the due date but within its extension: on time
    return ext
  }

  // a county of its own per test: progress, a unit's year and the audit log count every round in the database
  beforeEach(async () => {
    f = await apiFixture('admin_rounds')
    auth = `Bearer ${f.tokens.admin}`
  })
  afterEach(async () => f.close())

  it('creates a round with settings, refuses a duplicate, and moves it through open → closed → open → locked', async () => {
    const created = await create()
    expect(created.status).toBe(200)
    const roundId = created.body.id as string
    expect(created.body).toMatchObject({
      status: 'draft',
      tolerance: 5,
      dueAt: '2027-07-10T15:59:59.999Z',
      reminders: { daysBefore: [5, 1], time: '10:00', quietStart: '21:00' },
      escalation: { headEmailDay: 2, digestFromDay: 2 },
    })
    expect((await create()).status).toBe(409)
    const ghost = await create({ ...ROUND, title: '另一轮', units: [{ unitCode: 'X9', forms: ['disclosure'] }] })
    expect(ghost.status).toBe(422)
    expect(ghost.body.error.details.unknown).toEqual(['X9'])
    const status = (s: string) => setStatus(roundId, s)
    expect((await status('closed')).status).toBe(409)
    expect((await status('open')).body.status).toBe('open')
    expect((await status('closed')).body.status).toBe('closed')
    expect((await status('open')).body.status).toBe('open')
    const patched = await request(f.app.callback())
      .patch(`/api/admin/rounds/${roundId}`)
      .set('Authorization', auth)
      .send({ jumpFactor: 4, lockDate: null })
    expect(patched.status).toBe(200)
    expect(patched.body.jumpFactor).toBe(4)
    expect(patched.body.lockAt).toBeUndefined()
  })

  it('counts on-time, late and missing units, honouring an extension', async () => {
    const roundId = await givenOpenRound()
    const ext = await givenProgress(roundId)
    expect(ext.status).toBe(200)
    const res = await request(f.app.callback())
      .get(`/api/admin/rounds/${roundId}/progress`)
      .set('Authorization', `Bearer ${f.tokens.viewer}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ expected: 5, submitted: 3, onTime: 2, late: 1, missing: 2, partial: 0 })
    const status = Object.fromEntries(
      res.body.units.map((u: { unitCode: string; status: string }) => [u.unitCode, u.status]),
    )
    expect(status).toEqual({ D1: 'late', D2: 'missing', S1: 'on_time', S2: 'on_time', T1: 'missing' })
    expect(res.body.units.find((u: { unitCode: string }) => u.unitCode === 'S2')).toMatchObject({
      extended: true,
      unitName: '县人民医院',
    })
    // the rows are paged by unit code; the counts always cover the whole round
    const paged = await request(f.app.callback())
      .get(`/api/admin/rounds/${roundId}/progress?limit=2&offset=1`)
      .set('Authorization', `Bearer ${f.tokens.viewer}`)
    expect(paged.body).toMatchObject({
      expected: 5,
      submitted: 3,
      onTime: 2,
      late: 1,
      missing: 2,
      page: { offset: 1, limit: 2, total: 5 },
    })
    expect(paged.body.units.map((u: { unitCode: string }) => u.unitCode)).toEqual(['D2', 'S1'])
  })

  it('a department reviewer sees only its own secondary units in the progress', async () => {
    const roundId = await givenOpenRound()
    await givenProgress(roundId)
    const res = await request(f.app.callback())
      .get(`/api/admin/rounds/${roundId}/progress`)
      .set('Authorization', `Bearer ${f.tokens.reviewer}`)
    expect(res.body).toMatchObject({ expected: 1, submitted: 1, onTime: 1 })
    expect(res.body.units.map((u: { unitCode: string }) => u.unitCode)).toEqual(['S1'])
    const other = await request(f.app.callback())
      .get(`/api/admin/rounds/${roundId}/units/S2/progress`)
      .set('Authorization', `Bearer ${f.tokens.reviewer}`)
    expect(other.status).toBe(404)
  })

  it("gives a unit's reporting rate and timeliness over the year", async () => {
    await givenProgress(await givenOpenRound())
    const res = await request(f.app.callback())
      .get('/api/admin/units/D1/timeliness?year=2027')
      .set('Authorization', auth)
    expect(res.body).toEqual({
      unitCode: 'D1',
      year: 2027,
      expected: 1,
      complete: 1,
      onTime: 0,
      reportingRate: 100,
      timeliness: 0,
    })
    const s1 = await request(f.app.callback())
      .get('/api/admin/units/S1/timeliness?year=2027')
      .set('Authorization', auth)
    expect(s1.body).toMatchObject({ reportingRate: 100, timeliness: 100 })
  })

  it('lets the bureau reopen one unit after the lock', async () => {
    const roundId = await givenOpenRound()
    await setStatus(roundId, 'locked')
    await expect(submit(roundId, 'D2')).rejects.toMatchObject({ status: 409, code: 'round_locked' })
    const reopen = await request(f.app.callback())
      .put(`/api/admin/rounds/${roundId}/units/D2/reopen`)
      .set('Authorization', auth)
      .send({ reopened: true })
    expect(reopen.status).toBe(200)
    await expect(submit(roundId, 'D2')).resolves.toMatchObject({ status: 'submitted' })
  })

  it('records every write in the audit log with who, what and when', async () => {
    const roundId = await givenOpenRound()
    expect((await create()).status).toBe(409) // a refused write is recorded too
    await request(f.app.callback())
      .patch(`/api/admin/rounds/${roundId}`)
      .set('Authorization', auth)
      .send({ jumpFactor: 4 })
      .expect(200)
    await extend(roundId, 'S2', '2027-07-20').expect(200)
    const res = await request(f.app.callback()).get('/api/admin/audit?limit=50').set('Authorization', auth)
    expect(res.status).toBe(200)
    const actions = res.body.entries.map((e: { action: string }) => e.action)
    expect(actions).toEqual(
      expect.arrayContaining([
        'POST /api/admin/rounds',
        'PATCH /api/admin/rounds/:roundId',
        'PUT /api/admin/rounds/:roundId/units/:unitCode/extension',
      ]),
    )
    const ext = res.body.entries.find((e: { action: string }) => e.action.endsWith('/extension'))
    expect(ext).toMatchObject({
      actor: 'admin:admin',
      role: 'bureau_admin',
      target: { roundId, unitCode: 'S2' },
      status: 200,
      at: expect.any(String),
    })
    expect(res.body.entries.some((e: { status: number }) => e.status === 409)).toBe(true)
    expect(
      (await request(f.app.callback()).get('/api/admin/audit').set('Authorization', `Bearer ${f.tokens.viewer}`))
        .status,
    ).toBe(403)
  })
})
