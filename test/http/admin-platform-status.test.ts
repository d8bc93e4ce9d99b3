import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { apiFixture, type ApiFixture } from './support/api-fixture.js'
import { openRound } from './support/rounds.js'

/** The platform's status export as the shipped mapping reads it (statusExport: 单位代码 · 单位名称 · 项目代码 · 审核状态). */
const HEAD = '单位代码,单位名称,项目代码,审核状态'
const csv = (...rows: string[]) => [HEAD, ...rows].join('\n')

describe('admin: the platform status import marks 已录入 (kind=status)', () => {
  let f: ApiFixture
  const upload = (query: string, body: string, token = f.tokens.admin) =>
    request(f.app.callback())
      .post(`/api/admin/import/platform?${query}`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'text/csv')
      .send(body)
  const entries = async (roundId: string) => {
    const res = await request(f.app.callback())
      .get(`/api/admin/rounds/${roundId}/progress`)
      .set('Authorization', `Bearer ${f.tokens.admin}`)
      .expect(200)
    return Object.fromEntries(
      (res.body.units as { unitCode: string; platformEntry?: { source: string; by: string } }[]).map((u) => [
        u.unitCode,
        u.platformEntry,
      ]),
    )
  }
  const FILE = csv(
    'S1,卫生院,S1-P1,审核通过',
    'S1,卫生院,,待审核', // every row of S1 is in an entered status → entered
    'D1,卫健局,,待送审', // not yet sent for review → not entered
    ',,S2-P1,审核通过', // no unit code: the unit of S2-P1 (S2) …
    'S2,,,被退回', // … but another row of S2 was returned → S2 is not entered
    'T1,,,已审核', // entered, but not in this round
    'X99,,,审核通过', // the directory does not know it
    ',合计,,', // a total line is passed over
  )

  beforeEach(async () => {
    f = await apiFixture('admin_platform_status')
  })
  afterEach(async () => f.close())

  it('marks the units whose rows are all entered, in the open round; dry run first; re-import keeps the first', async () => {
    const roundId = await openRound(f, {
      units: ['D1', 'S1', 'D2', 'S2'].map((unitCode) => ({ unitCode, forms: ['disclosure'] })),
    })
    const preview = await upload('kind=status&dryRun=1', FILE).expect(200)
    const expected = {
      kind: 'status',
      roundId,
      rows: 7,
      marked: ['S1'],
      already: [],
      notInRound: ['T1'],
      unknown: ['X99'],
      notEntered: [
        { unitCode: 'D1', rows: [{ row: 4, status: '待送审' }] },
        { unitCode: 'S2', rows: [{ row: 6, status: '被退回' }] },
      ],
    }
    expect(preview.body).toEqual({ ...expected, dryRun: true })
    expect(Object.values(await entries(roundId)).filter(Boolean)).toEqual([])

    const done = await upload('kind=status', FILE).expect(200)
    expect(done.body).toEqual({ ...expected, dryRun: false })
    expect(await entries(roundId)).toMatchObject({ S1: { source: 'import', by: 'admin:admin' } })
    expect((await entries(roundId)).S2).toBeUndefined()

    f.c.clock.set('2027-07-02T02:00:00Z')
    const again = await upload(`kind=status&roundId=${roundId}`, FILE).expect(200)
    expect(again.body).toMatchObject({
      marked: [],
      already: [{ unitCode: 'S1', platformEntry: { source: 'import', at: '2027-07-01T02:00:00.000Z' } }],
    })

    const audit = await request(f.app.callback())
      .get('/api/admin/audit?limit=50')
      .set('Authorization', `Bearer ${f.tokens.admin}`)
    expect(audit.body.entries).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'POST /api/admin/import/platform', status: 200 })]),
    )
  })

  it('bureau admin only (the route’s entry in the authorization matrix, here for kind=status)', async () => {
    const roundId = await openRound(f)
    for (const token of [f.tokens.viewer, f.tokens.reviewer, await f.unitUser('S1')])
      expect((await upload('kind=status', FILE, token)).status).toBe(403)
    const anonymous = await request(f.app.callback())
      .post('/api/admin/import/platform?kind=status')
      .set('Content-Type', 'text/csv')
      .send(FILE)
    expect(anonymous.status).toBe(401)
    expect(Object.values(await entries(roundId)).filter(Boolean)).toEqual([])
  })

  it('a file with bad rows is a 422 listing them by row and column, and marks nothing', async () => {
    const roundId = await openRound(f)
    const res = await upload('kind=status', csv('S1,卫生院,,审核通过', 'D1,卫健局,,', ',某单位,,审核通过'))
    expect(res.status).toBe(422)
    expect(res.body.error.details.errors).toEqual([
      { row: 3, column: 'D', header: '审核状态', message: '状态必填' },
      { row: 4, column: 'A', header: '单位代码', message: '单位代码或项目代码必填' },
    ])
    expect(Object.values(await entries(roundId)).filter(Boolean)).toEqual([])
  })

  it('the round: named by roundId, else the one open round; none or several open asks for roundId', async () => {
    const body = csv('S1,卫生院,,审核通过')
    expect((await upload('kind=status', body)).status).toBe(400)
    const first = await openRound(f)
    const second = await openRound(f)
    const several = await upload('kind=status', body)
    expect(several.status).toBe(400)
    expect(several.body.error.message).toContain('roundId')
    expect((await upload(`kind=status&roundId=${second}`, body).expect(200)).body).toMatchObject({
      roundId: second,
      marked: ['S1'],
    })
    expect((await entries(first)).S1).toBeUndefined()
    expect((await upload('kind=status&roundId=0123456789abcdef01234567', body)).status).toBe(404)
    expect((await upload(`kind=budgets&roundId=${first}`, body)).status).toBe(400)
  })
})
