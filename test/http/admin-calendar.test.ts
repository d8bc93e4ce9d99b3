import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { ReminderRepository } from '../../src/db/repositories/reminder-repository.js'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'

const NATIONAL_DAY = ['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
  date: `2027-10-${d}`,
  work: false,
  name: '国庆节',
}))

/** The bureau enters a year's 放假/调休 when the holiday package lacks it (chinese-days 1.5.7 ends with 2026). */
describe('admin: the working-day calendar', () => {
  let f: ApiFixture
  let admin: string
  const api = () => request(f.app.callback())
  /** the week of 国庆节 entered as days off (PUT replaces the days it names, whatever was there) */
  const givenNationalDay = () =>
    api().put('/api/admin/calendar').set('Authorization', admin).send({ days: NATIONAL_DAY }).expect(200)
  beforeAll(async () => {
    f = await apiFixture('admin_calendar')
    admin = `Bearer ${f.tokens.admin}`
  })
  afterAll(async () => f.close())

  it('says which years the package knows, and lists what the bureau entered', async () => {
    expect((await api().get('/api/admin/calendar?year=2026').set('Authorization', admin)).body).toEqual({
      year: 2026,
      packageKnows: true,
      days: [],
    })
    const put = await api()
      .put('/api/admin/calendar')
      .set('Authorization', admin)
      .send({ days: [...NATIONAL_DAY, { date: '2027-09-26', work: true, name: '国庆节调休上班' }] })
    expect(put.status).toBe(200)
    expect(put.body).toEqual({ set: 8 })
    const y = (await api().get('/api/admin/calendar?year=2027').set('Authorization', `Bearer ${f.tokens.viewer}`)).body
    expect(y.packageKnows).toBe(false)
    expect(y.days.map((d: { date: string; work: boolean }) => `${d.date}${d.work ? '班' : '休'}`)).toEqual([
      '2027-09-26班',
      ...NATIONAL_DAY.map((d) => `${d.date}休`),
    ])
  })

  it('replaces a day entered again and deletes one; the next sweep reads them', async () => {
    await givenNationalDay()
    await api()
      .put('/api/admin/calendar')
      .set('Authorization', admin)
      .send({ days: [{ date: '2027-10-07', work: true }] })
      .expect(200)
    await api().delete('/api/admin/calendar/2027-10-06').set('Authorization', admin).expect(200)
    const days = (await api().get('/api/admin/calendar?year=2027').set('Authorization', admin)).body.days as {
      date: string
      work: boolean
      name?: string
    }[]
    expect(days.find((d) => d.date === '2027-10-07')).toEqual({ date: '2027-10-07', work: true })
    expect(days.some((d) => d.date === '2027-10-06')).toBe(false)
    // what the reminder sweep builds its calendar from
    const overrides = await new ReminderRepository(f.db).calendarOverrides()
    expect(
      overrides
        .filter((o) => o.date.startsWith('2027-'))
        .map((o) => o.date)
        .sort(),
    ).toEqual(days.map((d) => d.date))
  })

  it('refuses bad input with a 4xx and a clear message, never a 500', async () => {
    const bad = [
      { days: [] },
      { days: [{ date: '2027-13-01', work: false }] },
      { days: [{ date: '2027-10-01' }] },
      { days: [{ date: '2027-10-01', work: false, extra: 1 }] },
      {
        days: [
          { date: '2027-10-01', work: false },
          { date: '2027-10-01', work: true },
        ],
      },
      { days: [{ date: { $gt: '' }, work: false }] },
    ]
    for (const body of bad) {
      const res = await api().put('/api/admin/calendar').set('Authorization', admin).send(body)
      expect([400, 422]).toContain(res.status)
      expect(res.body.error.message).toEqual(expect.any(String))
    }
    expect((await api().delete('/api/admin/calendar/2027-01-01').set('Authorization', admin)).status).toBe(404)
    expect((await api().get('/api/admin/calendar?year=abc').set('Authorization', admin)).status).toBe(400)
  })
})
