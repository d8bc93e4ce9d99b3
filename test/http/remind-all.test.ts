import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import request from 'supertest'
import { roundUnitModel } from '../../src/db/models/round-unit.js'
import type { ApiFixture } from './support/api-fixture.js'
import { noticeCounty } from '../notices/support/notice-county.js'
import { openRound } from './support/rounds.js'

/**
 * 全部催报 from the console: every unit still missing a form, in one request, read and queued in batches
 * (src/services/reminders/manual-reminder.ts remindMany). The notices' small county: D1 and T1 have their own
 * groups, S1's clerk sits in a shared group, D2 and S2 have none; T1 has filed everything.
 */
describe('POST /api/admin/rounds/:id/remind without unitCodes', () => {
  let f: ApiFixture
  let roundId: string
  const remind = (body: object) =>
    request(f.app.callback())
      .post(`/api/admin/rounds/${roundId}/remind`)
      .set('Authorization', `Bearer ${f.tokens.admin}`)
      .send(body)

  beforeAll(async () => {
    f = await noticeCounty('remind-all')
    roundId = await openRound(f)
    const t1 = await roundUnitModel(f.db).findOne({ roundId, unitCode: 'T1' }).lean()
    await roundUnitModel(f.db).updateOne(
      { roundId, unitCode: 'T1' },
      {
        $set: { submitted: t1?.forms ?? [], complete: true, completedAt: f.c.clock.now() },
      },
    )
  })
  afterAll(async () => f.close())

  it('reminds every missing unit once, says per unit what was done, and skips the complete one', async () => {
    const r = await remind({})
    expect(r.status).toBe(200)
    const byUnit = Object.fromEntries(
      (r.body.units as { unitCode: string; result: string; message: string }[]).map((u) => [u.unitCode, u]),
    )
    expect(Object.keys(byUnit).sort()).toEqual(['D1', 'D2', 'S1', 'S2'])
    expect(byUnit.D1).toMatchObject({
      result: 'queued',
      message: expect.stringMatching(/^已向「.+」工作群发送催报。$/),
    })
    expect(byUnit.S1).toMatchObject({ result: 'queued', message: expect.stringContaining('所在群「部门绩效工作群」') })
    expect(byUnit.D2.result).toBe('unreachable')
    expect(byUnit.S2.result).toBe('unreachable')
    expect(r.body).toMatchObject({
      queued: 2,
      message: '已为 2 个单位发送催报，2 个未发送（已报齐或没有绑定的群，详见列表）。',
    })

    const queued = await f.c.outbox.model
      .find({ 'meta.kind': 'manual-reminder' }, { target: 1, text: 1, meta: 1 })
      .sort({ key: 1 })
      .lean()
    expect(queued.map((m) => m.meta?.unitCodes)).toEqual([['D1'], ['S1']])
    expect(queued[0].target).toMatchObject({ roomId: 'R-D1' })
    expect(queued[1].target).toMatchObject({ roomId: 'R-SH', mentions: [{ id: 'm-s1', name: '一中会计' }] })
    for (const m of queued) expect(m.text).toMatch(/^【催报】.+尚未报送：.+。截止 2027\/7\/10，请尽快发送“填报”完成。$/)
  })

  it('answers a named complete unit, as the bot does, and queues nothing for it', async () => {
    const before = await f.c.outbox.model.countDocuments()
    const r = await remind({ unitCodes: ['T1'] })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ queued: 0, message: expect.stringMatching(/^「.+」已报齐，无需催报。$/) })
    expect(await f.c.outbox.model.countDocuments()).toBe(before)
  })
})
